package whispermodel

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fetchWithin runs f.Fetch, failing the test instead of hanging when it
// does not return: what these tests are about is that it returns.
func fetchWithin(t *testing.T, f *Fetcher, m Model, dir string) (Result, error) {
	t.Helper()
	type outcome struct {
		res Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := f.Fetch(context.Background(), m, dir)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(20 * time.Second):
		t.Fatal("Fetch still running after 20 s")
		return Result{}, nil
	}
}

// noFiles fails when dir holds anything: no model, no partial download.
func noFiles(t *testing.T, dir string) {
	t.Helper()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind: %v", names)
	}
}

// drip writes text to the hijacked connection of w one byte every
// interval until the client goes away.
func drip(w http.ResponseWriter, head string, text string, interval time.Duration) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	buf.WriteString(head)
	buf.Flush()
	for i := 0; ; i = (i + 1) % len(text) {
		if _, err := conn.Write([]byte{text[i]}); err != nil {
			return
		}
		time.Sleep(interval)
	}
}

// A server that accepts and then says nothing, one that drips its
// headers, and one that drips the file a byte at a time are each given up
// after Idle, every attempt; the command ends.
func TestFetchGivesUpOnHostileServers(t *testing.T) {
	m, _ := testModel(t, 100<<10)
	for _, c := range []struct {
		name   string
		behave func(w http.ResponseWriter, r *http.Request)
		want   string
	}{
		{"silent", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}, "no answer from the server in 300ms"},
		{"dripping headers", func(w http.ResponseWriter, r *http.Request) {
			drip(w, "HTTP/1.1 200 OK\r\n", "X-Slow: abcdefghijklmnopqrstuvwxyz\r\n", 20*time.Millisecond)
		}, "no answer from the server in 300ms"},
		{"dripping the file", func(w http.ResponseWriter, r *http.Request) {
			drip(w, "HTTP/1.1 200 OK\r\nContent-Length: 102400\r\n\r\n", "model bytes", 20*time.Millisecond)
		}, "bytes from the server in 300ms"},
		{"headers, then nothing", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "102400")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, "no data from the server for 300ms"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var s server
			ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) { c.behave(w, r) })
			f := fetcher(ts.URL)
			f.Idle, f.Retries = 300*time.Millisecond, 1
			dir := t.TempDir()
			res, err := fetchWithin(t, f, m, dir)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "download "+ts.URL+"/ggml-test.en.bin") {
				t.Fatalf("err = %v; want %q, naming the address", err, c.want)
			}
			if res.Requests != 2 {
				t.Errorf("%d requests; want the first and one retry", res.Requests)
			}
			noFiles(t, dir) // nothing worth resuming arrived
		})
	}
}

// A server that sends slowly but steadily is not taken for a silent one.
func TestFetchSlowButSteadyServerIsNotGivenUp(t *testing.T) {
	m, data := testModel(t, 64<<10)
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		serveFrom(w, r, data)
		for i := 0; i < len(data); i += 4 << 10 {
			w.Write(data[i : i+4<<10])
			w.(http.Flusher).Flush()
			time.Sleep(30 * time.Millisecond)
		}
	})
	f := fetcher(ts.URL)
	f.Idle, f.Trickle, f.Retries = 200*time.Millisecond, 8<<10, -1
	res, err := fetchWithin(t, f, m, t.TempDir())
	if err != nil || res.Requests != 1 {
		t.Fatalf("err = %v after %d requests", err, res.Requests)
	}
}

// An address that can never work is refused before any request, once:
// an empty one (not taken for the internet default), another scheme, a
// web address without a server.
func TestFetchRefusesABadAddressWithoutTrying(t *testing.T) {
	m, _ := testModel(t, 10)
	for from, want := range map[string]string{
		"":                "an empty address",
		"  ":              "an empty address",
		"ftp://mirror/m":  "ftp://mirror/m: starcoach cannot download by ftp",
		"http:///models":  "no server named in it",
		"file://host/x":   "a file:// URL names a file on this machine",
		"/no/such/folder": "/no/such/folder: no such folder or file",
	} {
		dir := t.TempDir()
		f := fetcher(from)
		f.Backoff = time.Hour // a retry would hang the test
		res, err := fetchWithin(t, f, m, dir)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--from %q: err = %v; want %q", from, err, want)
		}
		if res.Requests != 0 {
			t.Errorf("--from %q: %d requests", from, res.Requests)
		}
		noFiles(t, dir)
	}
}

// A password or token in the address is never printed.
func TestFetchNeverShowsCredentials(t *testing.T) {
	m, _ := testModel(t, 10)
	ts := httptest.NewServer(http.NotFoundHandler())
	defer ts.Close()
	withSecret := strings.Replace(ts.URL, "http://", "http://alice:s3cret@", 1)
	for _, from := range []string{
		withSecret,
		withSecret + "/models?token=s3cret",
		"http://alice:s3cret@127.0.0.1:1",   // nothing listens
		"gopher://alice:s3cret@host/models", // refused scheme
		"http://alice:s3cret@[::1",          // not a URL
	} {
		f := fetcher(from)
		f.Retries = -1
		_, err := fetchWithin(t, f, m, t.TempDir())
		if err == nil {
			t.Fatalf("%s: no error", from)
		}
		for _, shown := range []string{err.Error(), f.URL(m)} {
			if strings.Contains(shown, "s3cret") || strings.Contains(shown, "alice") {
				t.Errorf("shown: %s", shown)
			}
		}
	}
	if got := Redact(withSecret + "/m?token=s3cret"); got != strings.Replace(ts.URL, "http://", "http://***@", 1)+"/m?***" {
		t.Errorf("Redact: %s", got)
	}
	if got := Redact(DefaultBaseURL); got != DefaultBaseURL {
		t.Errorf("Redact changed a plain URL: %s", got)
	}
}

// A resumed download the server answers with the wrong bytes is given up
// with a message that does not promise to start again, and no empty
// partial file is left.
func TestFetchWrongRangeStopsWithoutPromisingMore(t *testing.T) {
	m, data := testModel(t, 50<<10)
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Range", "bytes 0-99/"+strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusPartialContent)
		w.Write(data[:100])
	})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, m.File()+".part"), data[:1000], 0o644)
	f := fetcher(ts.URL)
	f.Retries = -1
	_, err := fetchWithin(t, f, m, dir)
	if err == nil || strings.Contains(err.Error(), "starting again") || !strings.Contains(err.Error(), `resumed at byte 1000 with bytes "bytes 0-99/51200"`) {
		t.Fatalf("err = %v", err)
	}
	noFiles(t, dir)
}

// A download that fails before any byte arrives leaves no empty partial
// file; one from a server that cannot resume keeps none either.
func TestFetchLeavesNoPartItCannotResume(t *testing.T) {
	m, data := testModel(t, 100<<10)
	ts := httptest.NewServer(http.NotFoundHandler())
	defer ts.Close()
	dir := t.TempDir()
	if _, err := fetchWithin(t, fetcher(ts.URL), m, dir); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("err = %v", err)
	}
	noFiles(t, dir)

	var s server
	noRanges := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	})
	f := fetcher(noRanges.URL)
	f.Retries = -1
	_, err := fetchWithin(t, f, m, dir)
	var in *Interrupted
	if err == nil || errors.As(err, &in) || !strings.Contains(err.Error(), "stopped after 50 KiB") || !strings.Contains(err.Error(), "the server cannot carry on from there, so nothing was kept") {
		t.Fatalf("err = %v; want a failure that keeps nothing", err)
	}
	noFiles(t, dir)
}

// With no way to reach the server (its name does not resolve: .invalid
// never does), the error says the machine looks offline, at once.
func TestFetchOffline(t *testing.T) {
	m, _ := testModel(t, 10)
	dir := t.TempDir()
	f := fetcher("https://models.starcoach.invalid/whisper")
	f.Backoff = time.Hour
	res, err := fetchWithin(t, f, m, dir)
	var off *OfflineError
	if !errors.As(err, &off) || off.Host != "models.starcoach.invalid" || !strings.Contains(err.Error(), "this machine looks offline") {
		t.Fatalf("err = %v", err)
	}
	if res.Requests != 1 {
		t.Errorf("%d requests; an offline machine is not retried", res.Requests)
	}
	noFiles(t, dir)
}

// A model brought from another machine: a folder holding it, a file://
// URL, or the file itself. It is copied (the original stays), checked
// and installed; a file that is not the model installs nothing.
func TestFetchFromThisMachine(t *testing.T) {
	m, data := testModel(t, 100<<10)
	usb := t.TempDir()
	src := filepath.Join(usb, m.File())
	os.WriteFile(src, data, 0o644)
	for _, from := range []string{usb, "file://" + usb, "file://" + src, src} {
		dir := t.TempDir()
		res, err := fetchWithin(t, fetcher(from), m, dir)
		if err != nil {
			t.Fatalf("%s: %v", from, err)
		}
		got, _ := os.ReadFile(filepath.Join(dir, m.File()))
		if !bytes.Equal(got, data) || res.CopiedFrom != src || res.Size != int64(len(data)) || res.Requests != 0 {
			t.Errorf("%s: %d bytes, result %+v", from, len(got), res)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s: %d files in the models folder", from, len(entries))
		}
	}
	if got, _ := os.ReadFile(src); !bytes.Equal(got, data) {
		t.Error("the original was changed")
	}

	other := filepath.Join(t.TempDir(), "other.bin")
	os.WriteFile(other, []byte("not a model"), 0o644)
	dir := t.TempDir()
	_, err := fetchWithin(t, fetcher(other), m, dir)
	if err == nil || !strings.Contains(err.Error(), other+": SHA-1 is ") || !strings.Contains(err.Error(), "nothing was installed") {
		t.Fatalf("err = %v", err)
	}
	noFiles(t, dir)
	_, err = fetchWithin(t, fetcher(t.TempDir()), m, dir)
	if err == nil || !strings.Contains(err.Error(), m.File()+": no such file") {
		t.Fatalf("empty folder: err = %v", err)
	}
	noFiles(t, dir)
}

func TestIdentify(t *testing.T) {
	m, data := testModel(t, 100<<10)
	other, _ := testModel(t, 50<<10)
	other.Name = "other.en"
	p := filepath.Join(t.TempDir(), "copied.bin")
	os.WriteFile(p, data, 0o644)
	if got, err := Identify(p, []Model{other, m}); err != nil || got.Name != m.Name {
		t.Fatalf("Identify = %v, %v", got, err)
	}
	os.WriteFile(p, data[:100], 0o644)
	if _, err := Identify(p, []Model{other, m}); err == nil || !strings.Contains(err.Error(), "none of the models whisper.cpp publishes (other.en, test.en)") {
		t.Fatalf("err = %v", err)
	}
}

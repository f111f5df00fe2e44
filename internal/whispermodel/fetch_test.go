package whispermodel

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testModel is a made-up model of random bytes with its real hash.
func testModel(t *testing.T, size int) (Model, []byte) {
	t.Helper()
	data := make([]byte, size)
	rand.New(rand.NewSource(int64(size))).Read(data)
	sum := sha1.Sum(data)
	return Model{Name: "test.en", MiB: 1, Params: 1, SHA1: hex.EncodeToString(sum[:])}, data
}

// server serves data at /ggml-test.en.bin through behave, which decides,
// per request, how. It records the Range header of every request.
type server struct {
	mu     sync.Mutex
	ranges []string
}

func (s *server) start(t *testing.T, behave func(w http.ResponseWriter, r *http.Request, n int)) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ggml-test.en.bin" {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		n := len(s.ranges)
		s.mu.Unlock()
		behave(w, r, n)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// serveFrom writes data from the Range start, honouring it with a 206,
// and says it can, as the servers whisper.cpp's models are on do.
func serveFrom(w http.ResponseWriter, r *http.Request, data []byte) int {
	w.Header().Set("Accept-Ranges", "bytes")
	start := 0
	if v := r.Header.Get("Range"); v != "" {
		start, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(v, "bytes="), "-"))
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(data)-1, len(data)))
		w.Header().Set("Content-Length", strconv.Itoa(len(data)-start))
		w.WriteHeader(http.StatusPartialContent)
	} else {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	}
	return start
}

// dropAfter sends data[start:cut] and then closes the connection, leaving
// the client short of the length it was promised.
func dropAfter(t *testing.T, w http.ResponseWriter, r *http.Request, data []byte, cut int) {
	start := serveFrom(w, r, data)
	w.Write(data[start:cut])
	w.(http.Flusher).Flush()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	conn.Close()
}

func fetcher(url string) *Fetcher {
	return &Fetcher{BaseURL: url, Backoff: time.Millisecond, Idle: 2 * time.Second}
}

func TestFetchSlowServerReportsProgress(t *testing.T) {
	m, data := testModel(t, 200<<10)
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		serveFrom(w, r, data)
		for i := 0; i < len(data); i += 20 << 10 {
			w.Write(data[i:min(i+20<<10, len(data))])
			w.(http.Flusher).Flush()
			time.Sleep(15 * time.Millisecond)
		}
	})
	f := fetcher(ts.URL)
	var calls int
	var last, lastTotal int64
	f.Progress = func(done, total int64) { calls, last, lastTotal = calls+1, done, total }
	dir := t.TempDir()
	res, err := f.Fetch(context.Background(), m, dir)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "ggml-test.en.bin"))
	if !bytes.Equal(got, data) || res.Size != int64(len(data)) || res.Requests != 1 {
		t.Fatalf("got %d bytes, result %+v", len(got), res)
	}
	if calls < 5 || last != int64(len(data)) || lastTotal != int64(len(data)) {
		t.Errorf("progress called %d times, last %d of %d", calls, last, lastTotal)
	}
	if _, err := os.Stat(res.Path + ".part"); err == nil {
		t.Error("the .part file is left behind")
	}

	// A second run checks the file and downloads nothing.
	res, err = f.Fetch(context.Background(), m, dir)
	if err != nil || !res.Reused || len(s.ranges) != 1 {
		t.Fatalf("second fetch: %+v, %v, %d requests", res, err, len(s.ranges))
	}
}

func TestFetchResumesAfterTheConnectionDrops(t *testing.T) {
	m, data := testModel(t, 300<<10)
	half := len(data) / 2
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			dropAfter(t, w, r, data, half)
			return
		}
		start := serveFrom(w, r, data)
		w.Write(data[start:])
	})
	dir := t.TempDir()
	res, err := fetcher(ts.URL).Fetch(context.Background(), m, dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 2 || s.ranges[0] != "" || s.ranges[1] != "bytes="+strconv.Itoa(half)+"-" {
		t.Fatalf("requests %d, ranges %q; want the second to ask for bytes from %d", res.Requests, s.ranges, half)
	}
	got, _ := os.ReadFile(res.Path)
	if !bytes.Equal(got, data) {
		t.Fatal("resumed file differs from the model")
	}
}

func TestFetchKeepsThePartAndResumesOnTheNextRun(t *testing.T) {
	m, data := testModel(t, 300<<10)
	cut := 100 << 10
	var s server
	broken := true
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if broken {
			dropAfter(t, w, r, data, cut)
			return
		}
		start := serveFrom(w, r, data)
		w.Write(data[start:])
	})
	dir := t.TempDir()
	f := fetcher(ts.URL)
	f.Retries = -1
	_, err := f.Fetch(context.Background(), m, dir)
	var in *Interrupted
	if !errors.As(err, &in) || in.Kept != int64(cut) {
		t.Fatalf("err = %v; want an interruption with %d bytes kept", err, cut)
	}
	if st, err := os.Stat(filepath.Join(dir, "ggml-test.en.bin.part")); err != nil || st.Size() != int64(cut) {
		t.Fatalf("part file: %v, %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ggml-test.en.bin")); err == nil {
		t.Fatal("an unfinished model was put in place")
	}

	broken = false
	res, err := f.Fetch(context.Background(), m, dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.ResumedAt != int64(cut) || s.ranges[len(s.ranges)-1] != "bytes="+strconv.Itoa(cut)+"-" {
		t.Fatalf("resumed at %d with range %q", res.ResumedAt, s.ranges[len(s.ranges)-1])
	}
	got, _ := os.ReadFile(res.Path)
	if !bytes.Equal(got, data) {
		t.Fatal("file differs from the model")
	}
}

func TestFetchGivesUpOnAStalledServerAndResumes(t *testing.T) {
	m, data := testModel(t, 100<<10)
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, n int) {
		start := serveFrom(w, r, data)
		if n == 1 {
			w.Write(data[:10<<10])
			w.(http.Flusher).Flush()
			<-r.Context().Done() // sends nothing more
			return
		}
		w.Write(data[start:])
	})
	f := fetcher(ts.URL)
	f.Idle = 200 * time.Millisecond
	res, err := f.Fetch(context.Background(), m, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 2 || s.ranges[1] != "bytes=10240-" {
		t.Fatalf("requests %d, ranges %q", res.Requests, s.ranges)
	}
}

func TestFetchRefusesWrongBytes(t *testing.T) {
	m, data := testModel(t, 100<<10)
	wrong := bytes.Clone(data)
	wrong[5000] ^= 1
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		start := serveFrom(w, r, wrong)
		w.Write(wrong[start:])
	})
	dir := t.TempDir()
	_, err := fetcher(ts.URL).Fetch(context.Background(), m, dir)
	if err == nil || !strings.Contains(err.Error(), "SHA-1 is ") || !strings.Contains(err.Error(), m.SHA1) {
		t.Fatalf("err = %v; want a hash mismatch naming the published hash", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("left %v behind", entries)
	}
}

func TestFetchRefusesMoreThanTheModelsSize(t *testing.T) {
	m, _ := testModel(t, 10)
	big := make([]byte, 3<<20)
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Write(big) // chunked: no length announced
	})
	dir := t.TempDir()
	_, err := fetcher(ts.URL).Fetch(context.Background(), m, dir)
	if err == nil || !strings.Contains(err.Error(), "not that model") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left %v behind", entries)
	}
}

func TestFetchStartsAgainWhenTheServerIgnoresRange(t *testing.T) {
	m, data := testModel(t, 50<<10)
	var s server
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Write(data) // 200, whole file, whatever was asked
	})
	dir := t.TempDir()
	// A stale part of something else.
	os.WriteFile(filepath.Join(dir, "ggml-test.en.bin.part"), []byte("stale bytes"), 0o644)
	res, err := fetcher(ts.URL).Fetch(context.Background(), m, dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.ranges[0] != "bytes=11-" {
		t.Errorf("range %q; want the resume asked for", s.ranges[0])
	}
	if got, _ := os.ReadFile(res.Path); !bytes.Equal(got, data) {
		t.Fatal("file differs")
	}
}

func TestFetchNotFoundIsOneClearError(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	defer ts.Close()
	m, _ := testModel(t, 10)
	_, err := fetcher(ts.URL).Fetch(context.Background(), m, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), ts.URL+"/ggml-test.en.bin") {
		t.Fatalf("err = %v", err)
	}
}

func TestFetchStopsOnCancelKeepingThePart(t *testing.T) {
	m, data := testModel(t, 100<<10)
	var s server
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts := s.start(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		serveFrom(w, r, data)
		w.Write(data[:30<<10])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	dir := t.TempDir()
	f := fetcher(ts.URL)
	f.Progress = func(done, _ int64) {
		if done == 30<<10 {
			cancel() // Ctrl-C
		}
	}
	_, err := f.Fetch(ctx, m, dir)
	var in *Interrupted
	if !errors.As(err, &in) || in.Kept != 30<<10 || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if len(s.ranges) != 1 {
		t.Errorf("%d requests after cancel", len(s.ranges))
	}
}

func TestExistingFileWithAnotherHashIsNotReplaced(t *testing.T) {
	m, _ := testModel(t, 10)
	dir := t.TempDir()
	p := filepath.Join(dir, m.File())
	os.WriteFile(p, []byte("mine"), 0o644)
	_, err := fetcher("http://127.0.0.1:1").Fetch(context.Background(), m, dir)
	if err == nil || !strings.Contains(err.Error(), "move it away") {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "mine" {
		t.Fatal("the user's file was changed")
	}
}

func TestCatalogHashesAreWhisperCppsFormat(t *testing.T) {
	for _, m := range Catalog {
		if len(m.SHA1) != 40 || strings.Trim(m.SHA1, "0123456789abcdef") != "" {
			t.Errorf("%s: %q is not a SHA-1", m.Name, m.SHA1)
		}
	}
	if m, err := Lookup("ggml-small.en.bin"); err != nil || m.Name != "small.en" {
		t.Errorf("Lookup: %v %v", m, err)
	}
	if m, err := Lookup("base"); err != nil || m.Name != "base.en" {
		t.Errorf("Lookup(base): %v %v", m, err)
	}
	if _, err := Lookup("huge"); err == nil {
		t.Error("Lookup(huge) worked")
	}
}

package setup

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/ui"
	"github.com/starcoach/starcoach/internal/whispermodel"
)

// setupFixture is a machine with a model server on localhost, a stand-in
// whisper-cli in a folder that is not on the PATH, and espeak-ng.
type setupFixture struct {
	opts     *Options
	out      *bytes.Buffer
	home     string
	data     []byte
	requests []string
}

func newSetupFixture(t *testing.T, serve func(f *setupFixture, w http.ResponseWriter, r *http.Request)) *setupFixture {
	t.Helper()
	fx := &setupFixture{home: t.TempDir()}
	fx.data = make([]byte, 200<<10)
	rand.New(rand.NewSource(1)).Read(fx.data)
	sum := sha1.Sum(fx.data)
	model := whispermodel.Model{Name: "base.en", MiB: 1, Params: 74, SHA1: hex.EncodeToString(sum[:])}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fx.requests = append(fx.requests, r.URL.Path+" "+r.Header.Get("Range"))
		serve(fx, w, r)
	}))
	t.Cleanup(ts.Close)

	streams, _, out, _ := ui.Test()
	fx.out = out
	fx.opts = &Options{
		Streams:   streams,
		Home:      fx.home,
		DataDir:   filepath.Join(fx.home, "data"),
		ConfigDir: filepath.Join(fx.home, "config"),
		From:      ts.URL,
		Catalog:   []whispermodel.Model{{Name: "tiny.en", MiB: 1, Params: 39, SHA1: strings.Repeat("0", 40)}, model},
		Fetcher:   &whispermodel.Fetcher{Backoff: time.Millisecond, Idle: 2 * time.Second},
		GOOS:      "linux",
		LookPath:  exec.LookPath,
	}
	return fx
}

func serveModel(fx *setupFixture, w http.ResponseWriter, r *http.Request) {
	start := 0
	if v := r.Header.Get("Range"); v != "" {
		start, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(v, "bytes="), "-"))
		w.Header().Set("Content-Range", "bytes "+strconv.Itoa(start)+"-"+strconv.Itoa(len(fx.data)-1)+"/"+strconv.Itoa(len(fx.data)))
		w.Header().Set("Content-Length", strconv.Itoa(len(fx.data)-start))
		w.WriteHeader(http.StatusPartialContent)
	}
	w.Write(fx.data[start:])
}

// placeWhisper puts the stand-in whisper-cli where a source build of
// whisper.cpp in the home folder would be.
func placeWhisper(t *testing.T, home string) string {
	t.Helper()
	bin := filepath.Join(home, "whisper.cpp", "build", "bin")
	os.MkdirAll(bin, 0o755)
	engines, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "stt", "engines"))
	script, err := os.ReadFile(filepath.Join(engines, "whisper-cli"))
	if err != nil {
		t.Fatal(err)
	}
	// The stand-in finds its canned output beside itself.
	script = []byte(strings.Replace(string(script), `here=$(dirname "$0")`, `here=`+engines, 1))
	p := filepath.Join(bin, "whisper-cli")
	if err := os.WriteFile(p, script, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSetupFindsWhisperDownloadsConfiguresAndTests(t *testing.T) {
	fx := newSetupFixture(t, serveModel)
	program := placeWhisper(t, fx.home)
	streams := fx.opts.Streams
	if err := Run(context.Background(), *fx.opts); err != nil {
		t.Fatal(err)
	}
	out := fx.out.String()
	modelPath := filepath.Join(fx.home, "data", "models", "ggml-base.en.bin")
	for _, want := range []string{
		"whisper-cli: found " + program + " (not on your PATH",
		"model: downloaded base.en (0.2 MiB), SHA-1 matches whisper.cpp's: " + modelPath,
		"config: engine = whisper, model = base.en in ",
		`test: said  "Ask not what your country`,
		" words right)\n",
		"a 2-minute answer takes about:",
		"  base.en   ",
		"(measured)",
		"(estimated from base.en)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	got, _ := os.ReadFile(modelPath)
	if string(got) != string(fx.data) {
		t.Error("model file differs from what was served")
	}
	cfg, err := config.Load(filepath.Join(fx.home, "config", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.STT.Engine != "whisper" || cfg.STT.Model != modelPath || cfg.STT.Programs["whisper"] != program {
		t.Errorf("config: %+v", cfg.STT)
	}

	// Again: the model is checked, not downloaded.
	fx.requests = nil
	fx.opts.NoTest = true
	fx.out.Reset()
	if err := Run(context.Background(), *fx.opts); err != nil {
		t.Fatal(err)
	}
	if len(fx.requests) != 0 || !strings.Contains(fx.out.String(), "model: base.en already downloaded, SHA-1 matches") {
		t.Errorf("second run: %d requests, output %s", len(fx.requests), streams.Out)
	}
}

func TestSetupWithoutWhisperSaysHowAndKeepsTheEngine(t *testing.T) {
	fx := newSetupFixture(t, serveModel)
	fx.opts.LookPath = func(name string) (string, error) {
		if name == "espeak-ng" || name == "git" {
			return "/usr/bin/" + name, nil
		}
		return "", exec.ErrNotFound
	}
	cfgPath := filepath.Join(fx.home, "config", "config.toml")
	os.MkdirAll(filepath.Dir(cfgPath), 0o755)
	os.WriteFile(cfgPath, []byte("[stt]\nengine = \"pocketsphinx\" # for now\n"), 0o644)
	err := Run(context.Background(), *fx.opts)
	if err != ErrNotReady {
		t.Fatalf("err = %v; want ErrNotReady with the steps printed", err)
	}
	out := fx.out.String()
	for _, want := range []string{
		"whisper-cli: not found. To install it:",
		"  install cmake, c++ with your package manager",
		"  git clone --depth 1 https://github.com/ggml-org/whisper.cpp " + filepath.Join(fx.home, "whisper.cpp"),
		"  then run starcoach setup again",
		"model: downloaded base.en",
		"engine stays as it was",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	cfg, _ := os.ReadFile(cfgPath)
	if !strings.Contains(string(cfg), "engine = \"pocketsphinx\" # for now") || !strings.Contains(string(cfg), "model = ") {
		t.Errorf("config:\n%s", cfg)
	}
}

func TestSetupRefusesWrongBytes(t *testing.T) {
	fx := newSetupFixture(t, func(fx *setupFixture, w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>Sign in to continue</html>"))
	})
	placeWhisper(t, fx.home)
	err := Run(context.Background(), *fx.opts)
	if err == nil || !strings.Contains(err.Error(), "but whisper.cpp publishes") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(fx.home, "config", "config.toml")); err == nil {
		t.Error("config written after a refused download")
	}
	if entries, _ := os.ReadDir(filepath.Join(fx.home, "data", "models")); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
}

func TestSetupResumesWhatAnEarlierRunLeft(t *testing.T) {
	drop := true
	fx := newSetupFixture(t, func(fx *setupFixture, w http.ResponseWriter, r *http.Request) {
		if drop {
			w.Header().Set("Accept-Ranges", "bytes")
			w.Header().Set("Content-Length", strconv.Itoa(len(fx.data)))
			w.Write(fx.data[:len(fx.data)/2])
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		serveModel(fx, w, r)
	})
	placeWhisper(t, fx.home)
	fx.opts.NoTest = true
	fx.opts.Fetcher.Retries = -1
	err := Run(context.Background(), *fx.opts)
	if err == nil || !strings.Contains(err.Error(), "0.1 MiB kept; run starcoach setup again to carry on from there") {
		t.Fatalf("err = %v", err)
	}
	drop = false
	if err := Run(context.Background(), *fx.opts); err != nil {
		t.Fatal(err)
	}
	if last := fx.requests[len(fx.requests)-1]; last != "/ggml-base.en.bin bytes="+strconv.Itoa(len(fx.data)/2)+"-" {
		t.Errorf("last request %q", last)
	}
	if !strings.Contains(fx.out.String(), "resumed at 0.1 MiB") {
		t.Error("the resume is not said")
	}
}

// On a terminal, with a model downloaded before, the choice of model shows
// how long a 2-minute answer takes with each on this machine, measured
// with the model that is there.
func TestSetupShowsTheSpeedBeforeTheChoice(t *testing.T) {
	fx := newSetupFixture(t, serveModel)
	placeWhisper(t, fx.home)
	models := filepath.Join(fx.home, "data", "models")
	os.MkdirAll(models, 0o755)
	os.WriteFile(filepath.Join(models, "ggml-base.en.bin"), fx.data, 0o644)
	streams, in, _, errOut := ui.Test()
	streams.SetTTY(true, false, false)
	in.WriteString("\n") // the default
	fx.opts.Streams = streams
	fx.out = streams.Out.(*bytes.Buffer)
	if err := Run(context.Background(), *fx.opts); err != nil {
		t.Fatal(err, errOut)
	}
	prompt := errOut.String()
	for _, want := range []string{
		"measuring whisper's speed on this machine with base.en",
		"Which model?",
		"  tiny.en      1 MiB  ; a 2-minute answer in about",
		"  base.en      1 MiB  ; a 2-minute answer in about",
		"Model [base.en]: ",
	} {
		if !strings.Contains(prompt, want) {
			t.Errorf("prompt lacks %q:\n%s", want, prompt)
		}
	}
	if strings.Contains(prompt, "measured once one is downloaded") {
		t.Error("says the speed is unknown after measuring it")
	}
	if !strings.Contains(fx.out.String(), "model: base.en already downloaded") || !strings.Contains(fx.out.String(), "(measured)") {
		t.Errorf("output:\n%s", fx.out.String())
	}
	if len(fx.requests) != 0 {
		t.Errorf("%d downloads of a model already there", len(fx.requests))
	}
}

func TestWordsRight(t *testing.T) {
	for _, c := range []struct {
		heard     string
		right, of int
	}{
		{"Ask not what your country can do for you, ask what you can do for your country.", 17, 17},
		{"and not / what your country can do for you", 8, 17},
		{"", 0, 17},
		{"ASK ASK ASK", 2, 17}, // "ask" is said twice
	} {
		if r, o := wordsRight(testSentence, c.heard); r != c.right || o != c.of {
			t.Errorf("%q: %d of %d, want %d of %d", c.heard, r, o, c.right, c.of)
		}
	}
}

func TestSetupUnknownModel(t *testing.T) {
	fx := newSetupFixture(t, serveModel)
	fx.opts.Model = "huge"
	err := Run(context.Background(), *fx.opts)
	var usage *UsageError
	if !errors.As(err, &usage) || !usage.Usage() || !strings.Contains(err.Error(), `unknown model "huge": choose tiny.en, base.en`) {
		t.Fatalf("err = %v; want a usage error naming the models", err)
	}
	if len(fx.requests) != 0 {
		t.Error("downloaded anyway")
	}
	// A mistyped flag is said first, not after the search for whisper-cli.
	if fx.out.Len() != 0 {
		t.Errorf("printed before refusing the model: %q", fx.out)
	}
}

// A model file brought from another machine is recognised by its SHA-1,
// copied in and configured, with no request to any server.
func TestSetupModelFileInstallsWithoutTheNetwork(t *testing.T) {
	fx := newSetupFixture(t, serveModel)
	placeWhisper(t, fx.home)
	src := filepath.Join(t.TempDir(), "from-usb.bin")
	os.WriteFile(src, fx.data, 0o644)
	fx.opts.ModelFile = src
	fx.opts.NoTest = true
	if err := Run(context.Background(), *fx.opts); err != nil {
		t.Fatal(err)
	}
	modelPath := filepath.Join(fx.home, "data", "models", "ggml-base.en.bin")
	if want := "model: installed base.en from " + src + " (0.2 MiB), SHA-1 matches whisper.cpp's: " + modelPath; !strings.Contains(fx.out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, fx.out)
	}
	if len(fx.requests) != 0 {
		t.Errorf("%d requests", len(fx.requests))
	}
	cfg, err := config.Load(filepath.Join(fx.home, "config", "config.toml"))
	if err != nil || cfg.STT.Model != modelPath {
		t.Errorf("config: %+v, %v", cfg.STT, err)
	}
}

// Offline, the one-line error says so, what works meanwhile and how to
// bring a model in; nothing is left in the models folder.
func TestSetupOfflineSaysWhatToDo(t *testing.T) {
	fx := newSetupFixture(t, serveModel)
	placeWhisper(t, fx.home)
	fx.opts.From = "https://models.starcoach.invalid/whisper"
	err := Run(context.Background(), *fx.opts)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		"cannot reach models.starcoach.invalid (no such host): this machine looks offline.",
		"PocketSphinx works meanwhile, offline but rough",
		"download https://models.starcoach.invalid/whisper/ggml-base.en.bin on a machine that is online and run starcoach setup --model-file FILE",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("more than one line: %q", msg)
	}
	if entries, _ := os.ReadDir(filepath.Join(fx.home, "data", "models")); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}

	// What an earlier run downloaded is kept for when the machine is
	// online again, and the message still says it is offline.
	part := filepath.Join(fx.home, "data", "models", "ggml-base.en.bin.part")
	os.WriteFile(part, fx.data[:150<<10], 0o644)
	err = Run(context.Background(), *fx.opts)
	if err == nil || !strings.Contains(err.Error(), "this machine looks offline. PocketSphinx works meanwhile") ||
		!strings.HasSuffix(err.Error(), "--model-file FILE (the 0.1 MiB downloaded before is kept: once online, run starcoach setup again to carry on)") {
		t.Fatalf("err = %v", err)
	}
	if st, err := os.Stat(part); err != nil || st.Size() != 150<<10 {
		t.Errorf("the earlier download: %v, %v", st, err)
	}
}

// An empty --from is refused, not taken for the internet default.
func TestSetupEmptyFrom(t *testing.T) {
	fx := newSetupFixture(t, serveModel)
	fx.opts.From = ""
	err := Run(context.Background(), *fx.opts)
	if _, ok := err.(*UsageError); !ok || !strings.Contains(err.Error(), "--from: an empty address") {
		t.Fatalf("err = %v", err)
	}
	if fx.out.Len() != 0 || len(fx.requests) != 0 {
		t.Errorf("went on: %q, %d requests", fx.out, len(fx.requests))
	}
}

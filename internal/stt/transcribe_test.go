package stt

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/resample"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/wav"
)

// scratch returns a directory for the transcriber's temporary files and
// registers a check that it is left empty.
func scratch(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "scratch")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		left, _ := os.ReadDir(dir)
		for _, e := range left {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	})
	return dir
}

func digest(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// recording makes a short WAV with sox at rate and a timing file beside it,
// as the analyzer would leave, and returns the WAV's path.
func recording(t *testing.T, rate int) string {
	t.Helper()
	dir := t.TempDir()
	p := testaudio.Silence(t, dir, 1.5, rate)
	wavPath := filepath.Join(dir, "answer.wav")
	if err := os.Rename(p, wavPath); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "answer.timing.json"), []byte(`{"file":"answer.wav"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return wavPath
}

func commandEngine(t *testing.T, script string, args ...string) Engine {
	return Engine{Name: Command, Program: fake(t, script), Args: append([]string{WavPlaceholder}, args...)}
}

func TestTranscribeCommandText(t *testing.T) {
	wavPath := recording(t, 16000)
	now := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	tr := &Transcriber{Engine: commandEngine(t, "text.sh"), Runner: &ExecRunner{}, TempDir: scratch(t), Now: func() time.Time { return now }}
	got, err := tr.Transcribe(context.Background(), wavPath)
	if err != nil {
		t.Fatal(err)
	}
	if got.Engine != "command" || !got.Created.Equal(now) || got.DurationS != 1.5 {
		t.Errorf("engine %q created %v duration %v", got.Engine, got.Created, got.DurationS)
	}
	if !strings.HasPrefix(got.Text, "Um, at my last job") || !strings.HasSuffix(got.Text, "85% faster.") {
		t.Errorf("text %q", got.Text)
	}
	if len(got.Segments) != 1 || got.Segments[0].EndS != 1.5 || len(got.Words) != 0 {
		t.Errorf("segments %+v words %+v", got.Segments, got.Words)
	}
}

func TestTranscribeCommandJSON(t *testing.T) {
	wavPath := recording(t, 16000)
	tr := &Transcriber{Engine: commandEngine(t, "json.sh"), Runner: &ExecRunner{}, TempDir: scratch(t)}
	got, err := tr.Transcribe(context.Background(), wavPath)
	if err != nil {
		t.Fatal(err)
	}
	// The engine claims words up to 2.9 s in a 1.5 s recording: times are
	// kept inside the recording.
	if len(got.Words) != 11 || got.Words[10].EndS != 1.5 || got.Words[10].StartS != 1.5 || got.Engine != "command" {
		t.Errorf("words %+v", got.Words)
	}
}

// TestTranscribeWhisper drives the whisper engine through a stand-in for
// whisper-cli that checks its arguments and that the audio it gets is
// 16 kHz: the 44.1 kHz recording must be converted first.
func TestTranscribeWhisper(t *testing.T) {
	wavPath := recording(t, 44100)
	model := filepath.Join(t.TempDir(), "ggml-base.en.bin")
	os.WriteFile(model, []byte("model"), 0o644)
	before := digest(t, wavPath)
	tr := &Transcriber{Engine: Engine{Name: Whisper, Program: fake(t, "whisper-cli"), Model: model}, Runner: &ExecRunner{}, TempDir: scratch(t)}
	got, err := tr.Transcribe(context.Background(), wavPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Words) != 28 || got.Model != model || got.Engine != "whisper" {
		t.Errorf("%d words, model %q, engine %q", len(got.Words), got.Model, got.Engine)
	}
	// Whisper is primed with a disfluent prompt (the stand-in refuses
	// any other), so its transcript declares that it keeps hesitations.
	if got.Hesitations != transcript.HesitationsKept {
		t.Errorf("whisper's transcript declares hesitations %q, want %q", got.Hesitations, transcript.HesitationsKept)
	}
	// The fixture runs to 8.99 s; the recording is 1.5 s long.
	for _, w := range got.Words {
		if w.EndS > 1.5 {
			t.Fatalf("word %+v ends after the recording", w)
		}
	}
	if digest(t, wavPath) != before {
		t.Error("the recording changed")
	}
}

func TestTranscribeWhisperMissingModel(t *testing.T) {
	wavPath := recording(t, 16000)
	tr := &Transcriber{Engine: Engine{Name: Whisper, Program: fake(t, "whisper-cli"), Model: "/nonexistent/ggml.bin"}, Runner: &ExecRunner{}, TempDir: scratch(t)}
	_, err := tr.Transcribe(context.Background(), wavPath)
	want := "whisper failed (exit status 3): whisper_init_from_file_with_params_no_state: failed to open '/nonexistent/ggml.bin' | error: failed to initialize whisper context"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestTranscribeVosk(t *testing.T) {
	wavPath := recording(t, 48000)
	model := t.TempDir()
	tr := &Transcriber{Engine: Engine{Name: Vosk, Program: fake(t, "vosk-transcriber"), Model: model}, Runner: &ExecRunner{}, TempDir: scratch(t)}
	got, err := tr.Transcribe(context.Background(), wavPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Words) != 25 || got.Model != model || len(got.Segments) != 2 {
		t.Errorf("%d words, model %q, %d segments", len(got.Words), got.Model, len(got.Segments))
	}
	if got.Hesitations != transcript.HesitationsDropped {
		t.Errorf("vosk's transcript declares hesitations %q, want %q", got.Hesitations, transcript.HesitationsDropped)
	}
	tr.Engine.Model = filepath.Join(model, "missing")
	_, err = tr.Transcribe(context.Background(), wavPath)
	if err == nil || !strings.HasPrefix(err.Error(), "vosk failed (exit status 1): ERROR (VoskAPI:Model():model.cc:122) Folder") {
		t.Errorf("bad model: %v", err)
	}
}

func TestEngineErrorMessages(t *testing.T) {
	e := &Error{Engine: "whisper", Err: errNoTranscript, Stderr: []string{"error: failed to read audio file 'x.wav'"}}
	if e.Error() != "whisper wrote no transcript: error: failed to read audio file 'x.wav'" {
		t.Errorf("%q", e)
	}
	dir := t.TempDir()
	if _, err := readOutputFile(filepath.Join(dir, "none.json")); !errors.Is(err, errNoTranscript) {
		t.Errorf("absent output file: %v", err)
	}
}

// TestTranscribeFaults runs engines that fail in every way an engine can:
// each gives one clear message, leaves the recording and its timing file
// exactly as they were, leaves no temporary file and no process behind.
func TestTranscribeFaults(t *testing.T) {
	cases := []struct {
		name    string
		engine  func(t *testing.T, pidFile string) Engine
		timeout time.Duration
		runner  *ExecRunner
		want    []string
	}{
		{"missing program", func(t *testing.T, _ string) Engine {
			return Engine{Name: Command, Program: "/nonexistent/my-stt", Args: []string{WavPlaceholder}}
		}, 0, nil, []string{"command: program /nonexistent/my-stt not found; check the command in config.toml or --cmd-arg"}},
		{"exit status", func(t *testing.T, _ string) Engine { return commandEngine(t, "fail.sh") }, 0, nil,
			[]string{"command failed (exit status 3): ", "INFO: reading", "error: model file is corrupt | hint: download it again"}},
		{"pocketsphinx refuses", func(t *testing.T, _ string) Engine {
			return Engine{Name: PocketSphinx, Program: fake(t, "pocketsphinx-fail")}
		}, 0, nil, []string{`pocketsphinx failed (exit status 1): ERROR: "continuous.c", line 136: Input audio file has sample rate [22050], but decoder expects [16000] | FATAL: "continuous.c", line 165: Failed to process file 'raw.wav' due to format mismatch.`}},
		{"garbage", func(t *testing.T, _ string) Engine { return commandEngine(t, "garbage.sh") }, 0, nil,
			[]string{"command output not understood: printed binary data, not text"}},
		{"json cut short", func(t *testing.T, _ string) Engine { return commandEngine(t, "badjson.sh") }, 0, nil,
			[]string{"command output not understood: JSON cut short"}},
		{"garbage from pocketsphinx", func(t *testing.T, _ string) Engine {
			return Engine{Name: PocketSphinx, Program: fake(t, "pocketsphinx-garbage")}
		}, 0, nil, []string{"pocketsphinx output not understood: line 2: expected word timings after the text"}},
		{"hang", func(t *testing.T, pidFile string) Engine { return commandEngine(t, "hang.sh", pidFile) }, 500 * time.Millisecond, nil,
			[]string{"command timed out after 500ms and was stopped; allow longer with --timeout"}},
		{"huge output", func(t *testing.T, _ string) Engine { return commandEngine(t, "huge.sh") }, 20 * time.Second, &ExecRunner{MaxStdout: 2 << 20},
			[]string{"command printed more than 2 MiB and was stopped; is ", "huge.sh the right program?"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wavPath := recording(t, 22050)
			timing := filepath.Join(filepath.Dir(wavPath), "answer.timing.json")
			wavBefore, timingBefore := digest(t, wavPath), digest(t, timing)
			pidFile := filepath.Join(t.TempDir(), "helper.pid")
			runner := c.runner
			if runner == nil {
				runner = &ExecRunner{}
			}
			tr := &Transcriber{Engine: c.engine(t, pidFile), Runner: runner, Timeout: c.timeout, TempDir: scratch(t)}
			got, err := tr.Transcribe(context.Background(), wavPath)
			if err == nil {
				t.Fatalf("no error; transcript %+v", got)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if digest(t, wavPath) != wavBefore || digest(t, timing) != timingBefore {
				t.Error("the recording or its timing file changed")
			}
			if _, err := os.Stat(assess.Paths(wavPath).Transcript); !os.IsNotExist(err) {
				t.Error("a transcript file appeared")
			}
			if c.name == "hang" {
				requireGone(t, pidFile)
			}
		})
	}
}

func TestTranscribeInterrupted(t *testing.T) {
	wavPath := recording(t, 22050)
	pidFile := filepath.Join(t.TempDir(), "helper.pid")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(400*time.Millisecond, cancel)
	tr := &Transcriber{Engine: commandEngine(t, "hang.sh", pidFile), Runner: &ExecRunner{}, TempDir: scratch(t)}
	_, err := tr.Transcribe(ctx, wavPath)
	if !errors.Is(err, context.Canceled) || err.Error() != "command interrupted" {
		t.Fatalf("got %v, want an interruption", err)
	}
	requireGone(t, pidFile)
}

func TestTranscribeBadRecording(t *testing.T) {
	dir := t.TempDir()
	notWav := filepath.Join(dir, "notes.wav")
	os.WriteFile(notWav, []byte("these are my notes, not audio"), 0o644)
	tr := &Transcriber{Engine: commandEngine(t, "text.sh"), Runner: &ExecRunner{}, TempDir: scratch(t)}
	_, err := tr.Transcribe(context.Background(), notWav)
	var fe *wav.FormatError
	if !errors.As(err, &fe) {
		t.Errorf("not a WAV: got %v, want a *wav.FormatError", err)
	}
	_, err = tr.Transcribe(context.Background(), filepath.Join(dir, "missing.wav"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v", err)
	}
}

// TestPrepareAudio checks what engines are handed: a 16 kHz mono 16-bit
// recording as a read-only copy of its own (never the recording or a link
// to it), anything else converted by the resampler to exactly the right
// length.
func TestPrepareAudio(t *testing.T) {
	ready := recording(t, 16000)
	dir := t.TempDir()
	in, err := prepareAudio(context.Background(), ready, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(in.path)
	if err != nil || !fi.Mode().IsRegular() || filepath.Dir(in.path) != dir {
		t.Fatalf("16 kHz mono: engine reads %s (%v, %v), want a plain file in the scratch directory", in.path, fi, err)
	}
	if orig, _ := os.Stat(ready); os.SameFile(fi, orig) {
		t.Errorf("16 kHz mono: engine reads the recording itself (%s)", in.path)
	}
	if fi.Mode().Perm() != 0o400 {
		t.Errorf("the engine's copy has mode %v, want read-only for its owner", fi.Mode().Perm())
	}
	if digest(t, in.path) != digest(t, ready) {
		t.Error("the engine's copy differs from the recording")
	}
	if in.seconds != 1.5 {
		t.Errorf("%v s, want 1.5", in.seconds)
	}

	for _, extra := range [][]string{{"-r", "22050"}, {"-r", "44100", "-c", "2"}, {"-r", "16000", "-b", "24"}, {"-r", "48000", "-e", "floating-point", "-b", "32"}} {
		src := testaudio.Convert(t, t.TempDir(), testaudio.Speak(t, t.TempDir(), "six minutes", 22050), extra...)
		srcRate := 22050
		for i := range extra {
			if extra[i] == "-r" {
				srcRate, _ = strconv.Atoi(extra[i+1])
			}
		}
		dir := t.TempDir()
		in, err := prepareAudio(context.Background(), src, dir, true)
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(in.path); err != nil || fi.Mode()&os.ModeSymlink != 0 {
			t.Fatalf("%v: engine reads %s, want a converted copy", extra, in.path)
		}
		f, _ := os.Open(in.path)
		r, err := wav.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		if r.Format() != engineFormat {
			t.Errorf("%v: converted to %v", extra, r.Format())
		}
		n := testaudio.Samples(t, src)
		if want := resample.OutputLen(n, srcRate, 16000); r.Frames() != want {
			t.Errorf("%v: %d frames, want %d", extra, r.Frames(), want)
		}
		f.Close()
		if math.Abs(in.seconds-float64(n)/float64(srcRate)) > 1e-9 {
			t.Errorf("%v: %v s", extra, in.seconds)
		}
	}
}

// TestPocketSphinxRealRun transcribes espeak-ng speech at its own
// 22.05 kHz with the real pocketsphinx_continuous: starcoach resamples it
// to 16 kHz, the engine runs, and words come back with times in order and
// inside the audio. What the words are is not asserted: PocketSphinx hears
// synthetic speech poorly.
func TestPocketSphinxRealRun(t *testing.T) {
	testaudio.Need(t, "pocketsphinx_continuous", "espeak-ng", "sox")
	dir := t.TempDir()
	wavPath := testaudio.Speak(t, dir, "At my last job our deploys took forty minutes. I rebuilt the pipeline.", 22050)
	if _, err := os.Stat(PocketSphinxModelDir); err != nil {
		t.Fatalf("PocketSphinx's English model is missing: apt-get install pocketsphinx-en-us (%v)", err)
	}
	seconds := float64(testaudio.Samples(t, wavPath)) / 22050
	before := digest(t, wavPath)

	eng, err := Choose(Settings{Engine: PocketSphinx}, Survey(Settings{}, exec.LookPath))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingRunner{Runner: &ExecRunner{}}
	tr := &Transcriber{Engine: eng, Runner: rec, TempDir: scratch(t)}
	got, err := tr.Transcribe(context.Background(), wavPath)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := ParsePocketSphinx(rec.out.Stdout)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%.2f s of speech heard as %q", seconds, raw.Text)
	if len(raw.Words) < 3 {
		t.Fatalf("%d words from %.1f s of speech: %q", len(raw.Words), seconds, rec.out.Stdout)
	}
	// On the engine's own output, before starcoach tidies anything.
	checkOrdered(t, raw)
	for _, w := range raw.Words {
		if w.StartS < 0 || w.EndS > seconds+0.05 {
			t.Errorf("word %+v lies outside the %.2f s of audio", w, seconds)
		}
	}
	if len(got.Words) != len(raw.Words) || got.Engine != PocketSphinx || got.Model != "en-us" || math.Abs(got.DurationS-seconds) > 0.001 {
		t.Errorf("transcript: %d words, engine %q, model %q, %v s", len(got.Words), got.Engine, got.Model, got.DurationS)
	}
	if digest(t, wavPath) != before {
		t.Error("the recording changed")
	}
	path, err := Save(wavPath, got)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	back, err := transcript.Decode(f)
	if err != nil || len(back.Words) != len(got.Words) || back.Text != got.Text {
		t.Errorf("saved transcript reads back as %+v, %v", back, err)
	}
}

// recordingRunner keeps the last output it saw.
type recordingRunner struct {
	Runner
	out *Output
}

func (r *recordingRunner) Run(ctx context.Context, c Cmd) (*Output, error) {
	out, err := r.Runner.Run(ctx, c)
	r.out = out
	return out, err
}

func TestSurveyAndChoose(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "ggml-base.en.bin")
	os.WriteFile(model, []byte("m"), 0o644)
	installed := map[string]bool{}
	look := func(name string) (string, error) {
		if installed[name] && filepath.IsAbs(name) {
			return name, nil
		}
		if installed[name] {
			return "/usr/bin/" + name, nil
		}
		return "", exec.ErrNotFound
	}
	choose := func(s Settings) (string, error) {
		e, err := Choose(s, Survey(s, look))
		return e.Name, err
	}

	if _, err := choose(Settings{}); err == nil || !strings.Contains(err.Error(), "no speech-to-text engine found") {
		t.Errorf("nothing installed: %v", err)
	}
	installed["pocketsphinx_continuous"] = true
	installed["whisper-cli"] = true
	if isDir(PocketSphinxModelDir) {
		if name, err := choose(Settings{}); name != PocketSphinx || err != nil {
			t.Errorf("whisper without a model, pocketsphinx installed: chose %q, %v", name, err)
		}
	}
	if name, _ := choose(Settings{ConfigModel: model}); name != Whisper {
		t.Errorf("whisper with a model: chose %q", name)
	}
	if name, _ := choose(Settings{WhisperModel: model}); name != Whisper {
		t.Errorf("whisper with a model from the environment: chose %q", name)
	}
	installed["vosk-transcriber"] = true
	if name, _ := choose(Settings{}); name != Vosk {
		t.Errorf("vosk installed, whisper without model: chose %q", name)
	}
	installed["my-stt"] = true
	if name, _ := choose(Settings{Command: []string{"my-stt", "--in=" + WavPlaceholder}}); name != Command {
		t.Errorf("command configured: chose %q", name)
	}
	if _, err := choose(Settings{Command: []string{"my-stt"}}); err == nil || !strings.Contains(err.Error(), "no {wav} argument") {
		t.Errorf("command without {wav}: %v", err)
	}
	if _, err := choose(Settings{Engine: "google"}); err == nil || !strings.Contains(err.Error(), `unknown engine "google"`) {
		t.Errorf("unknown engine: %v", err)
	}
	if _, err := choose(Settings{Engine: Whisper}); err == nil || !strings.Contains(err.Error(), "whisper: no model configured") {
		t.Errorf("whisper asked for without a model: %v", err)
	}
	if _, err := choose(Settings{Engine: Whisper, Model: filepath.Join(dir, "nope.bin")}); err == nil || !strings.Contains(err.Error(), "is not a file") {
		t.Errorf("whisper with a missing model: %v", err)
	}
	e, err := Choose(Settings{Engine: Vosk, Model: dir}, Survey(Settings{Engine: Vosk, Model: dir}, look))
	if err != nil || e.Model != dir || e.Program != "/usr/bin/vosk-transcriber" {
		t.Errorf("vosk with a model: %+v, %v", e, err)
	}
	if _, err := choose(Settings{Engine: Command, Command: []string{"my-stt", WavPlaceholder}, Model: model}); err == nil || !strings.Contains(err.Error(), "command takes no --model") {
		t.Errorf("command with --model: %v", err)
	}
	// A whisper model file is not handed to vosk when vosk is the default.
	delete(installed, "whisper-cli")
	e, _ = Choose(Settings{ConfigModel: model}, Survey(Settings{ConfigModel: model}, look))
	if e.Name != Vosk || e.Model != "" {
		t.Errorf("default vosk with a whisper model configured: %+v", e)
	}
	delete(installed, "vosk-transcriber")
	delete(installed, "pocketsphinx_continuous")
	_, err = choose(Settings{Engine: PocketSphinx})
	if err == nil || err.Error() != "pocketsphinx: program pocketsphinx_continuous not found; install it: apt-get install pocketsphinx pocketsphinx-en-us" {
		t.Errorf("pocketsphinx missing: %v", err)
	}
	// A program path from the configuration wins.
	s := Settings{Programs: map[string]string{PocketSphinx: "/opt/ps/bin/psc"}}
	installed["/opt/ps/bin/psc"] = true
	st := Survey(s, look)
	if st[2].Name != PocketSphinx || !st[2].Found || st[2].Path != "/opt/ps/bin/psc" {
		t.Errorf("program override: %+v", st[2])
	}
}

func TestTimeoutFor(t *testing.T) {
	if TimeoutFor(3) != time.Minute || TimeoutFor(0) != time.Minute || TimeoutFor(math.NaN()) != time.Minute {
		t.Error("short recordings get less than a minute")
	}
	if TimeoutFor(120) != 10*time.Minute {
		t.Errorf("2:00 recording: %v", TimeoutFor(120))
	}
}

// A reader that panics on an engine's output fails that transcription with
// a parse error, which the caller reports like any output not understood.
func TestReadSafelyTurnsAPanicIntoAParseError(t *testing.T) {
	_, err := readSafely(func(*Output) (*transcript.Transcript, error) {
		var m map[string]int
		m["x"] = 1 // a nil map: a panic, as a parser's bug would be
		return nil, nil
	}, &Output{})
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "a bug in starcoach's reader") {
		t.Fatalf("got %v, want a *ParseError naming the bug", err)
	}
	msg := (&Error{Engine: "vosk", Err: err}).Error()
	if !strings.HasPrefix(msg, "vosk output not understood: ") || strings.Contains(msg, "\n") {
		t.Errorf("message %q", msg)
	}
}

// An engine that empties the file it is handed empties its own copy.
func TestEngineThatWritesItsInputLeavesTheRecording(t *testing.T) {
	wavPath := recording(t, 16000)
	before := digest(t, wavPath)
	script := filepath.Join(t.TempDir(), "truncate.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nchmod u+w \"$1\"; : > \"$1\"\necho we shipped it\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tr := &Transcriber{Engine: Engine{Name: Command, Program: script, Args: []string{WavPlaceholder}}, Runner: &ExecRunner{}, TempDir: scratch(t)}
	got, err := tr.Transcribe(context.Background(), wavPath)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "we shipped it" {
		t.Errorf("text %q", got.Text)
	}
	if digest(t, wavPath) != before {
		t.Fatal("the engine changed the recording")
	}
}

// Output far beyond what the recording can hold is refused by the word
// budget, before anything is saved.
func TestTranscribeRefusesMoreThanTheRecordingHolds(t *testing.T) {
	wavPath := recording(t, 16000)
	script := filepath.Join(t.TempDir(), "flood.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nyes 'we shipped it' | head -n 100000\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tr := &Transcriber{Engine: Engine{Name: Command, Program: script, Args: []string{WavPlaceholder}}, Runner: &ExecRunner{}, TempDir: scratch(t)}
	_, err := tr.Transcribe(context.Background(), wavPath)
	if err == nil || err.Error() != "command output not understood: more than 200 words in 0:01 of audio, faster than anyone speaks" {
		t.Fatalf("got %v", err)
	}
}

// TestPocketSphinxWordTimesStartWithTheSpeech runs the real engine on an
// answer its voice-activity detector once mistimed: Flite's "rms" voice
// after half a second of digital silence. With the detector on,
// pocketsphinx_continuous stamped the first word 7.56 s where the speech
// starts at 0.5 s, and every time after it ran as late, past the end of
// the recording. Its times must follow the audio.
func TestPocketSphinxWordTimesStartWithTheSpeech(t *testing.T) {
	testaudio.Need(t, "pocketsphinx_continuous", "flite", "sox")
	if _, err := os.Stat(PocketSphinxModelDir); err != nil {
		t.Fatalf("PocketSphinx's English model is missing: apt-get install pocketsphinx-en-us (%v)", err)
	}
	dir := t.TempDir()
	const rate = 16000
	parts := []string{testaudio.Silence(t, dir, 0.5, rate)}
	for i, s := range []string{
		"When I was a team lead at a support center, new agents took about six weeks to handle calls alone.",
		"My manager asked me to shorten the onboarding without hurting the quality of our answers.",
	} {
		raw := filepath.Join(dir, fmt.Sprintf("raw%d.wav", i))
		testaudio.Run(t, "flite", "-voice", "rms", "-t", s, "-o", raw)
		speech := filepath.Join(dir, fmt.Sprintf("s%d.wav", i))
		testaudio.Run(t, "sox", raw, "-r", strconv.Itoa(rate), "-c", "1", "-b", "16", speech,
			"silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse")
		parts = append(parts, speech, testaudio.Silence(t, dir, 0.35, rate))
	}
	wavPath := testaudio.Join(t, filepath.Join(dir, "answer.wav"), parts...)
	seconds := float64(testaudio.Samples(t, wavPath)) / rate

	eng, err := Choose(Settings{Engine: PocketSphinx}, Survey(Settings{}, exec.LookPath))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingRunner{Runner: &ExecRunner{}}
	tr := &Transcriber{Engine: eng, Runner: rec, TempDir: scratch(t)}
	if _, err := tr.Transcribe(context.Background(), wavPath); err != nil {
		t.Fatal(err)
	}
	raw, err := ParsePocketSphinx(rec.out.Stdout)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw.Words) < 10 {
		t.Fatalf("%d words from %.1f s of speech: %q", len(raw.Words), seconds, rec.out.Stdout)
	}
	// On the engine's own output, before starcoach clamps anything.
	if first := raw.Words[0]; math.Abs(first.StartS-0.5) > 0.3 {
		t.Errorf("first word %+v: the speech starts at 0.50 s", first)
	}
	if last := raw.Words[len(raw.Words)-1]; last.EndS > seconds+0.05 {
		t.Errorf("last word %+v ends after the %.2f s of audio", last, seconds)
	}
}

package record

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/audio/audiotest"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/ui"
	"github.com/starcoach/starcoach/internal/wav"
)

// syncBuffer is a stderr that a test may read while Record writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls the buffer until it holds want.
func (s *syncBuffer) waitFor(t testing.TB, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q on stderr after 10 s:\n%s", want, s.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func testStreams(errTTY bool) (*ui.Streams, *syncBuffer) {
	errOut := &syncBuffer{}
	s := &ui.Streams{In: strings.NewReader(""), Out: io.Discard, Err: errOut}
	s.SetTTY(false, false, errTTY)
	return s, errOut
}

// speech is a spoken sentence at 16 kHz mono: its WAV and its samples.
func speech(t testing.TB) (string, []int16) {
	t.Helper()
	path := testaudio.Speak(t, t.TempDir(), "Tell me about a time you resolved a conflict in your team.", 16000)
	return path, audiotest.WAVSamples(t, path)
}

func framesOf(seconds float64) int { return int(seconds * 16000) }

// duration is exactly n frames at 16 kHz.
func duration(n int) time.Duration { return time.Duration(n) * time.Second / 16000 }

// readWAV checks that path is a valid WAV and returns its samples and the
// frame count its header gives.
func readWAV(t testing.TB, path string) (wav.Format, []int16) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := wav.NewReader(f)
	if err != nil {
		t.Fatalf("%s is not a valid WAV: %v", path, err)
	}
	if len(r.Warnings()) > 0 {
		t.Errorf("%s: reader warnings %q", path, r.Warnings())
	}
	return r.Format(), audiotest.WAVSamples(t, path)
}

func readTiming(t testing.TB, res Result) map[string]any {
	t.Helper()
	if res.TimingPath != assess.Paths(res.Path).Timing {
		t.Fatalf("timing path %q, want %q", res.TimingPath, assess.Paths(res.Path).Timing)
	}
	b, err := os.ReadFile(res.TimingPath)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("timing file: %v\n%s", err, b)
	}
	return m
}

// The ALSA file microphone delivers the injected samples exactly; the
// recording holds them sample for sample, through the real audio library,
// and stops after exactly the duration asked for.
func TestRecordIsSampleExactThroughALSA(t *testing.T) {
	_, in := speech(t)
	for _, channels := range []int{1, 2} {
		t.Run(map[int]string{1: "mono", 2: "stereo"}[channels], func(t *testing.T) {
			injected := in
			if channels == 2 {
				injected = make([]int16, 2*len(in))
				for i, s := range in {
					injected[2*i], injected[2*i+1] = s, -s/2
				}
			}
			env, _ := audiotest.ALSAFile(t, injected, 16000, channels)
			audiotest.Setenv(t, env)
			sys, err := audio.Open(nil)
			if err != nil {
				t.Fatal(err)
			}
			defer sys.Close()
			path := filepath.Join(t.TempDir(), "answer.wav")
			want := len(in) + framesOf(0.5) // frames: the speech and half the trailing silence
			streams, _ := testStreams(false)
			res, err := Record(context.Background(), sys, Options{
				Path: path, Channels: channels, Duration: duration(want),
				// The device has no clock and delivers about a thousand
				// times faster than real time, so the hand-off must hold
				// all it sends while the writer is off the processor: ten
				// minutes of sound covers the writer waiting 0.6 s on a
				// busy machine.
				Buffer: 10 * time.Minute,
			}, streams)
			if err != nil {
				t.Fatal(err)
			}
			format, got := readWAV(t, path)
			if format.Channels != channels || format.SampleRate != 16000 || format.BitsPerSample != 16 {
				t.Errorf("format %v", format)
			}
			if len(got) != want*channels {
				t.Fatalf("recorded %d samples, want %d", len(got), want*channels)
			}
			for i := range got {
				w := int16(0)
				if i < len(injected) {
					w = injected[i]
				}
				if got[i] != w {
					t.Fatalf("sample %d differs: got %d, want %d", i, got[i], w)
				}
			}
			if res.StoppedBy != ByDuration || res.Timing.Frames != int64(want) || !res.Timing.SpeechFound {
				t.Errorf("result %+v", res)
			}
			if res.Stats.Overflows() != 0 {
				t.Errorf("overflows %+v", res.Stats)
			}
			m := readTiming(t, res)
			if m["frames"] != float64(want) || m["overflows"] != float64(0) || m["stopped_by"] != ByDuration || m["verdict"] != analyze.Short {
				t.Errorf("timing file %v", m)
			}
			// The live analysis is the analysis of the file.
			f, _ := os.Open(path)
			defer f.Close()
			again, err := analyze.Stream(f, analyze.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if again.SpeechStartS != res.Timing.SpeechStartS || again.SpeechEndS != res.Timing.SpeechEndS || again.Frames != res.Timing.Frames {
				t.Errorf("file analysis %+v\nlive %+v", again, res.Timing)
			}
		})
	}
}

// On the PulseAudio virtual microphone, in real time, a sentence spoken
// into it is recorded whole (its level envelope matches), and the
// recording stops by itself after the silence that follows it.
func TestRecordPulseStopsAfterSilence(t *testing.T) {
	wavPath, in := speech(t)
	p := audiotest.Pulse(t)
	audiotest.Setenv(t, p.Env())
	sys, err := audio.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	path := filepath.Join(t.TempDir(), "answer.wav")
	streams, errOut := testStreams(false)
	type outcome struct {
		res Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := Record(context.Background(), sys, Options{
			Path: path, Question: "Tell me about a conflict.", Context: "Earn Trust",
			StopAfterSilence: 1500 * time.Millisecond, Max: 20 * time.Second,
		}, streams)
		done <- outcome{res, err}
	}()
	errOut.waitFor(t, "Recording to")
	start := time.Now()
	time.Sleep(300 * time.Millisecond) // silence first: it must not stop the recording
	p.Play(t, wavPath)
	o := <-done
	wall := time.Since(start)
	if o.err != nil {
		t.Fatal(o.err)
	}
	_, got := readWAV(t, path)
	corr, off := audiotest.EnvelopeMatch(in, got, 16000)
	if corr < 0.95 {
		t.Errorf("envelope correlation %.3f at offset %d", corr, off)
	}
	res := o.res
	if res.StoppedBy != BySilence {
		t.Errorf("stopped by %q", res.StoppedBy)
	}
	if ts := res.Timing.TrailingSilenceS; ts < 1.3 || ts > 2.0 {
		t.Errorf("trailing silence %.2f s, want about 1.5 s", ts)
	}
	// Real time: the recording is as long as the wall time it took.
	if d := res.Timing.DurationS; d > wall.Seconds()+0.2 || d < wall.Seconds()-1.0 {
		t.Errorf("recorded %.2f s in %.2f s", d, wall.Seconds())
	}
	if res.Stats.Overflows() != 0 {
		t.Errorf("overflows: %+v", res.Stats)
	}
	for _, want := range []string{"Question: Tell me about a conflict.", "          Earn Trust", "until 1.5 s of silence after speech"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
}

// fakeRecord records from a Fake into a temporary file.
func fakeRecord(t testing.TB, ctx context.Context, f *audio.Fake, o Options, streams *ui.Streams) (Result, error) {
	t.Helper()
	if o.Path == "" {
		o.Path = filepath.Join(t.TempDir(), "answer.wav")
	}
	return Record(ctx, f, o, streams)
}

func TestStopsOnEnterOrQ(t *testing.T) {
	for _, key := range []string{"\n", "q"} {
		t.Run(strings.TrimSpace(key)+"key", func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pw.Close()
			streams, errOut := testStreams(false)
			done := make(chan Result, 1)
			go func() {
				res, err := fakeRecord(t, context.Background(), &audio.Fake{Realtime: true}, Options{Keys: pr, Max: 10 * time.Second}, streams)
				if err != nil {
					t.Error(err)
				}
				done <- res
			}()
			errOut.waitFor(t, "Recording to")
			if !strings.Contains(errOut.String(), "press Enter or q to stop") {
				t.Errorf("stderr: %s", errOut.String())
			}
			time.Sleep(400 * time.Millisecond)
			pw.Write([]byte(key))
			res := <-done
			if res.StoppedBy != ByKey {
				t.Errorf("stopped by %q", res.StoppedBy)
			}
			if d := res.Timing.DurationS; d < 0.3 || d > 1.5 {
				t.Errorf("recorded %.2f s", d)
			}
			_, got := readWAV(t, res.Path)
			if int64(len(got)) != res.Timing.Frames || res.Stats.Frames != res.Timing.Frames {
				t.Errorf("file holds %d frames, result %d, captured %d", len(got), res.Timing.Frames, res.Stats.Frames)
			}
		})
	}
}

// Ctrl-C or SIGTERM (the context) ends the recording like a key: the file
// is finished and the result returned, not an error.
func TestSignalFinishesTheRecording(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	streams, errOut := testStreams(false)
	done := make(chan struct{})
	var res Result
	var err error
	go func() {
		defer close(done)
		res, err = fakeRecord(t, ctx, &audio.Fake{Realtime: true}, Options{Max: 10 * time.Second}, streams)
	}()
	errOut.waitFor(t, "Recording to")
	time.Sleep(300 * time.Millisecond)
	cancel()
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if res.StoppedBy != BySignal {
		t.Errorf("stopped by %q", res.StoppedBy)
	}
	_, got := readWAV(t, res.Path)
	if len(got) == 0 || int64(len(got)) != res.Timing.Frames {
		t.Errorf("file holds %d frames, result %d", len(got), res.Timing.Frames)
	}
	if m := readTiming(t, res); m["stopped_by"] != BySignal {
		t.Errorf("timing %v", m)
	}
}

func TestCancelDuringCountdownLeavesNoFile(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	path := filepath.Join(t.TempDir(), "answer.wav")
	streams, errOut := testStreams(false)
	_, err := Record(ctx, &audio.Fake{}, Options{Path: path, Countdown: 5 * time.Second}, streams)
	if !errors.Is(err, ErrCancelled) {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file left behind: %v", err)
	}
	if !strings.Contains(errOut.String(), "recording starts in 5.0 s") {
		t.Errorf("stderr: %q", errOut.String())
	}
}

// The question is read aloud after it is shown and before the countdown;
// a voice that fails is a note, not the end of the answer.
func TestSayReadsTheQuestionBeforeTheCountdown(t *testing.T) {
	for _, fail := range []bool{false, true} {
		streams, errOut := testStreams(false)
		var shownBefore string
		res, err := fakeRecord(t, context.Background(), &audio.Fake{}, Options{
			Question:  "Tell me about a time you failed.",
			Countdown: time.Millisecond,
			Duration:  100 * time.Millisecond,
			Say: func(context.Context) error {
				shownBefore = errOut.String()
				if fail {
					return errors.New("espeak-ng: exit status 1")
				}
				return nil
			},
		}, streams)
		if err != nil || res.Timing.Frames != 1600 {
			t.Fatalf("fail=%v: %v, %d frames", fail, err, res.Timing.Frames)
		}
		if !strings.Contains(shownBefore, "Question: Tell me about a time you failed.") || strings.Contains(shownBefore, "recording starts") {
			t.Errorf("when the voice started, stderr was %q", shownBefore)
		}
		note := "starcoach: the question was not read aloud: espeak-ng: exit status 1"
		if strings.Contains(errOut.String(), note) != fail {
			t.Errorf("fail=%v: stderr %q", fail, errOut.String())
		}
	}
}

// Max and Duration end the recording at exactly their length.
func TestMaxAndDurationAreExact(t *testing.T) {
	for _, tc := range []struct {
		name          string
		max, duration time.Duration
		frames        int64
		by            string
	}{
		{"max", 1500 * time.Millisecond, 0, 24000, ByMax},
		{"duration", 1500 * time.Millisecond, time.Second, 16000, ByDuration},
		{"duration past max", time.Second, 2 * time.Second, 16000, ByMax},
		{"default max is limit plus 60 s", 0, 0, 61 * 16000, ByMax},
		{"default max does not cut a duration", 0, 62 * time.Second, 62 * 16000, ByDuration},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, _ := testStreams(false)
			res, err := fakeRecord(t, context.Background(), &audio.Fake{}, Options{
				Max: tc.max, Duration: tc.duration, Analyze: analyze.Options{LimitS: 1},
			}, streams)
			if err != nil {
				t.Fatal(err)
			}
			if res.Timing.Frames != tc.frames || res.StoppedBy != tc.by {
				t.Errorf("%d frames stopped by %q, want %d by %q", res.Timing.Frames, res.StoppedBy, tc.frames, tc.by)
			}
			if _, got := readWAV(t, res.Path); int64(len(got)) != tc.frames {
				t.Errorf("file holds %d frames", len(got))
			}
		})
	}
}

// The silence stop waits for speech: the silence before the first word
// never ends the recording.
func TestStopAfterSilenceOnlyAfterSpeech(t *testing.T) {
	_, in := speech(t)
	lead := make([]int16, framesOf(2.5))
	input := append(append([]int16{}, lead...), in...)
	streams, _ := testStreams(false)
	res, err := fakeRecord(t, context.Background(), &audio.Fake{Input: input}, Options{
		StopAfterSilence: time.Second, Max: 30 * time.Second,
	}, streams)
	if err != nil {
		t.Fatal(err)
	}
	if res.StoppedBy != BySilence {
		t.Fatalf("stopped by %q", res.StoppedBy)
	}
	if res.Timing.SpeechStartS < 2.4 || res.Timing.SpeechStartS > 2.7 {
		t.Errorf("speech starts at %.2f s", res.Timing.SpeechStartS)
	}
	if ts := res.Timing.TrailingSilenceS; ts < 0.9 || ts > 1.3 {
		t.Errorf("trailing silence %.2f s, want about 1 s", ts)
	}
}

// Overflows the device reports are counted, shown live, kept in the
// timing file and warned about in the analysis.
func TestDeviceOverflowsAreReported(t *testing.T) {
	streams, errOut := testStreams(true)
	res, err := fakeRecord(t, context.Background(), &audio.Fake{Realtime: true, OverflowBlocks: []int{2, 9}},
		Options{Duration: 800 * time.Millisecond}, streams)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.DeviceOverflows != 2 {
		t.Errorf("stats %+v", res.Stats)
	}
	if m := readTiming(t, res); m["overflows"] != float64(2) {
		t.Errorf("timing file overflows %v", m["overflows"])
	}
	if !strings.Contains(strings.Join(res.Timing.Warnings, "\n"), "2 overflows: sound was lost 2 times") {
		t.Errorf("warnings %q", res.Timing.Warnings)
	}
	var text bytes.Buffer
	analyze.WriteText(&text, res.Timing)
	if !strings.Contains(text.String(), "! 2 overflows") {
		t.Errorf("analysis text:\n%s", text.String())
	}
	if !strings.Contains(errOut.String(), "! sound lost at 0:00") || !strings.Contains(errOut.String(), "lost:2") {
		t.Errorf("live display:\n%q", errOut.String())
	}
}

// stallingFile is a WAV file whose writes stall once, or fail once the
// file would grow past a size, like a slow or a full disk.
type stallingFile struct {
	*os.File
	mu       sync.Mutex
	writes   int
	stallAt  int
	stallFor time.Duration
	fullAt   int64
}

func (f *stallingFile) WriteAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	f.writes++
	stall := f.writes == f.stallAt
	f.mu.Unlock()
	if stall {
		time.Sleep(f.stallFor)
	}
	if f.fullAt > 0 && off+int64(len(p)) > f.fullAt {
		n := max(int(f.fullAt-off), 0)
		f.File.WriteAt(p[:n], off)
		return n, syscall.ENOSPC
	}
	return f.File.WriteAt(p, off)
}

func injectFile(f *stallingFile) func(string, wav.Format, wav.CreateOptions) (*wav.Writer, error) {
	return func(path string, format wav.Format, o wav.CreateOptions) (*wav.Writer, error) {
		file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		f.File = file
		return wav.NewWriter(f, format, o)
	}
}

// A writer that stalls longer than the hand-off holds loses sound; the
// loss is counted and reported, and the recording goes on.
func TestStalledWriterOverflowsAreCounted(t *testing.T) {
	file := &stallingFile{stallAt: 6, stallFor: 700 * time.Millisecond}
	streams, _ := testStreams(false)
	res, err := fakeRecord(t, context.Background(), &audio.Fake{Realtime: true}, Options{
		Duration: 1500 * time.Millisecond, Buffer: 200 * time.Millisecond, create: injectFile(file),
	}, streams)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.DroppedBlocks == 0 || res.Stats.DroppedFrames < framesOfInt64(0.3) {
		t.Errorf("a 0.7 s stall with 0.2 s of buffer lost nothing: %+v", res.Stats)
	}
	if m := readTiming(t, res); m["overflows"] != float64(res.Stats.Overflows()) {
		t.Errorf("timing file overflows %v, stats %+v", m["overflows"], res.Stats)
	}
	if !strings.Contains(strings.Join(res.Timing.Warnings, "\n"), "overflows: sound was lost") {
		t.Errorf("warnings %q", res.Timing.Warnings)
	}
	if _, got := readWAV(t, res.Path); len(got) != 24000 {
		t.Errorf("file holds %d frames, want the 1.5 s asked for", len(got))
	}
}

func framesOfInt64(seconds float64) int64 { return int64(framesOf(seconds)) }

// A full disk stops the recording with a clear error; what was written is
// a valid file and is reported.
func TestFullDiskKeepsWhatWasWritten(t *testing.T) {
	const room = 44 + 2*16000 // header and one second
	file := &stallingFile{fullAt: room + 1}
	streams, _ := testStreams(false)
	res, err := fakeRecord(t, context.Background(), &audio.Fake{}, Options{Max: 10 * time.Second, create: injectFile(file)}, streams)
	if err == nil {
		t.Fatal("no error from a full disk")
	}
	msg := err.Error()
	for _, want := range []string{"recording stopped", "no space left on device", "1.0 s recorded before it are kept"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if res.Path == "" || res.StoppedBy != ByError || res.Timing.Frames != 16000 {
		t.Errorf("result %+v", res)
	}
	if _, got := readWAV(t, res.Path); len(got) != 16000 {
		t.Errorf("file holds %d frames, want 16000", len(got))
	}
}

func TestRefusesToOverwriteWithoutForce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answer.wav")
	os.WriteFile(path, []byte("an earlier take"), 0o644)
	streams, _ := testStreams(false)
	_, err := Record(context.Background(), &audio.Fake{}, Options{Path: path, Duration: time.Second}, streams)
	var exists *wav.ExistsError
	if !errors.As(err, &exists) || !strings.Contains(err.Error(), "already exists: use --force") {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "an earlier take" {
		t.Errorf("file changed: %q", b)
	}
	res, err := Record(context.Background(), &audio.Fake{}, Options{Path: path, Duration: time.Second, Force: true}, streams)
	if err != nil || res.Timing.Frames != 16000 {
		t.Fatalf("with force: %v, %+v", err, res)
	}
}

func TestDeviceErrorsComeBeforeAnyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "answer.wav")
	streams, _ := testStreams(false)
	_, err := Record(context.Background(), &audio.Fake{}, Options{Path: path, Device: "no such mic"}, streams)
	if err == nil || !strings.Contains(err.Error(), `no input device matches "no such mic"; input devices: 0 Fake Microphone (Fake)`) {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("file created: %v", err)
	}
}

func TestLiveLine(t *testing.T) {
	s := snapshot{live: analyze.Live{ElapsedS: 42.3, LevelDBFS: -23.4, PeakDBFS: -12, Clipping: true}}
	line := liveLine(s, 120)
	for _, want := range []string{"● 0:42 / 2:00 ", "[======>             ]", " level ########--", " -23 dBFS", " CLIP"} {
		if !strings.Contains(line, want) {
			t.Errorf("%q lacks %q", line, want)
		}
	}
	if len([]rune(line)) > 79 {
		t.Errorf("line of %d columns: %q", len([]rune(line)), line)
	}
	quiet := liveLine(snapshot{live: analyze.Live{ElapsedS: 3, LevelDBFS: analyze.FloorDBFS, PeakDBFS: analyze.FloorDBFS, TooQuiet: true}, overflows: 3}, 120)
	for _, want := range []string{"[>", "----------", "-inf dBFS", "too quiet: move closer", "lost:3"} {
		if !strings.Contains(quiet, want) {
			t.Errorf("%q lacks %q", quiet, want)
		}
	}
	over := liveLine(snapshot{live: analyze.Live{ElapsedS: 125, PeakDBFS: -6}}, 120)
	if !strings.Contains(over, "[====================]") || !strings.Contains(over, "over by 5.0 s") {
		t.Errorf("over: %q", over)
	}

	// The warnings are said once each, in order, above the line.
	var out bytes.Buffer
	v := newLiveView(&out, true, analyze.Options{LimitS: 120})
	for _, el := range []float64{100, 104.9, 105, 106, 119.9, 120, 121} {
		v.draw(snapshot{live: analyze.Live{ElapsedS: el}})
	}
	text := out.String()
	if strings.Count(text, "left: time to wrap up") != 1 || strings.Count(text, "the limit is reached") != 1 ||
		strings.Index(text, "15 s left") > strings.Index(text, "2:00: the limit is reached") {
		t.Errorf("warnings:\n%q", text)
	}
	off := newLiveView(&out, false, analyze.Options{LimitS: 120})
	out.Reset()
	off.draw(snapshot{live: analyze.Live{ElapsedS: 130}, overflows: 1})
	off.finish(snapshot{})
	if out.Len() != 0 {
		t.Errorf("drew off a terminal: %q", out.String())
	}

	// The warning comes when the answer becomes near by the analyzer's
	// rule, whatever near is set to: 20 s before a 1:00 limit here.
	out.Reset()
	near := newLiveView(&out, true, analyze.Options{LimitS: 60, NearS: 20})
	near.draw(snapshot{live: analyze.Live{ElapsedS: 39.9}})
	if strings.Contains(out.String(), "left: time to wrap up") {
		t.Errorf("warned before the answer was near: %q", out.String())
	}
	near.draw(snapshot{live: analyze.Live{ElapsedS: 40}})
	if verdict := analyze.Judge(true, 40, 60, 0, 20); verdict != analyze.Near || !strings.Contains(out.String(), "20 s left: time to wrap up") {
		t.Errorf("at 0:40 of 1:00 (verdict %s), near 20 s: %q", verdict, out.String())
	}
}

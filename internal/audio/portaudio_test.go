package audio_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/audio/audiotest"
	"github.com/starcoach/starcoach/internal/testaudio"
)

// childEnv makes the test binary run one of the child programs below
// instead of the tests: they check what a whole process prints.
const childEnv = "STARCOACH_AUDIO_TEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "probe":
		os.Exit(probeChild())
	case "busy":
		busyChild()
	case "firstblock":
		os.Exit(firstBlockChild())
	default:
		fmt.Fprintln(os.Stderr, "unknown child", os.Getenv(childEnv))
		os.Exit(3)
	}
}

// probeChild opens the audio system, lists the devices and asks a device
// for a rate it refuses, printing the results on stdout and, with
// CHILD_VERBOSE set, the library's own messages too.
func probeChild() int {
	var verbose io.Writer
	if os.Getenv("CHILD_VERBOSE") != "" {
		verbose = os.Stdout
	}
	sys, err := audio.Open(verbose)
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	defer sys.Close()
	devs, _ := sys.Devices()
	fmt.Println("devices:", len(devs))
	_, err = sys.OpenCapture(audio.CaptureConfig{Device: "fixed16k", SampleRate: 48000})
	fmt.Println("capture:", err)
	return 0
}

// speech returns about two seconds of spoken 16 kHz mono samples.
func speech(t testing.TB) (wav string, samples []int16) {
	t.Helper()
	wav = testaudio.Speak(t, t.TempDir(), "Tell me about a time you resolved a conflict in your team.", 16000)
	return wav, audiotest.WAVSamples(t, wav)
}

func open(t testing.TB, env []string) audio.System {
	t.Helper()
	audiotest.Setenv(t, env)
	sys, err := audio.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	return sys
}

// readUntil reads from c until it has n samples.
func readUntil(t testing.TB, c audio.Capture, n int) []int16 {
	t.Helper()
	got := make([]int16, 0, n)
	buf := make([]int16, 4096)
	for len(got) < n {
		k, err := c.Read(buf[:min(len(buf), n-len(got))])
		if err != nil {
			t.Fatalf("read after %d of %d samples: %v", len(got), n, err)
		}
		got = append(got, buf[:k]...)
	}
	return got
}

// readAll reads from c on its own goroutine until Stop; wait returns it all.
func readAll(c audio.Capture) (wait func() ([]int16, error)) {
	var got []int16
	var err error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]int16, 4096)
		for {
			n, rerr := c.Read(buf)
			got = append(got, buf[:n]...)
			if rerr != nil {
				if rerr != io.EOF {
					err = rerr
				}
				return
			}
		}
	}()
	return func() ([]int16, error) {
		wg.Wait()
		return got, err
	}
}

func TestDevicesALSAFile(t *testing.T) {
	env, _ := audiotest.ALSAFile(t, nil, 16000, 1)
	sys := open(t, env)
	devs, err := sys.Devices()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range devs {
		names = append(names, d.Name)
		if d.HostAPI != "ALSA" || d.MaxInputChannels == 0 || d.MaxOutputChannels == 0 {
			t.Errorf("device %+v", d)
		}
		if (d.Name == "default") != d.DefaultInput || (d.Name == "default") != d.DefaultOutput {
			t.Errorf("default marks on %+v", d)
		}
	}
	if !slices.Equal(names, []string{"vmic", "vspk", "default"}) {
		t.Errorf("devices %q", names)
	}
}

// Capture through ALSA's file plugin returns the injected samples exactly,
// from the first sample: the device adds no lead of its own.
func TestCaptureIsSampleExact(t *testing.T) {
	_, in := speech(t)
	for _, channels := range []int{1, 2} {
		t.Run(fmt.Sprintf("%dch", channels), func(t *testing.T) {
			injected := in
			if channels == 2 {
				injected = make([]int16, 2*len(in))
				for i, s := range in {
					injected[2*i], injected[2*i+1] = s, -s/2
				}
			}
			env, _ := audiotest.ALSAFile(t, injected, 16000, channels)
			sys := open(t, env)
			// The device has no clock: the hand-off must hold it all until read.
			c, err := sys.OpenCapture(audio.CaptureConfig{Device: "vmic", Channels: channels, Buffer: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if info := c.Info(); info.Device.Name != "vmic" || info.SampleRate != 16000 || info.Channels != channels {
				t.Errorf("info %+v", info)
			}
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			silence := int(audiotest.TrailingSilence.Seconds()*16000) * channels
			got := readUntil(t, c, len(injected)+silence)
			c.Stop()
			if i := firstDifference(got[:len(injected)], injected); i >= 0 {
				t.Fatalf("sample %d of %d differs: got %d, want %d", i, len(injected), got[i], injected[i])
			}
			if slices.ContainsFunc(got[len(injected):], func(s int16) bool { return s != 0 }) {
				t.Error("not the injected silence after the injected sound")
			}
			if c.Stats().DeviceOverflows != 0 {
				t.Errorf("stats %+v", c.Stats())
			}
		})
	}
}

func firstDifference(a, b []int16) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// Playback through ALSA's file plugin writes exactly what was played, from
// the first sample, then silence.
func TestPlaybackIsSampleExact(t *testing.T) {
	_, in := speech(t)
	env, outRaw := audiotest.ALSAFile(t, nil, 16000, 1)
	sys := open(t, env)
	// The device has no clock: queue it all before it starts, or it plays
	// gaps while the writer catches up.
	p, err := sys.OpenPlayback(audio.PlaybackConfig{Device: "vspk", Buffer: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i := 0; i < len(in); i += 1000 {
		if err := p.Write(in[i:min(i+1000, len(in))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Drain(); err != nil {
		t.Fatal(err)
	}
	if p.Played() < int64(len(in)) || p.Underruns() != 0 {
		t.Errorf("Played() = %d of %d, Underruns() = %d", p.Played(), len(in), p.Underruns())
	}
	p.Close()
	out := audiotest.ReadRaw(t, outRaw)
	if in[0] == 0 {
		t.Fatal("the speech starts with a zero sample: the lead cannot be measured")
	}
	// The device primes itself with silence (150 ms here, three blocks):
	// a fixed lead of whole device blocks, then the sound exactly.
	lead := slices.IndexFunc(out, func(s int16) bool { return s != 0 })
	t.Logf("lead of %d samples (%.0f ms)", lead, float64(lead)/16)
	if lead < 0 || lead%800 != 0 || lead > 16000/2 {
		t.Fatalf("lead of %d samples before the sound: want whole 800-frame blocks, under 500 ms", lead)
	}
	out = out[lead:]
	if len(out) < len(in) {
		t.Fatalf("device wrote %d samples, fewer than the %d played", len(out), len(in))
	}
	if i := firstDifference(out[:len(in)], in); i >= 0 {
		t.Fatalf("sample %d differs: wrote %d, played %d", i, out[i], in[i])
	}
	if slices.ContainsFunc(out[len(in):], func(s int16) bool { return s != 0 }) {
		t.Error("not silence after the played sound")
	}
}

// withFixedRate is the ALSA file devices plus "fixed16k", a device that
// takes only 16 kHz because it has no rate converter.
func withFixedRate(t testing.TB) []string {
	dir := t.TempDir()
	conf := audiotest.FileDevices(filepath.Join(dir, "in.raw"), filepath.Join(dir, "out.raw"), 16000, 1) +
		`pcm.fixed16k { type plug; slave { pcm { type null }; format S16_LE; rate 16000; channels 1 }; rate_converter "starcoach_no_such_converter" }` + "\n"
	os.WriteFile(filepath.Join(dir, "in.raw"), nil, 0o644)
	return audiotest.ALSAConfig(t, conf)
}

func TestDeviceErrors(t *testing.T) {
	sys := open(t, withFixedRate(t))
	tests := []struct {
		cfg  audio.CaptureConfig
		kind error
		msg  string
	}{
		{audio.CaptureConfig{Device: "foo"}, audio.ErrNoDevice, `no input device matches "foo"; input devices: 0 vmic (ALSA), 1 vspk (ALSA), 2 fixed16k (ALSA), 3 default (ALSA)`},
		{audio.CaptureConfig{Device: "v"}, audio.ErrAmbiguous, `"v" matches several input devices: 0 vmic (ALSA), 1 vspk (ALSA); give its index or its whole name`},
		{audio.CaptureConfig{Device: "7"}, audio.ErrNoDevice, `no input device has index 7; input devices: 0 vmic (ALSA), 1 vspk (ALSA), 2 fixed16k (ALSA), 3 default (ALSA)`},
		{audio.CaptureConfig{Device: "fixed16k", SampleRate: 48000}, audio.ErrUnsupported, `device "fixed16k" does not support 48000 Hz: try --rate 16000 (its default is 16000 Hz)`},
		{audio.CaptureConfig{Device: "2", SampleRate: 44100}, audio.ErrUnsupported, `device "fixed16k" does not support 44100 Hz: try --rate 16000 (its default is 16000 Hz)`},
		{audio.CaptureConfig{Device: "vmic", Channels: 200}, nil, `200 channels is out of range (1 to 32)`},
	}
	for _, tt := range tests {
		c, err := sys.OpenCapture(tt.cfg)
		if err == nil {
			c.Close()
			t.Errorf("%+v: opened", tt.cfg)
			continue
		}
		if tt.kind != nil && !errors.Is(err, tt.kind) {
			t.Errorf("%+v: error %v is not %v", tt.cfg, err, tt.kind)
		}
		if err.Error() != tt.msg {
			t.Errorf("%+v:\n got %s\nwant %s", tt.cfg, err, tt.msg)
		}
	}
	// The refusing device still opens at the rate it takes.
	c, err := sys.OpenCapture(audio.CaptureConfig{Device: "fixed16k"})
	if err != nil {
		t.Fatalf("fixed16k at 16 kHz: %v", err)
	}
	c.Close()
	if _, err := sys.OpenPlayback(audio.PlaybackConfig{Device: "vmi"}); err != nil {
		t.Errorf("playback on vmic, which also plays: %v", err)
	}
}

// noDevices is an ALSA configuration whose only device cannot open, as on
// a machine without a sound card, and whose probing prints noise.
const noDevices = `pcm.!default { type asym; capture.pcm "starcoach_no_such_pcm"; playback.pcm "starcoach_no_such_pcm" }` + "\n"

func TestNoDevices(t *testing.T) {
	sys := open(t, audiotest.ALSAConfig(t, noDevices))
	devs, err := sys.Devices()
	if err != nil || len(devs) != 0 {
		t.Fatalf("devices %v, %v", devs, err)
	}
	_, err = sys.OpenCapture(audio.CaptureConfig{})
	if !errors.Is(err, audio.ErrNoDevice) || err.Error() != "no input device found (is a microphone connected? run 'starcoach devices')" {
		t.Errorf("capture: %v", err)
	}
	_, err = sys.OpenPlayback(audio.PlaybackConfig{})
	if !errors.Is(err, audio.ErrNoDevice) || !strings.HasPrefix(err.Error(), "no output device found") {
		t.Errorf("playback: %v", err)
	}
}

// A configuration without a default device makes PortAudio abort the
// process; Open refuses it first with a line that says what to do.
func TestALSAConfigWithoutDefault(t *testing.T) {
	audiotest.Setenv(t, audiotest.ALSAConfig(t, "pcm.starcoach_only { type null }\n"))
	sys, err := audio.Open(nil)
	if err == nil {
		sys.Close()
		t.Fatal("opened")
	}
	if !strings.Contains(err.Error(), "defines no default device") || !strings.Contains(err.Error(), "pcm.!default") {
		t.Errorf("got %v", err)
	}
}

// What the audio libraries print on the process's standard error while they
// probe never reaches it; with a verbose writer it goes there instead.
func TestLibraryNoiseIsKeptFromStderr(t *testing.T) {
	conf := withFixedRate(t)
	// Make probing noisy: a device that cannot open.
	confPath := strings.TrimPrefix(conf[0], "ALSA_CONFIG_PATH=")
	f, err := os.OpenFile(confPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, `pcm.broken { type plug; slave.pcm "starcoach_no_such_pcm" }`)
	f.Close()
	for _, verbose := range []bool{false, true} {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), conf...)
		cmd.Env = append(cmd.Env, childEnv+"=probe")
		if verbose {
			cmd.Env = append(cmd.Env, "CHILD_VERBOSE=1")
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("child: %v\n%s\n%s", err, stdout.String(), stderr.String())
		}
		if stderr.Len() != 0 {
			t.Errorf("verbose=%v: the child's stderr got:\n%s", verbose, stderr.String())
		}
		out := stdout.String()
		if !strings.Contains(out, "devices: 4\n") || !strings.Contains(out, `capture: device "fixed16k" does not support 48000 Hz`) {
			t.Errorf("verbose=%v: child printed:\n%s", verbose, out)
		}
		// Probing "broken" and asking "fixed16k" for 48 kHz make the
		// library complain; only the verbose child shows it.
		noisy := strings.Contains(out, "Unknown PCM starcoach_no_such_pcm") && strings.Contains(out, "rate converter")
		if noisy != verbose {
			t.Errorf("verbose=%v: library messages shown: %v\n%s", verbose, noisy, out)
		}
	}
}

// Capture from the PulseAudio virtual microphone, in real time, has the
// level envelope of the speech played into it, loses nothing and starts
// quickly.
func TestCapturePulseMatchesEnvelope(t *testing.T) {
	wav, in := speech(t)
	pulse := audiotest.Pulse(t)
	sys := open(t, pulse.Env())
	c, err := sys.OpenCapture(audio.CaptureConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	wait := readAll(c)
	pulse.Play(t, wav)
	time.Sleep(200 * time.Millisecond)
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	got, err := wait()
	if err != nil {
		t.Fatal(err)
	}
	corr, offset := audiotest.EnvelopeMatch(in, got, 16000)
	t.Logf("captured %.2f s; speech found at %.3f s, envelope correlation %.4f", float64(len(got))/16000, float64(offset)/16000, corr)
	if corr < 0.95 {
		t.Errorf("envelope correlation %.3f, want > 0.95", corr)
	}
	if st := c.Stats(); st.Overflows() != 0 || st.Frames != int64(len(got)) {
		t.Errorf("stats %+v, read %d", st, len(got))
	}
}

// Playback to the PulseAudio virtual speaker sounds like what was played.
func TestPlaybackPulseMatchesEnvelope(t *testing.T) {
	_, in := speech(t)
	pulse := audiotest.Pulse(t)
	sys := open(t, pulse.Env())
	stop := pulse.CaptureSpeaker(t)
	p, err := sys.OpenPlayback(audio.PlaybackConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for i := 0; i < len(in); i += 1600 {
		if err := p.Write(in[i:min(i+1600, len(in))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Drain(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	got := stop()
	corr, offset := audiotest.EnvelopeMatch(in, got, 16000)
	t.Logf("speaker heard %.2f s; speech at %.3f s, envelope correlation %.4f", float64(len(got))/16000, float64(offset)/16000, corr)
	if corr < 0.95 {
		t.Errorf("envelope correlation %.3f, want > 0.95", corr)
	}
	if p.Underruns() != 0 || p.Played() < int64(len(in)) {
		t.Errorf("Played() = %d of %d, Underruns() = %d", p.Played(), len(in), p.Underruns())
	}
}

// A reader that stalls for longer than the hand-off holds loses sound in
// real time, and the loss is counted to the block; afterwards capture goes
// on.
func TestOverflowCounterCountsStalledReader(t *testing.T) {
	pulse := audiotest.Pulse(t)
	sys := open(t, pulse.Env())
	c, err := sys.OpenCapture(audio.CaptureConfig{Buffer: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	time.Sleep(1200 * time.Millisecond) // the stalled reader
	stalled := time.Since(begin)
	before := c.Stats()
	readUntil(t, c, 16000/2)
	c.Stop()
	after := c.Stats()
	t.Logf("stalled %v: %+v", stalled, before)
	// About a second of the stall did not fit into 200 ms.
	lost := float64(before.DroppedFrames) / 16000
	if before.DroppedBlocks == 0 || lost < 0.6 || lost > stalled.Seconds() {
		t.Errorf("after a %v stall with a 200 ms buffer: %+v (%.2f s lost)", stalled, before, lost)
	}
	if before.DroppedFrames != before.DroppedBlocks*800 || c.Overflows() != after.DroppedBlocks+after.DeviceOverflows {
		t.Errorf("counts disagree: %+v, Overflows() = %d", after, c.Overflows())
	}
	if after.Frames <= before.Frames {
		t.Errorf("capture did not go on after the stall: %+v then %+v", before, after)
	}
}

// A microphone that stops delivering sound (suspended, unplugged) makes
// Read fail with ErrNoData instead of waiting forever.
func TestSuspendedMicrophoneGivesErrNoData(t *testing.T) {
	pulse := audiotest.Pulse(t)
	sys := open(t, pulse.Env())
	c, err := sys.OpenCapture(audio.CaptureConfig{NoDataTimeout: 700 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	readUntil(t, c, 1600)
	pulse.SuspendMic(t, true)
	buf := make([]int16, 1600)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := c.Read(buf)
		if errors.Is(err, audio.ErrNoData) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("still reading 10 s after the microphone was suspended")
		}
	}
}

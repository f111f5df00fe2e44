// Package audiotest gives tests a virtual microphone and speaker on machines
// without a sound card: ALSA's file plugin (exact and faster than real time)
// and a private PulseAudio server (real time, like a laptop's microphone).
// Each is set up for one test and stopped when the test ends.
//
// The audio library reads its configuration from the environment when the
// audio system is opened, so a test either applies the returned environment
// to itself with Setenv before audio.Open, or passes it to a starcoach
// subprocess.
package audiotest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// Setenv sets each VAR=value of env for the duration of the test.
func Setenv(t testing.TB, env []string) {
	t.Helper()
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("audiotest: %q is not VAR=value", kv)
		}
		t.Setenv(k, v)
	}
}

// ALSAConfig writes text as the whole ALSA configuration and returns the
// environment that points the audio library at it. It also keeps JACK from
// finding a server, so that only the devices in text are listed.
func ALSAConfig(t testing.TB, text string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "asound.conf")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{
		"ALSA_CONFIG_PATH=" + path,
		"JACK_NO_START_SERVER=1",
		"JACK_DEFAULT_SERVER=starcoach-test-no-such-server",
	}
}

// TrailingSilence is how much silence ALSAFile's microphone delivers
// after the injected sound. Past it the device repeats stale contents of its
// buffer, not silence.
const TrailingSilence = time.Second

// ALSAFile makes a virtual microphone "vmic" that delivers in (16-bit,
// interleaved, at rate with channels) then TrailingSilence of zeros, and a
// virtual speaker "vspk" whose sound is written to outRaw as raw 16-bit
// little-endian samples; together they are the default device. They run
// with no clock, about a thousand times faster than real time: good for
// checking content, useless for timing. Open them at exactly rate and
// channels. The speaker writes one device buffer of silence (ALSA's
// start-up priming) before the first sample played.
func ALSAFile(t testing.TB, in []int16, rate, channels int) (env []string, outRaw string) {
	t.Helper()
	dir := t.TempDir()
	inRaw := filepath.Join(dir, "in.raw")
	outRaw = filepath.Join(dir, "out.raw")
	padded := append(append([]int16(nil), in...), make([]int16, int(TrailingSilence.Seconds()*float64(rate))*channels)...)
	if err := os.WriteFile(inRaw, Bytes(padded), 0o644); err != nil {
		t.Fatal(err)
	}
	return ALSAConfig(t, FileDevices(inRaw, outRaw, rate, channels)), outRaw
}

// FileDevices is the ALSA configuration behind ALSAFile, for tests that add
// devices of their own to it.
func FileDevices(inRaw, outRaw string, rate, channels int) string {
	// The file plugins are defined inline so that the device list holds
	// only vmic, vspk and default.
	slave := fmt.Sprintf("format S16_LE; rate %d; channels %d", rate, channels)
	return fmt.Sprintf(`pcm.vmic { type plug; slave { pcm { type file; slave.pcm { type null }; file "/dev/null"; infile %q; format "raw" }; %s } }
pcm.vspk { type plug; slave { pcm { type file; slave.pcm { type null }; file %q; format "raw" }; %s } }
pcm.!default { type asym; capture.pcm "vmic"; playback.pcm "vspk" }
`, inRaw, slave, outRaw, slave)
}

// Bytes encodes samples as raw 16-bit little-endian.
func Bytes(samples []int16) []byte {
	b := make([]byte, 2*len(samples))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}

// FromBytes decodes raw 16-bit little-endian samples, dropping an odd last byte.
func FromBytes(b []byte) []int16 {
	s := make([]int16, len(b)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return s
}

// ReadRaw reads a raw 16-bit little-endian file.
func ReadRaw(t testing.TB, path string) []int16 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return FromBytes(b)
}

// WAVSamples decodes a 16-bit WAV's samples with sox.
func WAVSamples(t testing.TB, path string) []int16 {
	t.Helper()
	testaudio.Need(t, "sox")
	var out, errOut bytes.Buffer
	cmd := exec.Command("sox", path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-")
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("sox %s: %v\n%s", path, err, errOut.String())
	}
	return FromBytes(out.Bytes())
}

// Names of the PulseAudio sinks scripts/vmic.sh makes.
const (
	MicSink     = "starcoach_mic"
	SpeakerSink = "starcoach_speaker"
	PulseRate   = 16000
)

// PulseServer is a private PulseAudio daemon run by scripts/vmic.sh: its
// default source hears what Play plays; its default sink is a speaker whose
// sound CaptureSpeaker records. Both run at 16 kHz mono in real time.
type PulseServer struct {
	dir    string
	script string
	env    []string
}

// Pulse starts a private PulseAudio server for the test and stops it, and
// every process it started, when the test ends. Under -short it skips the
// test: a real-time server is for make test, not the edit loop.
func Pulse(t testing.TB) *PulseServer {
	t.Helper()
	if testing.Short() {
		t.Skip("needs a real-time PulseAudio server: runs in make test, not under -short")
	}
	for _, prog := range []string{"pulseaudio", "pactl", "parec", "paplay"} {
		if _, err := exec.LookPath(prog); err != nil {
			t.Fatalf("%s is not installed (make test installs it: apt-get install pulseaudio pulseaudio-utils libasound2-plugins)", prog)
		}
	}
	testaudio.Need(t, "sox")
	script := filepath.Join(moduleRoot(t), "scripts", "vmic.sh")
	// A short path of its own: the server's socket path must stay under
	// the 108 bytes a Unix socket name may have.
	dir, err := os.MkdirTemp("", "vmic")
	if err != nil {
		t.Fatal(err)
	}
	p := &PulseServer{dir: dir, script: script}
	t.Cleanup(func() {
		out, err := exec.Command(script, "stop", dir).CombinedOutput()
		if err != nil {
			t.Errorf("%s stop: %v\n%s", script, err, out)
		}
		os.RemoveAll(dir)
	})
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(script, "start", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "pulse.log"))
		t.Fatalf("%s start: %v\n%s\n%s", script, err, stderr.String(), log)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		kv, ok := strings.CutPrefix(line, "export ")
		if !ok || !strings.Contains(kv, "=") {
			t.Fatalf("%s start: unexpected output line %q", script, line)
		}
		p.env = append(p.env, kv)
	}
	return p
}

// Env is the environment that points the audio library, paplay and parec at
// this server (VAR=value each).
func (p *PulseServer) Env() []string { return append([]string(nil), p.env...) }

// Dir is where the server keeps its files, its log among them.
func (p *PulseServer) Dir() string { return p.dir }

func (p *PulseServer) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), p.env...)
	return cmd
}

// Play plays a WAV into the virtual microphone and returns when it has been
// played. PulseAudio drops the first few milliseconds of each stream, so the
// file is played after 0.1 s of silence: the sound itself arrives whole.
func (p *PulseServer) Play(t testing.TB, wav string) {
	t.Helper()
	padded := filepath.Join(t.TempDir(), "padded.wav")
	testaudio.Run(t, "sox", wav, padded, "pad", "0.1", "0")
	var stderr bytes.Buffer
	cmd := p.command("paplay", "-d", MicSink, padded)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("paplay %s: %v\n%s", wav, err, stderr.String())
	}
}

// CaptureSpeaker starts recording the virtual speaker (16 kHz mono) and
// returns once the recording runs; stop ends it and returns its samples.
func (p *PulseServer) CaptureSpeaker(t testing.TB) (stop func() []int16) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := p.command("parec", "-d", SpeakerSink+".monitor", "--raw", "--format=s16le",
		"--rate="+strconv.Itoa(PulseRate), "--channels=1", "--latency-msec=20")
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("parec: %v", err)
	}
	var out bytes.Buffer
	started := make(chan struct{})
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		buf := make([]byte, 4096)
		first := true
		for {
			n, err := pipe.Read(buf)
			out.Write(buf[:n])
			if n > 0 && first {
				first = false
				close(started)
			}
			if err != nil {
				return
			}
		}
	}()
	var samples []int16
	done := false
	finish := func() {
		if done {
			return
		}
		done = true
		cmd.Process.Signal(syscall.SIGTERM)
		<-copied
		cmd.Wait()
		samples = FromBytes(out.Bytes())
	}
	t.Cleanup(finish)
	// A sound that starts while the recorder is still connecting comes out
	// garbled, so wait for the first (silent) samples.
	select {
	case <-started:
	case <-copied:
		finish()
		t.Fatalf("parec stopped at once: %s", stderr.String())
	case <-time.After(5 * time.Second):
		finish()
		t.Fatalf("parec delivered nothing in 5 s: %s", stderr.String())
	}
	return func() []int16 {
		finish()
		return samples
	}
}

// SuspendMic stops (true) or resumes (false) the virtual microphone's
// sound, as if it were unplugged and plugged back in.
func (p *PulseServer) SuspendMic(t testing.TB, suspend bool) {
	t.Helper()
	arg := "0"
	if suspend {
		arg = "1"
	}
	if out, err := p.command("pactl", "suspend-sink", MicSink, arg).CombinedOutput(); err != nil {
		t.Fatalf("pactl suspend-sink: %v\n%s", err, out)
	}
}

// moduleRoot finds the directory holding go.mod above the test's directory.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("audiotest: no go.mod above the test's directory")
		}
		dir = parent
	}
}

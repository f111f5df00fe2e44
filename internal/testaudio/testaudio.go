// Package testaudio makes real sound for tests: speech spoken by espeak-ng,
// exact silences and noise made and joined by sox. Tests use it to check
// starcoach against audio whose every boundary is known. It fails the test,
// never skips it, when a program is missing: `make test` installs them.
// Under `go test -short` (make test-fast, the edit loop on a machine that
// may have none of them) a test that needs one is skipped instead; make
// test runs it.
package testaudio

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// Rate is the sample rate of everything this package makes unless asked
// otherwise: starcoach's recording default.
const Rate = 16000

var counter atomic.Int64

// Need fails the test at once if any program is missing from PATH. Under
// -short it skips the test: the fast tier runs no system program.
func Need(t testing.TB, programs ...string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("needs %s: runs in make test, not under -short", strings.Join(programs, ", "))
	}
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("%s is not installed (make test installs it: apt-get install espeak-ng sox ffmpeg pocketsphinx pocketsphinx-en-us)", p)
		}
	}
}

// Run runs a program with an argument list and fails the test if it fails.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	Need(t, name)
	var out, errOut bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errOut.String())
	}
	return out.String() + errOut.String()
}

func newPath(t testing.TB, dir, stem string) string {
	return filepath.Join(dir, fmt.Sprintf("%s-%d.wav", stem, counter.Add(1)))
}

// Speak says text with espeak-ng and returns a 16-bit mono WAV at rate with
// espeak's own leading and trailing silence trimmed, so the file starts and
// ends with speech.
func Speak(t testing.TB, dir, text string, rate int) string {
	t.Helper()
	Need(t, "espeak-ng", "sox")
	raw := newPath(t, dir, "espeak")
	Run(t, "espeak-ng", "-w", raw, text)
	out := newPath(t, dir, "speech")
	Run(t, "sox", raw, "-r", strconv.Itoa(rate), "-c", "1", "-b", "16", out,
		"silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse")
	os.Remove(raw)
	return out
}

// Silence returns a WAV of digital silence lasting exactly seconds
// (rounded to the sample).
func Silence(t testing.TB, dir string, seconds float64, rate int) string {
	t.Helper()
	Need(t, "sox")
	out := newPath(t, dir, "silence")
	n := int(math.Round(seconds * float64(rate)))
	// Format options go before -n: after it they would convert from sox's
	// 48 kHz default and trim the wrong number of samples.
	Run(t, "sox", "-r", strconv.Itoa(rate), "-c", "1", "-n", "-b", "16", out, "trim", "0", strconv.Itoa(n)+"s")
	return out
}

// Join concatenates WAVs of the same format into one.
func Join(t testing.TB, out string, parts ...string) string {
	t.Helper()
	Need(t, "sox")
	args := append(append([]string{}, parts...), out)
	Run(t, "sox", args...)
	return out
}

// Samples returns a WAV's length in samples per channel, as sox counts it.
func Samples(t testing.TB, path string) int64 {
	t.Helper()
	Need(t, "sox")
	out := strings.TrimSpace(Run(t, "soxi", "-s", path))
	n, err := strconv.ParseInt(out, 10, 64)
	if err != nil {
		t.Fatalf("soxi -s %s: %q", path, out)
	}
	return n
}

var rmsLine = regexp.MustCompile(`RMS\s+amplitude:\s+([0-9.eE+-]+)`)

// RMS returns a WAV's RMS amplitude relative to full scale, as sox measures it.
func RMS(t testing.TB, path string) float64 {
	t.Helper()
	Need(t, "sox")
	out := Run(t, "sox", path, "-n", "stat")
	m := rmsLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("sox stat %s: no RMS in %q", path, out)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// AddNoise mixes pink noise into the WAV at in, at speechRMS/10^(snrDB/20),
// and returns the noisy copy. speechRMS is the RMS of the speech alone
// (measure the sentences before joining them with silence).
func AddNoise(t testing.TB, dir, in string, speechRMS, snrDB float64, rate int) string {
	t.Helper()
	Need(t, "sox")
	n := Samples(t, in)
	noise := newPath(t, dir, "pink")
	Run(t, "sox", "-r", strconv.Itoa(rate), "-c", "1", "-n", "-b", "16", noise, "synth", strconv.FormatInt(n, 10)+"s", "pinknoise", "vol", "0.5")
	gain := speechRMS / math.Pow(10, snrDB/20) / RMS(t, noise)
	out := newPath(t, dir, "noisy")
	// -v scales each input before mixing; sox -m would otherwise halve both.
	Run(t, "sox", "-m", "-v", "1", in, "-v", strconv.FormatFloat(gain, 'f', 6, 64), noise, out)
	return out
}

// Convert re-encodes a WAV with sox, for example to another rate, channel
// count, bit depth or encoding: extra are sox output options such as
// "-r", "44100", "-c", "2", "-b", "24", "-e", "floating-point".
func Convert(t testing.TB, dir, in string, extra ...string) string {
	t.Helper()
	Need(t, "sox")
	out := newPath(t, dir, "converted")
	args := append(append([]string{in}, extra...), out)
	Run(t, "sox", args...)
	return out
}

// Tone writes a 16-bit mono WAV of seconds of a square wave at rate to
// path, with no program: a recording for tests that need a file to copy,
// time or import, not speech. The header is written by hand so that the
// WAV package's own tests may use it too.
func Tone(t testing.TB, path string, seconds float64, rate int) string {
	t.Helper()
	n := int(seconds * float64(rate))
	var b bytes.Buffer
	le := func(v uint32, size int) {
		for i := 0; i < size; i++ {
			b.WriteByte(byte(v >> (8 * i)))
		}
	}
	b.WriteString("RIFF")
	le(uint32(36+2*n), 4)
	b.WriteString("WAVEfmt ")
	le(16, 4)
	le(1, 2) // PCM
	le(1, 2) // mono
	le(uint32(rate), 4)
	le(uint32(2*rate), 4)
	le(2, 2)
	le(16, 2)
	b.WriteString("data")
	le(uint32(2*n), 4)
	for i := 0; i < n; i++ {
		v := uint32(8000)
		if i%32 >= 16 {
			v = uint32(0x10000 - 8000)
		}
		le(v, 2)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

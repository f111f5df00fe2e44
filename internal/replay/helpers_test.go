package replay

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/starcoach/starcoach/internal/audio/audiotest"
	"github.com/starcoach/starcoach/internal/testaudio"
)

const rate = testaudio.Rate

// recording is a test answer: its WAV, its samples and where each spoken
// part of it is.
type recording struct {
	path    string
	samples []int16
	speech  []Span
}

// spoken makes a recording of the parts: strings are said by espeak-ng,
// float64s are that many seconds of silence.
func spoken(t testing.TB, dir string, parts ...any) recording {
	t.Helper()
	var files []string
	var speech []Span
	at := 0.0
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			f := testaudio.Speak(t, dir, v, rate)
			files = append(files, f)
			d := float64(testaudio.Samples(t, f)) / rate
			speech = append(speech, Span{at, at + d})
			at += d
		case float64:
			files = append(files, testaudio.Silence(t, dir, v, rate))
			at += v
		default:
			t.Fatalf("part %v", p)
		}
	}
	out := uniquePath(dir)
	if len(files) == 1 {
		testaudio.Run(t, "sox", files[0], out)
	} else {
		testaudio.Join(t, out, files...)
	}
	return recording{path: out, samples: audiotest.WAVSamples(t, out), speech: speech}
}

var pathCounter int
var pathMu sync.Mutex

func uniquePath(dir string) string {
	pathMu.Lock()
	defer pathMu.Unlock()
	pathCounter++
	return filepath.Join(dir, fmt.Sprintf("answer-%d.wav", pathCounter))
}

// cut returns the samples of the spans, joined.
func cut(samples []int16, spans []Span) []int16 {
	var out []int16
	for _, s := range spans {
		a, b := toFrame(s.StartS, rate), min(toFrame(s.EndS, rate), int64(len(samples)))
		out = append(out, samples[a:b]...)
	}
	return out
}

// firstDifference is the first index where a and b differ, or the shorter
// length if one is a prefix of the other; -1 if they are equal.
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

func sameSamples(t testing.TB, what string, got, want []int16) {
	t.Helper()
	if i := firstDifference(got, want); i >= 0 {
		t.Fatalf("%s: %d samples played, %d expected; first difference at sample %d (%.3f s)", what, len(got), len(want), i, float64(i)/rate)
	}
}

// junction splits played into a prefix of src and a suffix of src: it
// returns where the prefix ends in played and where the suffix starts in
// src, or fails the test.
func junction(t testing.TB, played, src []int16) (prefixEnd, suffixStart int) {
	t.Helper()
	l := firstDifference(played, src)
	if l < 0 {
		return len(played), len(played)
	}
	rest := played[l:]
	j := len(src) - len(rest)
	if j < 0 || !slices.Equal(rest, src[j:]) {
		t.Fatalf("what was played after %.3f s is not the end of the recording", float64(l)/rate)
	}
	return l, j
}

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "replay-test") }

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

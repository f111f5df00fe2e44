package analyze

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/vad"
	"github.com/starcoach/starcoach/internal/wav"
)

// speechFiles are spoken answers in the formats Stream treats differently:
// 16-bit mono (measured as stored) at several rates, and the others
// (decoded to floats first). Each is half a minute: several blocks.
func speechFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	answer := buildAnswer(t, dir, 16000)
	noisy := testaudio.AddNoise(t, dir, answer.path, testaudio.RMS(t, answer.speechOnly), 25, 16000)
	clipped := filepath.Join(dir, "clipped.wav")
	testaudio.Run(t, "sox", noisy, clipped, "vol", "6") // sox clips and says so
	return map[string]string{
		"16 kHz 16-bit":   answer.path,
		"noisy":           noisy,
		"clipped":         clipped,
		"44.1 kHz 16-bit": testaudio.Convert(t, dir, noisy, "-r", "44100"),
		"stereo 16-bit":   testaudio.Convert(t, dir, noisy, "-c", "2"),
		"24-bit":          testaudio.Convert(t, dir, noisy, "-b", "24"),
		"32-bit float":    testaudio.Convert(t, dir, noisy, "-e", "floating-point", "-b", "32"),
		"8 kHz, short":    testaudio.Convert(t, dir, speak(t, sentences[2], 16000), "-r", "8000"),
	}
}

// TestStreamMatchesFeed: Stream spreads the frames of a file over the cores
// and measures 16-bit samples without converting them; what it leaves in
// the analyzer, and so its result, must be exactly what feeding the
// decoded samples to one Analyzer in pieces of any size leaves, on one
// core or several.
func TestStreamMatchesFeed(t *testing.T) {
	files := speechFiles(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for name, path := range files {
		for _, fixed := range []bool{false, true} {
			o := DefaultOptions()
			o.FixedSilence, o.SilenceDB = fixed, -45
			want, wantRes := feedFile(t, openFile(t, path), o, 1000)
			if name == "clipped" && wantRes.ClippedSamples == 0 {
				t.Fatalf("%s: no clipped samples", name)
			}
			for _, procs := range []int{1, 2, 3} {
				runtime.GOMAXPROCS(procs)
				got, wr, err := stream(openFile(t, path), o)
				if err != nil {
					t.Fatal(err)
				}
				if diff := stateDiff(got, want); diff != "" {
					t.Errorf("%s (fixed threshold %v) on %d cores: %s", name, fixed, procs, diff)
				}
				if res := fileResult(got, wr); !reflect.DeepEqual(res, wantRes) {
					t.Errorf("%s (fixed threshold %v) on %d cores:\nStream %+v\nFeed   %+v", name, fixed, procs, res, wantRes)
				}
			}
		}
	}
}

// TestStreamBlockEdges: each frame's pre-emphasized level depends on the
// sample before it, which for the first frame of a block is in the block
// before. Here that sample is loud and the frames after it silent, so that
// only the right one gives the right levels, on every block edge, with a
// partial frame at the end.
func TestStreamBlockEdges(t *testing.T) {
	const rate = 16000
	x := make([]float32, 5*streamBlock+77)
	for i := range x {
		if (i+1)%(streamBlock/160*160) == 0 || i%997 == 0 {
			x[i] = 0.9
		}
	}
	file := wavBytes(x, rate)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	want, _ := feedFile(t, bytes.NewReader(file), DefaultOptions(), 333)
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		got, _, err := stream(bytes.NewReader(file), DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if diff := stateDiff(got, want); diff != "" {
			t.Errorf("on %d cores: %s", procs, diff)
		}
	}
}

// TestMeasureInt16Exact: measuring 16-bit samples as stored and scaling the
// sums gives bit for bit what measuring the decoded floats does, for every
// frame of real speech (the claim the 16-bit path rests on).
func TestMeasureInt16Exact(t *testing.T) {
	files := speechFiles(t)
	for _, name := range []string{"noisy", "clipped", "44.1 kHz 16-bit"} {
		r, err := wav.NewReader(openFile(t, files[name]))
		if err != nil {
			t.Fatal(err)
		}
		ints := make([]int16, 1<<20)
		n, err := r.ReadInt16(ints)
		if err != nil {
			t.Fatal(err)
		}
		ints = ints[:n]
		floats := make([]float32, n)
		toUnit(floats, ints, scaleOf[int16]())
		frameLen := r.Format().SampleRate / 100
		w := newSpectrumWork(planFor(r.Format().SampleRate, frameLen))
		var prev float32
		for i := 0; i < n; i += frameLen {
			x, xi := floats[i:min(i+frameLen, n)], ints[i:min(i+frameLen, n)]
			var want, got frameStats
			measureFrame(&want, x, prev, unitScale, w)
			sum, lag, peak := measure(x, prev)
			sum16, lag16, peak16 := measure16(xi, prev)
			if sum16 != sum || lag16 != lag || peak16 != peak {
				t.Fatalf("%s, frame %d: 16-bit %v %v %v, float %v %v %v", name, i/frameLen, sum16, lag16, math.Float32frombits(peak16), sum, lag, math.Float32frombits(peak))
			}
			sc := scaleOf[int16]()
			if measureFrame(&got, xi, prev, sc, w); got != want {
				t.Fatalf("%s, frame %d: 16-bit %+v, float %+v", name, i/frameLen, got, want)
			}
			prev = x[len(x)-1]
		}
	}
}

func openFile(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// feedFile decodes a WAV file with the reader and feeds it to an Analyzer
// piece by piece, and finishes the result as Stream does.
func feedFile(t *testing.T, src io.Reader, o Options, piece int) (*Analyzer, Result) {
	t.Helper()
	r, err := wav.NewReader(src)
	if err != nil {
		t.Fatal(err)
	}
	o.SampleRate = r.Format().SampleRate
	a := New(o)
	buf := make([]float32, piece)
	for {
		n, err := r.ReadMono(buf)
		a.Feed(buf[:n])
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return a, fileResult(a, r)
}

// stateDiff describes how two analyzers' measurements differ, "" if not
// at all: the level of every frame, the exact sums, peaks and clipping.
func stateDiff(a, b *Analyzer) string {
	levels := func(r *levelRecord) []level {
		var l []level
		for i := 0; r.keep && i < r.n; i++ {
			l = append(l, r.at(i))
		}
		return l
	}
	for _, p := range []struct {
		name string
		a, b any
	}{
		{"samples", a.samples, b.samples},
		{"energy", a.sumSq, b.sumSq},
		{"peak", a.peak, b.peak},
		{"clipped", a.clipped, b.clipped},
		{"last sample", a.prev, b.prev},
		{"partial frame", a.frameBuf[:a.pending], b.frameBuf[:b.pending]},
		{"recent peaks", a.recentPeak, b.recentPeak},
		{"last clip", a.lastClip, b.lastClip},
		{"noise floors", a.floors, b.floors},
		{"last frames' band energies", a.spec.recent, b.spec.recent},
		{"last frames remembered", a.spec.seen, b.spec.seen},
		{"speech network", netState(a.net), netState(b.net)},
		{"pitch of each hop", voiceHops(a), voiceHops(b)},
	} {
		if !reflect.DeepEqual(p.a, p.b) {
			return fmt.Sprintf("%s: %v, want %v", p.name, p.a, p.b)
		}
	}
	for _, r := range []struct {
		name string
		a, b *levelRecord
	}{{"plain", &a.plain, &b.plain}, {"pre-emphasized", &a.voice, &b.voice}, {"speech evidence", &a.evidence, &b.evidence}} {
		for l := range r.a.hist {
			if r.a.hist[l] != r.b.hist[l] {
				return fmt.Sprintf("%s levels: %d frames at %v dBFS, want %d", r.name, r.a.hist[l], dbOf(level(l)), r.b.hist[l])
			}
		}
		la, lb := levels(r.a), levels(r.b)
		if len(la) != len(lb) {
			return fmt.Sprintf("%s levels: %d frames kept, want %d", r.name, len(la), len(lb))
		}
		for i := range la {
			if la[i] != lb[i] {
				return fmt.Sprintf("%s level of frame %d: %d, want %d", r.name, i, la[i], lb[i])
			}
		}
	}
	return ""
}

// netState is what the speech network has said and holds: every chunk's
// probability, its LSTM state and the samples waiting for a chunk.
func netState(n *netTrack) any {
	if n == nil {
		return nil
	}
	p := n.all()
	probs := make([]uint8, p.n())
	for k := range probs {
		probs[k] = p.at(k)
	}
	return []any{probs, n.buf, n.det.State()}
}

// voiceHops is the pitch tracker's estimate of each hop so far.
func voiceHops(a *Analyzer) []uint16 {
	if a.voiceT == nil {
		return nil
	}
	h := a.voiceT.hops
	out := make([]uint16, h.len())
	for k := range out {
		out[k] = h.at(k)
	}
	return out
}

// TestEndOfAudioKeepsTheResult: Stream lets go of the network and the
// pitch tracker before it works out the result (endOfAudio); the result
// is the same, the whole chunks still waiting in the network's last batch
// included, at 16 kHz and through the rate converter.
func TestEndOfAudioKeepsTheResult(t *testing.T) {
	files := speechFiles(t)
	waiting := 0
	for name, path := range files {
		a, wr, err := stream(openFile(t, path), DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		want := fileResult(a, wr)
		if len(a.net.buf) >= vad.ChunkSize {
			waiting++
		}
		before := a.net.all()
		probs := make([]uint8, before.n())
		for k := range probs {
			probs[k] = before.at(k)
		}
		a.endOfAudio()
		after := a.net.all()
		for k := range max(len(probs), after.n()) {
			if k >= len(probs) || k >= after.n() || after.at(k) != probs[k] {
				t.Fatalf("%s: %d chunks' probabilities after endOfAudio, %d before; the first to differ is %d", name, after.n(), len(probs), k)
			}
		}
		if a.net.det != nil || a.net.buf != nil || a.voiceT.tracker != nil {
			t.Fatalf("%s: the network or the pitch tracker kept after the audio", name)
		}
		if got := fileResult(a, wr); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: after endOfAudio\n%+v\nbefore\n%+v", name, got, want)
		}
	}
	if waiting == 0 {
		t.Fatal("no file left a whole chunk waiting in the network's batch: the test checks nothing of it")
	}
}

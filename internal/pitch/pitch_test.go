package pitch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/wav"
)

// track feeds x in blocks of an awkward size, as a recorder would, and
// returns every hop's estimate with the result.
func track(x []float32, rate int) ([]Frame, Result) {
	var frames []Frame
	o := DefaultOptions(rate)
	o.OnFrame = func(f Frame) { frames = append(frames, f) }
	tr := New(o)
	for i := 0; i < len(x); i += 1237 {
		tr.Feed(x[i:min(i+1237, len(x))])
	}
	return frames, tr.Result()
}

// harmonic is a voice-like wave: a fundamental whose frequency at time t
// is hz(t), with harmonics falling off like a glottal source's.
func harmonic(rate int, secs float64, hz func(t float64) float64) []float32 {
	n := int(secs * float64(rate))
	x := make([]float32, n)
	phase := 0.0
	for i := range x {
		f := hz(float64(i) / float64(rate))
		phase += 2 * math.Pi * f / float64(rate)
		v := 0.0
		for k := 1; k <= 8; k++ {
			v += math.Sin(float64(k)*phase) / float64(k)
		}
		x[i] = float32(0.2 * v)
	}
	return x
}

// checkFrames asserts that at least minWithin of the voiced frames are
// within 2% of want(t) (all of them for synthetic signals, whose pitch is
// exact), and that at least minVoiced of the frames are voiced.
func checkFrames(t *testing.T, frames []Frame, want func(t float64) float64, minVoiced, minWithin float64) {
	checkFramesTol(t, frames, want, minVoiced, minWithin, 0.02)
}

func checkFramesTol(t *testing.T, frames []Frame, want func(t float64) float64, minVoiced, minWithin, tol float64) {
	t.Helper()
	voiced, within, worst := 0, 0, 0.0
	var first string
	for _, f := range frames {
		if f.Hz == 0 {
			continue
		}
		voiced++
		w := want(f.TimeS)
		e := math.Abs(f.Hz-w) / w
		worst = math.Max(worst, e)
		if e <= tol {
			within++
		} else if first == "" {
			first = fmt.Sprintf("at %.2f s: %.1f Hz, want %.1f", f.TimeS, f.Hz, w)
		}
	}
	if share := float64(within) / float64(max(voiced, 1)); share < minWithin {
		t.Errorf("%d of %d voiced frames within %.0f%% (%.1f%%), want %.0f%%; first off %s", within, voiced, 100*tol, 100*share, 100*minWithin, first)
	}
	if share := float64(voiced) / float64(len(frames)); share < minVoiced {
		t.Errorf("%d of %d frames voiced (%.0f%%), want at least %.0f%%", voiced, len(frames), 100*share, 100*minVoiced)
	}
	t.Logf("%d frames, %d voiced, %d within %.0f%%, worst error %.1f%%", len(frames), voiced, within, 100*tol, 100*worst)
}

func TestTones(t *testing.T) {
	for _, rate := range []int{8000, 16000, 44100} {
		for _, hz := range []float64{65, 90, 120, 180, 250, 380} {
			x := harmonic(rate, 2, func(float64) float64 { return hz })
			frames, r := track(x, rate)
			checkFrames(t, frames, func(float64) float64 { return hz }, 0.9, 1)
			if math.Abs(r.MedianHz-hz)/hz > 0.01 || r.RangeST > 0.5 {
				t.Errorf("%d Hz at %d: median %.1f, range %.1f st", int(hz), rate, r.MedianHz, r.RangeST)
			}
		}
	}
}

func TestPureSine(t *testing.T) {
	x := make([]float32, 32000)
	for i := range x {
		x[i] = float32(0.3 * math.Sin(2*math.Pi*140*float64(i)/16000))
	}
	frames, _ := track(x, 16000)
	checkFrames(t, frames, func(float64) float64 { return 140 }, 0.9, 1)
}

// A glide up an octave and back, as a question's rise and fall: each
// frame within 2% of the pitch at its time.
func TestGlides(t *testing.T) {
	hz := func(s float64) float64 {
		if s < 1.5 {
			return 100 * math.Pow(2, s/1.5)
		}
		return 200 * math.Pow(2, -(s-1.5)/1.5)
	}
	frames, r := track(harmonic(16000, 3, hz), 16000)
	checkFrames(t, frames, hz, 0.9, 1)
	if r.RangeST < 9 || r.RangeST > 12 {
		t.Errorf("range %.1f semitones, want about 10 (10th to 90th percentile of an octave's glide)", r.RangeST)
	}
}

// Noise alone is unvoiced; a tone in noise at 10 dB SNR is still tracked.
func TestNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]float32, 3*16000)
	for i := range noise {
		noise[i] = float32(0.1 * rng.NormFloat64())
	}
	frames, r := track(noise, 16000)
	voiced := 0
	for _, f := range frames {
		if f.Hz > 0 {
			voiced++
		}
	}
	if voiced > len(frames)/50 || r.Verdict != "" {
		t.Errorf("white noise: %d of %d frames voiced, verdict %q", voiced, len(frames), r.Verdict)
	}
	x := harmonic(16000, 3, func(float64) float64 { return 150 })
	var sig, nz float64
	for i := range x {
		sig += float64(x[i]) * float64(x[i])
		nz += float64(noise[i]) * float64(noise[i])
	}
	k := float32(math.Sqrt(sig / nz / 10)) // 10 dB under the signal
	for i := range x {
		x[i] += k * noise[i]
	}
	frames, _ = track(x, 16000)
	checkFrames(t, frames, func(float64) float64 { return 150 }, 0.8, 1)
}

// Creaky voice: pulses at about 70 Hz whose periods jitter by up to 30%
// from one to the next, so the local pitch is anywhere in 54-100 Hz. The
// tracker leaves the frames whose periods differ most unvoiced and gives
// the others their local period: never a multiple or a fraction of it.
func TestCreak(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rate := 16000
	x := make([]float32, 3*rate)
	for at := 0.0; int(at) < len(x); at += float64(rate) / 70 * (1 + 0.6*(rng.Float64()-0.5)) {
		// Each pulse rings down like a vocal tract resonance at 600 Hz.
		for j := 0; j < 200 && int(at)+j < len(x); j++ {
			x[int(at)+j] += float32(0.3 * math.Exp(-float64(j)/40) * math.Sin(2*math.Pi*600*float64(j)/float64(rate)))
		}
	}
	frames, _ := track(x, rate)
	voiced := 0
	lo, hi := math.Inf(1), 0.0
	for _, f := range frames {
		if f.Hz > 0 {
			voiced++
			lo, hi = math.Min(lo, f.Hz), math.Max(hi, f.Hz)
		}
	}
	t.Logf("creak: %d of %d frames voiced, %.1f-%.1f Hz", voiced, len(frames), lo, hi)
	if voiced > len(frames)*7/10 || lo < 52 || hi > 102 {
		t.Errorf("creak: %d of %d frames voiced at %.1f-%.1f Hz; want under 70%%, within 52-102 Hz", voiced, len(frames), lo, hi)
	}
}

func TestQuietIsUnvoiced(t *testing.T) {
	x := harmonic(16000, 2, func(float64) float64 { return 150 })
	for i := range x {
		x[i] *= 0.005 // about -60 dBFS
	}
	if _, r := track(x, 16000); r.VoicedS != 0 || r.NotJudged == "" {
		t.Errorf("quiet tone: %+v", r)
	}
}

func TestMonotoneJudgement(t *testing.T) {
	for _, tc := range []struct {
		name    string
		spanST  float64 // the glide's whole span
		verdict string
	}{
		{"flat", 1.5, Monotone},
		{"near the boundary", 5, ""},
		{"lively", 10, Varied},
	} {
		hz := func(s float64) float64 {
			// A slow rise and fall over the span, every 2 s.
			return 130 * math.Pow(2, tc.spanST/12*0.5*(1-math.Cos(math.Pi*s)))
		}
		_, r := track(harmonic(16000, 8, hz), 16000)
		if r.Verdict != tc.verdict {
			t.Errorf("%s: range %.1f st, verdict %q (%s), want %q", tc.name, r.RangeST, r.Verdict, r.NotJudged, tc.verdict)
		}
		if tc.verdict == "" && r.NotJudged == "" {
			t.Errorf("%s: no reason given for no verdict", tc.name)
		}
	}
	// Too little voiced speech is not judged.
	if _, r := track(harmonic(16000, 2, func(float64) float64 { return 130 }), 16000); r.Verdict != "" || r.NotJudged == "" {
		t.Errorf("2 s: %+v", r)
	}
}

// Speech synthesised by Flite with its pitch target set, flat: the median
// of its voiced frames is the target within 2%, and the voice is judged
// monotone; with the target's spread set to 25 Hz, it is not.
func TestFliteAtSetPitches(t *testing.T) {
	testaudio.Need(t, "flite")
	dir := t.TempDir()
	text := "Last spring our checkout started failing for a third of customers, so I rolled back the deploy at once, and the errors fell to zero within ten minutes. Then I found the change that caused it and fixed it the next morning, and I added a test so that it cannot happen again."
	for _, tc := range []struct {
		mean, stddev int
		verdict      string
	}{
		{100, 0, Monotone}, {150, 0, Monotone}, {210, 0, Monotone}, {120, 25, Varied},
	} {
		out := filepath.Join(dir, "f.wav")
		testaudio.Run(t, "flite", "-t", text, "--setf", "int_f0_target_mean="+itoa(tc.mean), "--setf", "int_f0_target_stddev="+itoa(tc.stddev), "-o", out)
		x, rate := readWAV(t, out)
		frames, r := track(x, rate)
		if tc.stddev == 0 {
			if e := math.Abs(r.MedianHz-float64(tc.mean)) / float64(tc.mean); e > 0.02 {
				t.Errorf("flite at %d Hz: median %.1f Hz, off by %.1f%%", tc.mean, r.MedianHz, 100*e)
			}
			// Flite's own pitch is not exactly its target everywhere: its
			// pitch marks fall on whole samples at 8 kHz and its units are
			// joined, so some frames are 2-4% off it. Measured: 84-88% of
			// the voiced frames within 2%, about 96% within 5%; the rest
			// are octave errors, mostly where voicing starts.
			want := func(float64) float64 { return float64(tc.mean) }
			checkFrames(t, frames, want, 0.3, 0.8)
			checkFramesTol(t, frames, want, 0.3, 0.95, 0.05)
		}
		if r.Verdict != tc.verdict {
			t.Errorf("flite at %d±%d Hz: range %.1f st, verdict %q (%s), want %q", tc.mean, tc.stddev, r.RangeST, r.Verdict, r.NotJudged, tc.verdict)
		}
		t.Logf("flite %d±%d Hz: median %.1f, %.1f-%.1f Hz, %.1f st, %.1f s voiced", tc.mean, tc.stddev, r.MedianHz, r.LowHz, r.HighHz, r.RangeST, r.VoicedS)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func readWAV(t *testing.T, path string) ([]float32, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := wav.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, r.Frames())
	n, err := r.ReadMono(x)
	if err != nil && n == 0 {
		t.Fatal(err)
	}
	return x[:n], r.Format().SampleRate
}

// TestBlocksDoNotMatter feeds the same audio whole and in blocks of every
// awkward size: each hop's estimate must be the same to the bit, since a
// recorder and a file reader cut the audio differently.
func TestBlocksDoNotMatter(t *testing.T) {
	x := harmonic(16000, 3, func(s float64) float64 { return 110 * math.Pow(2, s/3) })
	run := func(block int) []Frame {
		var fs []Frame
		o := DefaultOptions(16000)
		o.OnFrame = func(f Frame) { fs = append(fs, f) }
		tr := New(o)
		for i := 0; i < len(x); i += block {
			tr.Feed(x[i:min(i+block, len(x))])
		}
		return fs
	}
	whole := run(len(x))
	for _, block := range []int{1, 3, 7, 161, 1237} {
		got := run(block)
		if len(got) != len(whole) {
			t.Fatalf("blocks of %d: %d hops, want %d", block, len(got), len(whole))
		}
		for i := range got {
			if got[i] != whole[i] {
				t.Fatalf("blocks of %d: hop %d is %+v, fed whole %+v", block, i, got[i], whole[i])
			}
		}
	}
}

// TestInt16MatchesFeed: 16-bit samples fed as stored give every hop's
// estimate exactly as the same samples scaled to [-1, 1], at a rate that
// decimates by four and at one that does not, in any blocks.
func TestInt16MatchesFeed(t *testing.T) {
	for _, rate := range []int{16000, 44100} {
		x := harmonic(rate, 2, func(s float64) float64 { return 100 * math.Pow(2, s) })
		ints := make([]int16, len(x))
		floats := make([]float32, len(x))
		for i, v := range x {
			ints[i] = int16(math.Round(float64(v) * 32767))
			floats[i] = float32(ints[i]) / 32768
		}
		var a, b []Frame
		oa, ob := DefaultOptions(rate), DefaultOptions(rate)
		oa.OnFrame = func(f Frame) { a = append(a, f) }
		ob.OnFrame = func(f Frame) { b = append(b, f) }
		ta, tb := New(oa), New(ob)
		ta.Feed(floats)
		for i := 0; i < len(ints); i += 1001 {
			tb.FeedInt16(ints[i:min(i+1001, len(ints))])
		}
		if len(a) != len(b) || len(a) == 0 {
			t.Fatalf("%d Hz: %d hops fed as floats, %d as integers", rate, len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%d Hz: hop %d is %+v as integers, %+v as floats", rate, i, b[i], a[i])
			}
		}
	}
}

// Package pitch tracks the pitch of a voice as its audio streams by, with
// YIN (de Cheveigné and Kawahara, 2002) on the voiced frames, and says how
// much the pitch moved over an answer: its range in semitones, and whether
// that is a monotone, judged only when the range is clear of the boundary.
//
// It is fed frames like internal/analyze and never holds the recording:
// the audio is averaged down to about 4 kHz and low-passed at 1 kHz (a
// voice's fundamental is under 400 Hz), and the pitch of each 40 ms hop
// goes into a histogram of tenth-semitone bins, so memory is a few
// kilobytes whatever the length. internal/analyze runs it in its own pass;
// its BenchmarkVoiceRatio measures what that adds to the analysis of a
// two-minute answer.
//
// Accuracy: on synthetic voices (tones with harmonics from 65 to 380 Hz at
// 8, 16 and 44.1 kHz, glides over an octave) every voiced frame is within
// 2% of the true pitch (TestTones, TestGlides). On Flite's speech at a set
// pitch the median is within 0.2% of it and 84-88% of voiced frames are
// within 2% (TestFliteAtSetPitches): Flite itself strays a few percent
// around its joins, and a few frames where voicing starts are an octave
// off. The range is read between the 10th and 90th percentiles so that
// those few frames do not widen it.
//
// What it does with hard input: a frame is voiced only when it is loud
// enough (over MinLevel, and within 30 dB of the loudest voiced frame so
// far) and periodic enough (YIN's aperiodicity under MaxAperiodicity), so
// noise, breath and whispering count as unvoiced, and pitch is reported on
// the frames that remain; at 10 dB signal-to-noise ratio a tone is still
// tracked within 2% (TestNoise). Creaky voice, whose periods jitter from
// one to the next, is left unvoiced where neighbouring periods differ most
// (about half of it) and given its local period elsewhere, never a
// multiple or fraction of it (TestCreak): creak widens the measured range
// a little, so it can hide a monotone but never invent one.
package pitch

import (
	"math"
)

// Options set the tracker.
type Options struct {
	SampleRate int
	// MinHz and MaxHz bound the pitch searched for: 60-400 Hz covers
	// speaking voices low and high.
	MinHz, MaxHz float64
	// MaxAperiodicity is YIN's threshold: a hop whose best period leaves
	// more aperiodic energy than this share is unvoiced.
	MaxAperiodicity float64
	// MinLevel is the RMS (full scale 1) under which a hop is unvoiced
	// without looking for a period: -50 dBFS is under any speech a
	// microphone picks up.
	MinLevel float64
	// OnFrame, when set, is called with every hop's estimate, in order.
	OnFrame func(Frame)
}

// DefaultOptions returns the tracker's settings for a sample rate.
func DefaultOptions(rate int) Options {
	return Options{SampleRate: rate, MinHz: 60, MaxHz: 400, MaxAperiodicity: 0.2, MinLevel: 0.003}
}

// Frame is one hop's estimate.
type Frame struct {
	TimeS float64 // centre of the hop's window
	Hz    float64 // 0 when unvoiced
	// Aperiodicity is YIN's normalised difference at the period found
	// (0 a perfect period, 1 noise); 1 when the hop was too quiet.
	Aperiodicity float64
}

const (
	// hopS is the time between estimates. YIN reads 34 ms of audio for
	// each; a hop of 40 ms leaves a few ms between spans unread, which
	// halves the tracker's cost against 20 ms hops, and 25 estimates a
	// second are still several per syllable: the range and median of an
	// answer come out the same (TestFliteAtSetPitches).
	hopS = 0.04
	// quietUnder is how much quieter than the loudest voiced hop so far
	// (as a power ratio: 30 dB) a hop may be and still be searched.
	quietUnder = 1000
	targetHz   = 4000 // rate the audio is decimated to, at least
	binsPerST  = 10   // histogram resolution: a tenth of a semitone
	histLowHz  = 40   // the histogram's lowest bin
	histST     = 50   // semitones the histogram spans above histLowHz
)

// Tracker is a streaming pitch tracker. Feed it mono samples in order, then
// read Result.
type Tracker struct {
	o       Options
	factor  int     // decimation
	rate    float64 // decimated rate
	lp      [1]biquad
	acc     float32   // sum of the input samples since the last one kept
	dec     []float32 // scratch: one Feed's decimated samples
	phase   int       // input samples in acc
	minLag  int
	maxLag  int
	win     int       // integration window, samples at rate
	hop     int       // samples at rate
	skip    int       // samples still to pass over before the next span
	buf     []float32 // decimated samples of the current analysis span
	d, cmnd []float64
	e, sums []float64 // the shifted window's energy and the running sum, per lag
	loudest float64   // mean square of the loudest voiced hop so far
	kept    int64     // decimated samples taken in
	hops    int
	hist    Histogram
}

// New returns a tracker.
func New(o Options) *Tracker {
	if o.MinHz <= 0 || o.MaxHz <= o.MinHz {
		d := DefaultOptions(o.SampleRate)
		o.MinHz, o.MaxHz = d.MinHz, d.MaxHz
	}
	t := &Tracker{o: o, factor: max(1, o.SampleRate/targetHz)}
	t.rate = float64(o.SampleRate) / float64(t.factor)
	// Decimation averages factor input samples, which costs next to
	// nothing and keeps what it folds down from 3-4 kHz 16 dB or more
	// under; a second-order low-pass at 1 kHz then keeps the fundamental
	// and its first harmonics, which is what YIN needs. (A second section
	// measured no more accurate and cost a tenth of the tracker's time.)
	for i := range t.lp {
		t.lp[i] = lowPass(t.rate, 1000)
	}
	t.minLag = int(math.Floor(t.rate / o.MaxHz))
	t.maxLag = int(math.Ceil(t.rate/o.MinHz)) + 1
	t.win = t.maxLag // one longest period: enough for YIN's sums
	t.hop = int(math.Round(hopS * t.rate))
	t.hist.HopS = float64(t.hop) / t.rate
	t.buf = make([]float32, 0, t.win+t.maxLag+t.hop)
	t.d = make([]float64, t.maxLag+1)
	t.cmnd = make([]float64, t.maxLag+1)
	t.e = make([]float64, t.maxLag+1)
	t.sums = make([]float64, t.maxLag+1)
	return t
}

// Feed adds samples in [-1, 1].
func (t *Tracker) Feed(mono []float32) {
	// Decimate the block first, then filter what is left in one pass, so
	// that the filters' state stays in registers.
	dec := t.dec[:0]
	if t.phase == 0 && t.factor == 4 {
		// The common case, 16 kHz: whole groups of four at a time.
		n := len(mono) &^ 3
		for i := 0; i < n; i += 4 {
			g := mono[i : i+4 : i+4]
			dec = append(dec, (g[0]+g[1]+g[2]+g[3])/4)
		}
		mono = mono[n:]
	}
	t.track(decimateRest(t, dec, mono, 1))
}

// decimateRest decimates samples that do not make whole groups from the
// start of one: it sums up to the rest of one decimated sample's inputs,
// one at a time into the running sum, each scaled by unit. These are the
// same additions in the same order as the whole groups, so how the audio
// was cut into blocks never changes a bit of the result.
func decimateRest[S float32 | int16](t *Tracker, dec []float32, mono []S, unit float32) []float32 {
	for len(mono) > 0 {
		n := min(t.factor-t.phase, len(mono))
		for _, s := range mono[:n] {
			t.acc += float32(s) * unit
		}
		mono = mono[n:]
		if t.phase += n; t.phase < t.factor {
			continue
		}
		dec = append(dec, t.acc/float32(t.factor))
		t.acc, t.phase = 0, 0
	}
	return dec
}

// int16Unit is the value of one step of a 16-bit sample.
const int16Unit = 1.0 / 32768

// FeedInt16 adds 16-bit samples as stored, giving exactly what Feed gives
// for the same samples scaled to [-1, 1] (as the WAV reader scales them):
// a sum of a few such samples is exact in float32 (each is a whole number
// of steps of 2^-15, and a group of up to 256 stays within float32's 24
// bits), so adding them as integers first changes nothing, and spares a
// pass converting them.
func (t *Tracker) FeedInt16(mono []int16) {
	dec := t.dec[:0]
	if t.phase == 0 && t.factor == 4 {
		n := len(mono) &^ 3
		for i := 0; i < n; i += 4 {
			g := mono[i : i+4 : i+4]
			sum := int32(g[0]) + int32(g[1]) + int32(g[2]) + int32(g[3])
			dec = append(dec, float32(sum)*int16Unit/4)
		}
		mono = mono[n:]
	}
	t.track(decimateRest(t, dec, mono, int16Unit))
}

// track filters the decimated samples and estimates the pitch of every
// span they complete.
func (t *Tracker) track(dec []float32) {
	t.dec = dec
	t.lp[0].run(dec)
	need := t.win + t.maxLag
	for len(dec) > 0 {
		if t.skip > 0 {
			// The hop is longer than the span YIN reads: the samples
			// between two spans are filtered and passed over.
			n := min(t.skip, len(dec))
			dec = dec[n:]
			t.kept += int64(n)
			t.skip -= n
			continue
		}
		n := min(need-len(t.buf), len(dec))
		t.buf = append(t.buf, dec[:n]...)
		dec = dec[n:]
		t.kept += int64(n)
		if len(t.buf) == need {
			t.estimate()
			if t.hop >= need {
				t.skip = t.hop - need
				t.buf = t.buf[:0]
				continue
			}
			copy(t.buf, t.buf[t.hop:])
			t.buf = t.buf[:need-t.hop]
		}
	}
}

// estimate runs YIN on the span in buf.
func (t *Tracker) estimate() {
	f := Frame{TimeS: (float64(t.kept) - float64(len(t.buf))/2) / t.rate, Aperiodicity: 1}
	t.hops++
	x := t.buf
	energy := 0.0
	for _, v := range x[:t.win] {
		energy += float64(v) * float64(v)
	}
	// A hop far under the loudest voiced hop so far is not looked at:
	// a voice is never that much quieter than its own vowels, while
	// breath and the low end of a hiss are, and a hop with no period is
	// the costliest to search (no dip stops it early).
	ms := energy / float64(t.win)
	if math.Sqrt(ms) >= t.o.MinLevel && ms*quietUnder >= t.loudest {
		f.Hz, f.Aperiodicity = t.yin(x)
		if f.Hz > 0 {
			t.loudest = max(t.loudest, ms)
		}
	}
	if f.Hz > 0 {
		t.hist.AddBin(BinOf(f.Hz))
	}
	if t.o.OnFrame != nil {
		t.o.OnFrame(f)
	}
}

// yin returns the period's frequency and its aperiodicity, or 0 when the
// span has no period clear enough.
func (t *Tracker) yin(x []float32) (hz, ap float64) {
	w := t.win
	lowest := 1.0
	// The difference is computed lag by lag and stops at the first dip
	// under the threshold, followed to its bottom: that is the period,
	// and later dips are its multiples. Most voiced hops stop within two
	// periods of the shortest lag.
	// d(tau) = e0 + e(tau) - 2 r(tau): the energies of the two windows
	// less twice their product, one multiply-add a sample, with the
	// shifted window's energy kept up as it slides.
	//
	// The search computes d on even lags only, counting each twice in
	// the running sum that normalises it (d changes little from one lag
	// to the next at 4 kHz: a period of 400 Hz is 10 lags), and then the
	// two odd lags around the dip it finds, exactly: half the work, and
	// the bottom of the dip and its neighbours are all computed lags.
	e0 := dot(x[:w], x[:w])
	et := e0
	diff := func(tau int, et float64) float64 { return max(0, e0+et-2*dot(x[:w], x[tau:tau+w])) }
	norm := func(dd, sum float64, tau int) float64 {
		if sum == 0 {
			return 1
		}
		return dd * float64(tau) / sum
	}
	sum := 0.0
	best := -1
	// odd computes the odd lag tau exactly, its running sum as the even
	// lags count it.
	odd := func(tau, even int) {
		dd := diff(tau, t.e[tau])
		t.d[tau] = dd
		s := t.sums[even] - t.d[even] + dd
		if tau > even {
			s = t.sums[even] + dd
		}
		t.cmnd[tau] = norm(dd, s, tau)
	}
	for tau := 1; tau <= t.maxLag; tau++ {
		et += float64(x[tau+w-1])*float64(x[tau+w-1]) - float64(x[tau-1])*float64(x[tau-1])
		t.e[tau] = et
		if tau%2 == 1 {
			continue
		}
		dd := diff(tau, et)
		t.d[tau] = dd
		sum += 2 * dd
		t.sums[tau] = sum
		t.cmnd[tau] = norm(dd, sum, tau)
		prev := tau - 2
		if prev < max(t.minLag, 4) {
			continue
		}
		// A dip on the even lags: its bottom may be an odd lag either
		// side, so both are computed before the threshold is applied.
		if t.cmnd[tau] >= t.cmnd[prev] && t.cmnd[prev] <= t.cmnd[prev-2] {
			odd(prev-1, prev)
			odd(prev+1, prev)
			m := prev
			if t.cmnd[prev+1] < t.cmnd[m] {
				m = prev + 1
			}
			if t.cmnd[prev-1] < t.cmnd[m] && prev-1 >= t.minLag {
				m = prev - 1
			}
			if t.cmnd[m] < t.o.MaxAperiodicity {
				best = m
				break
			}
			lowest = math.Min(lowest, t.cmnd[m])
		}
		lowest = math.Min(lowest, t.cmnd[prev])
	}
	if best < 0 {
		return 0, lowest
	}
	// A parabola through the dip places the period between samples.
	p := float64(best)
	if best > 1 && best+1 <= t.maxLag {
		a, b, c := t.cmnd[best-1], t.cmnd[best], t.cmnd[best+1]
		if den := a - 2*b + c; den > 0 {
			p += 0.5 * (a - c) / den
		}
	}
	return t.rate / p, t.cmnd[best]
}

// biquad is one second-order IIR section (direct form I).
type biquad struct {
	b0, b1, b2, a1, a2 float64
	x1, x2, y1, y2     float64
}

// lowPass is a Butterworth low-pass section at fc (RBJ's cookbook).
func lowPass(rate, fc float64) biquad {
	w := 2 * math.Pi * fc / rate
	alpha := math.Sin(w) / math.Sqrt2 // Q = 1/sqrt(2): no peak
	cw := math.Cos(w)
	a0 := 1 + alpha
	return biquad{
		b0: (1 - cw) / 2 / a0, b1: (1 - cw) / a0, b2: (1 - cw) / 2 / a0,
		a1: -2 * cw / a0, a2: (1 - alpha) / a0,
	}
}

// run filters xs in place.
func (q *biquad) run(xs []float32) {
	b0, b1, b2, a1, a2 := q.b0, q.b1, q.b2, q.a1, q.a2
	x1, x2, y1, y2 := q.x1, q.x2, q.y1, q.y2
	for i, v := range xs {
		x := float64(v)
		y := b0*x + b1*x1 + b2*x2 - a1*y1 - a2*y2
		x2, x1 = x1, x
		y2, y1 = y1, y
		xs[i] = float32(y)
	}
	q.x1, q.x2, q.y1, q.y2 = x1, x2, y1, y2
}

// dot is the dot product of a and b (of a's length), in four independent
// sums so that the additions overlap.
func dot(a, b []float32) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	j := 0
	for ; j+4 <= len(a); j += 4 {
		s0 += a[j] * b[j]
		s1 += a[j+1] * b[j+1]
		s2 += a[j+2] * b[j+2]
		s3 += a[j+3] * b[j+3]
	}
	for ; j < len(a); j++ {
		s0 += a[j] * b[j]
	}
	return float64(s0) + float64(s1) + float64(s2) + float64(s3)
}

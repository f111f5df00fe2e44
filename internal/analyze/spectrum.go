package analyze

import (
	"math"
	"sync"
)

// Speech is told from the room by its spectrum, band by band. Each frame's
// energy is measured in bands across the speech range (see bandEdgesHz)
// from a short Fourier transform of the frame, and each band is compared
// with that band's own noise floor (see floorTracker). A fan or a hum
// fills a few bands steadily and a hiss the top ones; speech rises over
// the floor in many bands at once. A frame's speech evidence is how far,
// on average over the bands, it stands over the floors.

// bandEdgesHz bound the bands: about a third of an octave wide in the low
// range where voicing and the first formant lie, wider above.
var bandEdgesHz = [...]float64{100, 250, 400, 600, 850, 1200, 1700, 2400, 3400, 4800, 7000}

const numBands = len(bandEdgesHz) - 1

// spectrumPlan is what a frame's spectrum needs for one sample rate: the
// transform's size (the largest power of two in a frame, at most 512), its
// window, twiddle factors and bit-reversal order, and which bins make each
// band. It is read-only once made, shared by every goroutine.
type spectrumPlan struct {
	n      int       // real samples transformed: 2m
	window []float32 // Hann, n long
	rev    []int32   // bit-reversed order of m
	// The twiddle factors e^{-2πik/size} of each stage from size 8 up, one
	// after the other, real and imaginary parts apart.
	twRe, twIm []float32
	// e^{-2πik/n}, for the split of the real input's spectrum.
	splitRe, splitIm []float32
	band             [numBands][2]int32 // bins [lo, hi)
	bands            int                // bands under the Nyquist frequency
}

var (
	plansMu sync.Mutex
	plans   = map[int]*spectrumPlan{}
)

// planFor returns the plan for frames of frameLen samples at rate.
func planFor(rate, frameLen int) *spectrumPlan {
	plansMu.Lock()
	defer plansMu.Unlock()
	if p := plans[rate]; p != nil {
		return p
	}
	n := 8
	for n*2 <= frameLen && n < 512 {
		n *= 2
	}
	m := n / 2
	p := &spectrumPlan{n: n, window: make([]float32, n), rev: make([]int32, m)}
	for i := range p.window {
		p.window[i] = float32(0.5 - 0.5*math.Cos(2*math.Pi*(float64(i)+0.5)/float64(n)))
	}
	bits := 0
	for 1<<bits < m {
		bits++
	}
	for i := range p.rev {
		r := 0
		for b := 0; b < bits; b++ {
			if i&(1<<b) != 0 {
				r |= 1 << (bits - 1 - b)
			}
		}
		p.rev[i] = int32(r)
	}
	for size := 8; size <= m; size *= 2 {
		for k := range size / 2 {
			sn, cs := math.Sincos(-2 * math.Pi * float64(k) / float64(size))
			p.twRe = append(p.twRe, float32(cs))
			p.twIm = append(p.twIm, float32(sn))
		}
	}
	for k := 0; k <= m; k++ {
		sn, cs := math.Sincos(-2 * math.Pi * float64(k) / float64(n))
		p.splitRe = append(p.splitRe, float32(cs))
		p.splitIm = append(p.splitIm, float32(sn))
	}
	// powerAVX reads up to 7 bins past the last.
	p.splitRe = append(p.splitRe, make([]float32, 8)...)
	p.splitIm = append(p.splitIm, make([]float32, 8)...)
	binHz := float64(rate) / float64(n)
	for b := 0; b < numBands; b++ {
		lo := max(int32(math.Round(bandEdgesHz[b]/binHz)), 1)
		hi := min(int32(math.Round(bandEdgesHz[b+1]/binHz)), int32(m))
		if lo >= int32(m) {
			break
		}
		p.band[b] = [2]int32{lo, max(hi, lo+1)}
		p.bands = b + 1
	}
	plans[rate] = p
	return p
}

// spectrumWork is one goroutine's scratch space for bandEnergies: the
// frame windowed, the transform, and for bandSumsVector each bin's mirror
// and power (8 longer than the transform, for powerAVX). It also holds the
// band energies of the frames before the next one, which its levels are
// averaged with (see levelsOf).
type spectrumWork struct {
	plan     *spectrumPlan
	xw       []float32 // the frame's windowed samples
	re, im   []float32
	cre, cim []float32
	pow      []float32

	recent [bandSpan - 1][numBands]float32 // the latest first
	seen   int                             // frames in recent
}

// levelsOf is the levels of a frame's bands, in steps, averaged with the
// frames before it that w remembers (bandSpan in all).
func (w *spectrumWork) levelsOf(e *[numBands]float32) (l [numBands]level) {
	k := w.seen
	for b := range w.plan.bands {
		v := e[b]
		for i := range k {
			v += w.recent[i][b]
		}
		l[b] = max(levelOf(float64(v/float32(k+1))), bandFloor)
	}
	return l
}

// remember takes a whole frame's band energies as the latest before the
// next frame.
func (w *spectrumWork) remember(e *[numBands]float32) {
	copy(w.recent[1:], w.recent[:])
	w.recent[0] = *e
	w.seen = min(w.seen+1, bandSpan-1)
}

func newSpectrumWork(p *spectrumPlan) *spectrumWork {
	m := p.n / 2
	return &spectrumWork{
		plan: p,
		xw:   make([]float32, p.n),
		re:   make([]float32, m, m+8), im: make([]float32, m, m+8),
		cre: make([]float32, m+8), cim: make([]float32, m+8),
		pow: make([]float32, m+8),
	}
}

// bandEnergies fills e with the energy in each band of the middle n
// samples of the frame x (scaled by sc), per sample, as fractions of full
// scale. Bands above the rate's Nyquist frequency are left at zero.
func bandEnergies[S sample](w *spectrumWork, x []S, sc scale, e *[numBands]float32) {
	p := w.plan
	*e = [numBands]float32{}
	if len(x) == 0 {
		return
	}
	// The n real samples from the middle of the frame, windowed, as n/2
	// complex ones in bit-reversed order; zeros where a short frame ends.
	n := p.n
	from := max((len(x)-n)/2, 0)
	re, im := w.re, w.im
	win := p.window[:n]
	if len(x)-from >= n {
		xw := w.xw[:n]
		window(p, x[from:from+n], sc.inv, xw)
		firstStages(p, xw, re, im)
		laterStages(p, re, im)
		if hasStageKernel && p.bands > 0 {
			bandSumsVector(w, e)
		} else {
			bandSums(p, re, im, e)
		}
		return
	}
	x = x[from:]
	for i, r := range p.rev {
		var a, b float32
		if j := 2 * i; j < len(x) {
			a = float32(x[j]) * sc.inv * win[j]
		}
		if j := 2*i + 1; j < len(x) {
			b = float32(x[j]) * sc.inv * win[j]
		}
		re[r], im[r] = a, b
	}
	fft(p, re, im)
	bandSums(p, re, im, e)
}

// window scales the n samples of a whole frame to [-1, 1] and applies the
// window.
func window[S sample](p *spectrumPlan, x []S, inv float32, out []float32) {
	if x16, ok := any(x).([]int16); ok && hasWindowKernel && len(x16)%8 == 0 {
		windowAVX2(&x16[0], &p.window[0], &out[0], len(x16))
		return
	}
	out = out[:len(x)]
	win := p.window[:len(x)]
	for i, v := range x {
		out[i] = float32(v) * inv * win[i]
	}
}

// firstStages is a whole frame's windowed samples x, taken in pairs as
// complex numbers, through the first two stages of fft, with the same
// arithmetic in the same order, four at a time, read straight from x in
// bit-reversed order: the four complex numbers that go to positions g to
// g+3 are those at rev[g] plus 0, m/2, m/4 and 3m/4, since g's two lowest
// bits are zero.
func firstStages(p *spectrumPlan, x []float32, re, im []float32) {
	m := len(re)
	im = im[:m]
	x = x[:2*m]
	h, q := m/2, m/4
	for g := 0; g+3 < m; g += 4 {
		i0 := int(p.rev[g])
		i1, i2, i3 := i0+h, i0+q, i0+h+q
		r0, j0 := x[2*i0], x[2*i0+1]
		r1, j1 := x[2*i1], x[2*i1+1]
		r2, j2 := x[2*i2], x[2*i2+1]
		r3, j3 := x[2*i3], x[2*i3+1]
		r0, j0, r1, j1 = r0+r1, j0+j1, r0-r1, j0-j1
		r2, j2, r3, j3 = r2+r3, j2+j3, r2-r3, j2-j3
		r, c := re[g:g+4:g+4], im[g:g+4:g+4]
		r[0], c[0], r[2], c[2] = r0+r2, j0+j2, r0-r2, j0-j2
		r[1], c[1], r[3], c[3] = r1+j3, j1-r3, r1-j3, j1+r3
	}
}

// fft transforms re+i·im (in bit-reversed order) in place: radix 2, the
// first two stages, whose twiddle factors are 1 and -i, done apart.
func fft(p *spectrumPlan, re, im []float32) {
	m := len(re)
	im = im[:m]
	for i := 0; i+1 < m; i += 2 {
		ar, ai, br, bi := re[i], im[i], re[i+1], im[i+1]
		re[i], im[i], re[i+1], im[i+1] = ar+br, ai+bi, ar-br, ai-bi
	}
	for i := 0; i+3 < m; i += 4 {
		r, q := re[i:i+4:i+4], im[i:i+4:i+4]
		r0, i0, r1, i1, r2, i2, r3, i3 := r[0], q[0], r[1], q[1], r[2], q[2], r[3], q[3]
		r[0], q[0], r[2], q[2] = r0+r2, i0+i2, r0-r2, i0-i2
		// (r3 + i·i3)·(-i) = i3 - i·r3
		r[1], q[1], r[3], q[3] = r1+i3, i1-r3, r1-i3, i1+r3
	}
	laterStages(p, re, im)
}

// laterStages is fft's stages from size 8 up. The first butterfly of each
// block, whose twiddle factor is 1, is done without multiplying: 1·b is b,
// and b - 0·c differs from b at most in the sign of a zero, which no
// energy sees.
func laterStages(p *spectrumPlan, re, im []float32) {
	m := len(re)
	im = im[:m]
	off := 0
	for size := 8; size <= m; size *= 2 {
		half := size / 2
		tr, ti := p.twRe[off:off+half], p.twIm[off:off+half]
		off += half
		if hasStageKernel && (half == 4 || half%8 == 0) {
			stageAVX(&re[0], &im[0], &tr[0], &ti[0], m, half)
			continue
		}
		for start := 0; start+size <= m; start += size {
			ar, ai := re[start:start+half:start+half], im[start:start+half:start+half]
			br, bi := re[start+half:start+size:start+size], im[start+half:start+size:start+size]
			ur, ui, xr, xi := ar[0], ai[0], br[0], bi[0]
			ar[0], ai[0], br[0], bi[0] = ur+xr, ui+xi, ur-xr, ui-xi
			tr, ti := tr[:half], ti[:half]
			for k := 1; k < half; k++ {
				xr := tr[k]*br[k] - ti[k]*bi[k]
				xi := tr[k]*bi[k] + ti[k]*br[k]
				ur, ui := ar[k], ai[k]
				ar[k], ai[k] = ur+xr, ui+xi
				br[k], bi[k] = ur-xr, ui-xi
			}
		}
	}
}

// bandSums adds up the power of the real input's spectrum in each band,
// from the transform Z of its samples taken in pairs:
// X[k] = (Z[k] + conj Z[m-k])/2 - i·e^{-2πik/n}·(Z[k] - conj Z[m-k])/2.
func bandSums(p *spectrumPlan, re, im []float32, e *[numBands]float32) {
	m := int32(len(re))
	im = im[:m]
	inv := 1 / float32(p.n)
	for b := range p.bands {
		lo, hi := p.band[b][0], p.band[b][1]
		var sum float32
		for k := lo; k < hi; k++ {
			j := (m - k) & (m - 1)
			zr, zi, cr, ci := re[k&(m-1)], im[k&(m-1)], re[j], -im[j]
			er, ei := (zr+cr)*0.5, (zi+ci)*0.5
			// odd = (Z[k] - conj Z[m-k]) · (-i/2)
			or, oi := (zi-ci)*0.5, -(zr-cr)*0.5
			wr, wi := p.splitRe[k], p.splitIm[k]
			vr := er + wr*or - wi*oi
			vi := ei + wr*oi + wi*or
			sum += vr*vr + vi*vi
		}
		e[b] = sum * inv
	}
}

// bandSumsVector is bandSums with each bin's power worked out by
// powerAVX, eight bins at a time, from the transform and its mirror image,
// and then added up band by band in the same order: the same sums bit for
// bit.
func bandSumsVector(w *spectrumWork, e *[numBands]float32) {
	p := w.plan
	m := p.n / 2
	kmax := int(p.band[p.bands-1][1])
	re, im := w.re[:m], w.im[:m]
	cre, cim := w.cre[:kmax], w.cim[:kmax]
	for k := 1; k < kmax; k++ {
		cre[k], cim[k] = re[m-k], im[m-k]
	}
	n := (kmax - 1 + 7) &^ 7
	powerAVX(&re[1], &im[1], &w.cre[1], &w.cim[1], &p.splitRe[1], &p.splitIm[1], &w.pow[1], n)
	inv := 1 / float32(p.n)
	pow := w.pow[:kmax]
	for b := range p.bands {
		var sum float32
		for _, v := range pow[p.band[b][0]:p.band[b][1]] {
			sum += v
		}
		e[b] = sum * inv
	}
}

// The noise of each band is followed in the order the frames come, so
// that it is the same whether the audio is fed live or read from a file,
// and so that it follows a room that changes. Its floor is tracked by
// minimum statistics: the lowest smoothed level over the last few seconds
// (speech, even without a pause, dips between words in every band within
// that time), allowed to rise only slowly, so that a long unbroken sound
// is not taken for the room. The frames near that floor are the noise,
// and their mean and spread in each band are what a frame is measured
// against: a steady hiss spreads by a dB or two, the rattle of a fan or a
// kitchen by several, and a frame is speech when it stands out of each
// band's own spread in several bands at once.
//
// The constants were chosen on the tuning clips of the real-speech test
// (see realspeech_test.go) and checked on the others.
const (
	floorSubFrames = 50 // frames in a sub-window
	floorSubs      = 8  // sub-windows remembered: 4 s at 10 ms frames
	warmFrames     = floorSubFrames * floorSubs
	// floorSmooth weighs the smoothed level's past: the minimum of raw
	// levels would sit in the noise's deepest dips.
	floorSmooth = 0.6
	// floorRise bounds how far the floor rises per sub-window: 1 dB a
	// second.
	floorRise = 1 * stepsPerDB * floorSubFrames / 100
	// gateSteps: frames within this of the floor in a band are that band's
	// noise (12 dB).
	gateSteps = 12 * stepsPerDB
	// noiseRate is how fast the noise's mean and spread follow: about a
	// third of a second.
	noiseRate = 0.03
	// minSigma is the smallest spread a band's noise is given, in steps
	// (3 dB): digital silence and the steadiest hiss must not make a
	// frame a hair louder stand out.
	minSigma = 3 * stepsPerDB
	// capZ bounds one band's part of the evidence, in standard deviations,
	// so that one loud band (a click, a whistle) cannot make a frame
	// speech alone.
	capZ = 6
	// topBands is how many bands, the most outstanding, make the
	// evidence: a vowel stands out in most bands, an "s" or an "f" in a
	// few high ones; noise's chance outliers are rarely in four at once.
	topBands = 4
	// zScale is the evidence's unit: eighths of a standard deviation.
	zScale = 8
	// bandSpan is how many frames, this one and the ones before, a band's
	// energy is averaged over: noise's ups and downs average out, a
	// sound's do not.
	bandSpan = 2
)

// bandFloor is the quietest band level counted (steps): no microphone is
// quieter, and digital silence must not make the faintest dither stand
// out.
var bandFloor = level(levelAt(-100))

// floorTracker follows the noise of every band.
type floorTracker struct {
	n      int // frames added
	bands  int
	smooth [numBands]float32 // levels, smoothed
	subMin [numBands]float32 // the current sub-window's minimum
	subs   [floorSubs][numBands]float32
	filled int // sub-windows completed, up to floorSubs
	inSub  int // frames in the current sub-window
	floor  [numBands]float32
	mean   [numBands]float32 // of the noise's levels
	vari   [numBands]float32 // their variance

	// The levels of the first frames. Until a few seconds have been seen
	// the noise is not known (a recording may start with words), so the
	// evidence of those frames is worked out again from all of them once
	// they are in (see add), or for a result asked for before.
	early [][numBands]float32
}

// bandLevels is a frame's band levels as floorTracker takes them.
func bandLevels(l *[numBands]level) (f [numBands]float32) {
	for b, v := range l {
		f[b] = float32(v)
	}
	return f
}

// evidence is how far the levels stand out of the noise.
func (f *floorTracker) evidence(l *[numBands]float32) level {
	return evidenceOf(l, &f.mean, &f.vari, f.bands)
}

// evidenceOf is the mean, over the topBands bands that stand out most, of
// how many standard deviations of the band's noise each stands over its
// mean (at most capZ), in 1/zScale units.
func evidenceOf(l, mean, vari *[numBands]float32, bands int) level {
	if bands == 0 {
		return 0
	}
	// The k largest, largest first, kept as they come: an insertion into
	// a handful.
	var zs [numBands]float32
	if hasStageKernel && bands == numBands {
		zAVX(l, mean, vari, &zs)
	} else {
		for b := range bands {
			sd := max(sqrt32(vari[b]), minSigma)
			zs[b] = min(max((l[b]-mean[b])/sd, 0), capZ)
		}
	}
	k := min(topBands, bands)
	var top [topBands]float32
	for b, z := range zs[:bands] {
		if b >= k && z <= top[k-1] {
			continue
		}
		j := min(b, k-1)
		for ; j > 0 && z > top[j-1]; j-- {
			top[j] = top[j-1]
		}
		top[j] = z
	}
	var sum float32
	for _, v := range top[:k] {
		sum += v
	}
	return level(min(sum/float32(k)*zScale+0.5, maxLevel))
}

// add takes a frame's band levels into the noise, after its evidence was
// taken against the noise before it. It reports when the first frames'
// evidence has just been settled: the caller then replaces it with
// earlyEvidence.
func (f *floorTracker) add(l *[numBands]float32, bands int) (settled bool) {
	if f.n == 0 {
		f.bands = bands
		f.smooth, f.subMin, f.floor, f.mean = *l, *l, *l, *l
		for b := range f.vari {
			f.vari[b] = minSigma * minSigma
		}
	}
	f.n++
	if f.n <= warmFrames {
		f.early = append(f.early, *l)
	}
	for b := range f.bands {
		if l[b] < f.floor[b]+gateSteps {
			d := l[b] - f.mean[b]
			f.mean[b] += noiseRate * d
			f.vari[b] += noiseRate * (d*d - f.vari[b])
		}
		s := floorSmooth*f.smooth[b] + (1-floorSmooth)*l[b]
		f.smooth[b] = s
		f.subMin[b] = min(f.subMin[b], s)
		f.floor[b] = min(f.floor[b], s)
	}
	f.inSub++
	if f.inSub == floorSubFrames {
		// A sub-window ends: the oldest is forgotten and the floor is the
		// minimum of those remembered, risen by floorRise at most.
		copy(f.subs[1:], f.subs[:floorSubs-1])
		f.subs[0] = f.subMin
		f.filled = min(f.filled+1, floorSubs)
		f.inSub = 0
		for b := range f.bands {
			m := f.subs[0][b]
			for i := 1; i < f.filled; i++ {
				m = min(m, f.subs[i][b])
			}
			f.floor[b] = min(m, f.floor[b]+floorRise)
			f.subMin[b] = f.smooth[b]
		}
	}
	if f.n == warmFrames {
		f.mean, f.vari = earlyNoise(f.early, f.bands)
		return true
	}
	return false
}

// earlyNoise is the noise of the first frames, measured on all of them at
// once: per band, the mean and variance of the frames near the band's
// lowest smoothed level.
func earlyNoise(early [][numBands]float32, bands int) (mean, vari [numBands]float32) {
	for b := range bands {
		lowest := early[0][b]
		s := early[0][b]
		for _, l := range early[1:] {
			s = floorSmooth*s + (1-floorSmooth)*l[b]
			lowest = min(lowest, s)
		}
		var sum, sumSq float64
		n := 0
		for _, l := range early {
			if v := l[b]; v < lowest+gateSteps {
				sum += float64(v)
				sumSq += float64(v) * float64(v)
				n++
			}
		}
		m := sum / float64(max(n, 1))
		mean[b] = float32(m)
		vari[b] = float32(max(sumSq/float64(max(n, 1))-m*m, 0))
	}
	return mean, vari
}

// earlyEvidence is the evidence of the first frames against the noise
// measured on all of them.
func (f *floorTracker) earlyEvidence() []level {
	if len(f.early) == 0 {
		return nil
	}
	mean, vari := earlyNoise(f.early, f.bands)
	out := make([]level, len(f.early))
	for i := range f.early {
		out[i] = evidenceOf(&f.early[i], &mean, &vari, f.bands)
	}
	return out
}

// evidenceNow is the evidence of a frame not added, against the noise as
// known now.
func (f *floorTracker) evidenceNow(l *[numBands]float32) level {
	if f.n == 0 {
		return 0
	}
	if f.n < warmFrames {
		mean, vari := earlyNoise(f.early, f.bands)
		return evidenceOf(l, &mean, &vari, f.bands)
	}
	return f.evidence(l)
}

func sqrt32(v float32) float32 { return float32(math.Sqrt(float64(v))) }

// Package analyze times a spoken answer from its audio: how long it ran
// against the limit, when the first word came, how long the speaker spoke,
// where the pauses were, and whether the level was usable. It is fed mono
// frames as they are recorded or read, and can give its result at any
// moment without having kept the audio.
package analyze

import (
	"math"
	"sync"
)

// Options set the limit an answer is timed against and how silence is told
// from speech. Zero fields take the defaults of DefaultOptions.
type Options struct {
	SampleRate   int     // of the samples fed; Stream takes it from the file
	LimitS       float64 // the time limit for an answer
	ShortS       float64 // an answer shorter than this is "short"
	NearS        float64 // an answer within this of the limit is "near"
	MinGapS      float64 // silences shorter than this are not gaps
	SilenceDB    float64 // fixed threshold in dBFS, used when FixedSilence
	FixedSilence bool
}

// DefaultOptions are starcoach's defaults: a 2:00 limit, short under 0:45,
// near within 15 s of the limit, gaps from 0.3 s, 16 kHz audio.
func DefaultOptions() Options {
	return Options{SampleRate: 16000, LimitS: 120, ShortS: 45, NearS: 15, MinGapS: 0.3}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	fix := func(v *float64, def float64) {
		if !(*v > 0) || math.IsInf(*v, 0) {
			*v = def
		}
	}
	if o.SampleRate <= 0 {
		o.SampleRate = d.SampleRate
	}
	fix(&o.LimitS, d.LimitS)
	fix(&o.ShortS, d.ShortS)
	fix(&o.NearS, d.NearS)
	fix(&o.MinGapS, d.MinGapS)
	if math.IsNaN(o.SilenceDB) || math.IsInf(o.SilenceDB, 0) {
		o.FixedSilence = false
	}
	return o
}

// clipLevel is the magnitude from which a sample counts as clipped: a
// converter that saturates lands at full scale or one step under it.
const clipLevel = 0.999

// recentFrames is how far back Live looks for its peak and clipping.
const recentFrames = 100 // about a second

// Analyzer measures an answer from mono samples fed to it in any pieces.
// It is not safe for concurrent use: a recorder that feeds it on one
// goroutine and reads Live on another must hold a lock around the calls.
//
// Per sample it only multiplies, sums and tracks the largest square (see
// measure); everything else happens once per frame of about 10 ms. The silence
// threshold depends on the whole recording (its noise floor and speech
// level), which is not known until the end, so the analyzer keeps the level
// of every frame, one byte each (see levelRecord), and finds speech and
// pauses in that record when Result is asked for. Live estimates the same
// thresholds from the frames so far.
//
// Speech is told from silence on the level of the pre-emphasized signal
// (each sample less most of the one before: a first-order high-pass). The
// hum, rumble and fan noise of a room sit low in frequency and swing
// slowly, so their level from one 10 ms frame to the next jumps by several
// dB, which is what makes a plain level threshold mistake noise for words
// or the fading end of a word for noise; speech keeps most of its energy
// above the filter's knee. The plain level is measured as well: it is what
// a meter shows, what a fixed --silence-db is compared with (the record
// then keeps it instead), and what the noise floor and speech level are
// reported in, from its histogram.
type Analyzer struct {
	opts     Options
	frameLen int // samples per frame

	samples int64 // fed so far
	sumSq   float64
	peak    uint32 // bits of the largest square, see measure
	clipped int64
	prev    float32 // the last sample, for the pre-emphasis

	// The frame being filled: whole frames are measured straight from what
	// Feed is given, and only the samples that do not fill one are copied
	// here, so that every frame is measured in one piece and the result does
	// not depend on how the audio was cut up.
	frameBuf []float32
	pending  int

	plain, voice levelRecord

	lastLevel  level
	recentPeak [recentFrames]uint32
	lastClip   int64 // frame index of the last clipped sample

	live liveScan
}

// emphasis is the pre-emphasis coefficient: y[n] = x[n] - emphasis*x[n-1].
const emphasis = 0.95

// New returns an analyzer for audio at o.SampleRate.
func New(o Options) *Analyzer {
	o = o.withDefaults()
	frameLen := max(o.SampleRate/100, 1)
	a := &Analyzer{
		opts:     o,
		frameLen: frameLen,
		frameBuf: make([]float32, frameLen),
		lastClip: -1 - recentFrames,
	}
	a.detector().keep = true
	return a
}

// clipBits is clipLevel squared, as measure reports the largest square.
var clipBits = math.Float32bits(clipLevel * clipLevel)

// peakDBFS turns the bits of a largest square into dBFS.
func peakDBFS(sqBits uint32) float64 {
	return dbfs(math.Sqrt(float64(math.Float32frombits(sqBits))))
}

// Feed adds mono samples in [-1, 1]; any length, including none.
func (a *Analyzer) Feed(mono []float32) { feed(a, mono) }

// sample is what the analyzer measures: floats in [-1, 1], or the 16-bit
// integers of most WAV files, measured as they are stored so that a file
// needs no pass converting them. Both give exactly the same results for
// the same audio: see measureFrame.
type sample interface{ float32 | int16 }

// scale relates samples of one type to [-1, 1]: full is the magnitude of
// 0 dBFS, a power of two, so that scaling by it is exact.
type scale struct{ full, inv, sq float32 }

func scaleOf[S sample]() scale {
	var z S
	if _, ok := any(z).(int16); ok {
		return scale{full: 32768, inv: 1.0 / 32768, sq: 1.0 / (32768 * 32768)}
	}
	return scale{full: 1, inv: 1, sq: 1}
}

// feed is Feed for either kind of sample.
func feed[S sample](a *Analyzer, mono []S) {
	sc := scaleOf[S]()
	a.samples += int64(len(mono))
	if a.pending > 0 {
		n := toUnit(a.frameBuf[a.pending:], mono, sc)
		a.pending += n
		mono = mono[n:]
		if a.pending < a.frameLen {
			return
		}
		var st frameStats
		measureFrame(&st, a.frameBuf, a.prev, unitScale)
		a.addFrame(&st)
		a.prev = a.frameBuf[a.frameLen-1]
		a.pending = 0
	}
	for len(mono) >= a.frameLen {
		x := mono[:a.frameLen]
		var st frameStats
		measureFrame(&st, x, a.prev, sc)
		a.addFrame(&st)
		a.prev = float32(x[a.frameLen-1]) * sc.inv
		mono = mono[a.frameLen:]
	}
	a.pending = toUnit(a.frameBuf, mono, sc)
}

// unitScale is the scale of float samples.
var unitScale = scaleOf[float32]()

// toUnit copies samples into dst scaled to [-1, 1], as the WAV reader
// scales them, and returns how many.
func toUnit[S sample](dst []float32, src []S, sc scale) int {
	n := min(len(dst), len(src))
	for i, v := range src[:n] {
		dst[i] = float32(v) * sc.inv
	}
	return n
}

// frameStats are one frame's measurements, small because Stream hands
// them from core to core.
type frameStats struct {
	sumSq        float64 // energy
	peakSq       uint32  // see measure
	clipped      int32   // samples
	plain, voice level   // mean energy: plain and pre-emphasized
}

// measureFrame measures a frame, or the start of one, that follows prev
// (in [-1, 1]), into st. (Filling st in place spares the copies of a
// returned struct, which cost more than a tenth of Feed's time.)
func measureFrame[S sample](st *frameStats, x []S, prev float32, sc scale) {
	var sum, lag float32
	var peak uint32
	switch x := any(x).(type) {
	case []float32:
		sum, lag, peak = measure(x, prev)
	case []int16:
		sum, lag, peak = measure16(x, prev*sc.full)
	}
	if sc.full != 1 {
		// Back to the scale of [-1, 1]. The products and sums of integer
		// samples are whole numbers, never so small or large that float32
		// loses range, so rounding them and then scaling by a power of two
		// gives exactly what the same arithmetic on the scaled samples does.
		sum, lag = sum*sc.sq, lag*sc.sq
		peak = math.Float32bits(math.Float32frombits(peak) * sc.sq)
	}
	*st = frameStats{sumSq: float64(sum), peakSq: peak}
	if len(x) == 0 {
		return
	}
	// The pre-emphasized energy Σ(x[n] - k·x[n-1])², from the sums measure
	// keeps: Σx[n]² - 2k·Σx[n]x[n-1] + k²·Σx[n-1]², where the last sum is
	// the first less the frame's last sample squared plus the one before
	// the frame squared. Even for a pure hum the filter keeps over a
	// quarter of a percent of the energy, far above the float sums'
	// rounding.
	last, before := float64(float32(x[len(x)-1])*sc.inv), float64(prev)
	voice := st.sumSq - 2*emphasis*float64(lag) + emphasis*emphasis*(st.sumSq-last*last+before*before)
	n := float64(len(x))
	st.plain = levelOf(st.sumSq / n)
	st.voice = levelOf(max(voice, 0) / n)
	if peak >= clipBits {
		st.clipped = countClipped(x, sc)
	}
}

// addFrame records the measurements of a whole frame.
func (a *Analyzer) addFrame(st *frameStats) {
	i := a.plain.n
	a.plain.add(st.plain)
	a.voice.add(st.voice)
	a.lastLevel = st.plain
	a.sumSq += st.sumSq
	a.clipped += int64(st.clipped)
	a.peak = max(a.peak, st.peakSq)
	a.recentPeak[i%recentFrames] = st.peakSq
	if st.peakSq >= clipBits {
		a.lastClip = int64(i)
	}
}

// partial measures the samples that do not yet fill a frame.
func (a *Analyzer) partial() frameStats {
	var st frameStats
	measureFrame(&st, a.frameBuf[:a.pending], a.prev, unitScale)
	return st
}

// measure is the per-sample work on a piece of one frame: the sum of the
// squares of the samples, the sum of each sample times the one before it
// (what the pre-emphasized energy is worked out from, see measureFrame),
// and the largest square. Two sums of each kind, each adding its terms two
// at a time, leave one addition per two samples waiting on the one before;
// more sums would not fit the CPU's registers. The largest square is kept
// as the float's bits, which for numbers that cannot be negative order like
// the numbers themselves and so take a branch-free integer maximum.
func measure(x []float32, prev float32) (sum, lag float32, peakSq uint32) {
	var s0, s1, l0, l1 float32
	var m0, m1 uint32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		q := x[i : i+4 : i+4]
		a, b, c, d := q[0], q[1], q[2], q[3]
		aa, bb, cc, dd := a*a, b*b, c*c, d*d
		s0 += aa + cc
		s1 += bb + dd
		l0 += a*prev + c*b
		l1 += b*a + d*c
		m0 = max(m0, math.Float32bits(aa), math.Float32bits(cc))
		m1 = max(m1, math.Float32bits(bb), math.Float32bits(dd))
		prev = d
	}
	for ; i < len(x); i++ {
		a := x[i]
		aa := a * a
		s0 += aa
		l0 += a * prev
		m0 = max(m0, math.Float32bits(aa))
		prev = a
	}
	return s0 + s1, l0 + l1, max(m0, m1)
}

// measure16 is measure on 16-bit samples as stored, the same arithmetic
// on float32(x[i]), which it looks up: converting an integer costs more
// than the rest of the work on it, and speech keeps to the few tens of
// kilobytes of the table near zero.
func measure16(x []int16, prev float32) (sum, lag float32, peakSq uint32) {
	t := int16Floats()
	var s0, s1, l0, l1 float32
	var m0, m1 uint32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		q := x[i : i+4 : i+4]
		a, b, c, d := t[uint16(q[0])], t[uint16(q[1])], t[uint16(q[2])], t[uint16(q[3])]
		aa, bb, cc, dd := a*a, b*b, c*c, d*d
		s0 += aa + cc
		s1 += bb + dd
		l0 += a*prev + c*b
		l1 += b*a + d*c
		m0 = max(m0, math.Float32bits(aa), math.Float32bits(cc))
		m1 = max(m1, math.Float32bits(bb), math.Float32bits(dd))
		prev = d
	}
	for ; i < len(x); i++ {
		a := t[uint16(x[i])]
		aa := a * a
		s0 += aa
		l0 += a * prev
		m0 = max(m0, math.Float32bits(aa))
		prev = a
	}
	return s0 + s1, l0 + l1, max(m0, m1)
}

// int16Floats()[uint16(v)] is float32(v) for every 16-bit sample v, made
// when first needed: 256 kB that only files need.
var int16Floats = sync.OnceValue(func() *[1 << 16]float32 {
	t := new([1 << 16]float32)
	for i := range t {
		t[i] = float32(int16(i))
	}
	return t
})

func countClipped[S sample](x []S, sc scale) int32 {
	var n int32
	for _, s := range x {
		if v := float32(s) * sc.inv; v >= clipLevel || v <= -clipLevel {
			n++
		}
	}
	return n
}

// Live is a snapshot for a level meter and for stopping a recording when
// the speaker has finished.
type Live struct {
	ElapsedS    float64 // audio fed so far
	LevelDBFS   float64 // RMS of the last frame
	PeakDBFS    float64 // highest sample of the last second
	Clipping    bool    // a sample of the last second was at full scale
	Speaking    bool    // speech now (pauses shorter than the minimum gap included)
	HeardSpeech bool    // speech has started at some point
	SilentForS  float64 // the current silence: since the last speech, or since the start
	TooQuiet    bool    // speech so far is too quiet for a reliable analysis
	NoiseDBFS   float64 // the noise floor estimated so far
}

// liveScan remembers where Live last looked, so that each call only reads
// the frames fed since, unless the thresholds moved.
type liveScan struct {
	scanned    int // frames examined
	high, low  int
	lastSpeech int // index of the last speech frame, -1 for none
	prevAbove  bool
}

// Live reports the state of the recording so far. It costs a few hundred
// operations plus one byte per frame fed since the last call.
func (a *Analyzer) Live() Live {
	rate := float64(a.opts.SampleRate)
	l := Live{
		ElapsedS:  float64(a.samples) / rate,
		LevelDBFS: FloorDBFS,
		PeakDBFS:  FloorDBFS,
		NoiseDBFS: FloorDBFS,
	}
	n := a.plain.n
	part := a.partial()
	peak := part.peakSq
	for _, p := range a.recentPeak[:min(n, recentFrames)] {
		peak = max(peak, p)
	}
	l.PeakDBFS = peakDBFS(peak)
	l.Clipping = int64(n-1)-a.lastClip < recentFrames || part.clipped > 0
	l.SilentForS = l.ElapsedS
	if n == 0 {
		return l
	}
	l.LevelDBFS = dbOf(a.lastLevel)

	t := a.roughThresholds()
	noise, speech := floorAndSpeech(&a.plain)
	l.NoiseDBFS = dbOf(level(noise))
	rec := a.detector()
	s := &a.live
	if t.high != s.high || t.low != s.low || s.scanned > n {
		*s = liveScan{high: t.high, low: t.low, lastSpeech: -1}
	}
	// A frame is speech when it reaches the upper threshold right after one
	// above the lower, so that a lone click does not reset the silence.
	for i := s.scanned; i < n; i++ {
		v := int(rec.at(i))
		if v >= s.high && s.prevAbove {
			s.lastSpeech = i
		}
		s.prevAbove = v >= s.low
	}
	s.scanned = n
	// Until something stands out of the noise, nothing is speech.
	if s.lastSpeech >= 0 && (t.speechFound || t.fixed) {
		frameS := float64(a.frameLen) / rate
		l.HeardSpeech = true
		l.SilentForS = math.Max(l.ElapsedS-float64(s.lastSpeech+1)*frameS, 0)
		l.Speaking = l.SilentForS < a.opts.MinGapS
		l.TooQuiet = dbOf(level(speech)) < quietSpeechDBFS
	}
	return l
}

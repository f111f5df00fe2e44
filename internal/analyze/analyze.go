// Package analyze times a spoken answer from its audio: how long it ran
// against the limit, when the first word came, how long the speaker spoke,
// where the pauses were, and whether the level was usable. It is fed mono
// frames as they are recorded or read, and can give its result at any
// moment without having kept the audio.
package analyze

import "math"

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
	// NoVoice leaves out the voice over time (pitch, pace, loudness: see
	// voice.go), for benchmarks of the timing's own cost. Without the
	// pitch the network is set aside on loud sound alone (see untrusted),
	// so a recording with loud sound that is no voice may time otherwise.
	NoVoice bool
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
// Per sample it multiplies, sums and tracks the largest magnitude (see
// measure), and each frame of about 10 ms goes through a short Fourier
// transform for its energy in bands across the speech range (see
// spectrum.go); everything else happens once per frame. Each frame's
// speech evidence, how far it stands out of the recording's own noise band
// by band, is worked out as the frames come and kept, one byte a frame
// (see levelRecord), with the level of the pre-emphasized signal, another
// byte; speech and pauses are found in those records when Result is asked
// for, since the level thresholds depend on the whole recording (its
// noise floor and speech level). Live reads the same records so far.
//
// The pre-emphasized signal is each sample less most of the one before (a
// first-order high-pass): the hum and rumble of a room sit low in
// frequency, while the faint ends of words, an "s" or a "t", keep their
// energy above the filter's knee; its level against a quiet room says
// where a stretch of speech found by its spectrum really begins and ends.
// The plain level is measured as well: it is what a meter shows, what a
// fixed --silence-db is compared with (the record then keeps it instead),
// and what the noise floor and speech level are reported in, from its
// histogram.
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

	plain    levelRecord
	voice    levelRecord // pre-emphasized levels
	evidence levelRecord // of speech, per frame: see spectrum.go
	floors   floorTracker
	spec     *spectrumWork

	lastLevel  level
	recentPeak [recentFrames]uint32
	lastClip   int64 // frame index of the last clipped sample

	live liveScan
	tune tuning    // settings of the segmentation, see gate.go
	net  *netTrack // the speech network's judgement, see net.go

	voiceT *voiceTrack // nil with Options.NoVoice
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
		spec:     newSpectrumWork(planFor(o.SampleRate, frameLen)),
		tune:     defaultTuning,
	}
	if !o.FixedSilence {
		a.net = newNetTrack(o.SampleRate)
	}
	a.detector().keep = true
	a.voice.keep = true
	if !o.NoVoice {
		a.voiceT = newVoiceTrack(o.SampleRate)
		a.plain.keep = true
	}
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

// scale relates samples of one type to [-1, 1]: inv is the value of one
// step, a power of two, so that scaling by it is exact.
type scale struct{ inv float32 }

func scaleOf[S sample]() scale {
	var z S
	if _, ok := any(z).(int16); ok {
		return scale{inv: 1.0 / 32768}
	}
	return scale{inv: 1}
}

// feed is Feed for either kind of sample.
func feed[S sample](a *Analyzer, mono []S) {
	netFeed(a.net, mono, scaleOf[S]())
	feedVoice(a, mono)
	feedLevels(a, mono)
}

// feedLevels is feed without the speech network and the pitch tracker,
// which Stream feeds on a goroutine of its own.
func feedLevels[S sample](a *Analyzer, mono []S) {
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
		measureFrame(&st, a.frameBuf, a.prev, unitScale, a.spec)
		a.spec.remember(&st.bands)
		a.addFrame(&st)
		a.prev = a.frameBuf[a.frameLen-1]
		a.pending = 0
	}
	for len(mono) >= a.frameLen {
		x := mono[:a.frameLen]
		var st frameStats
		measureFrame(&st, x, a.prev, sc, a.spec)
		a.spec.remember(&st.bands)
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
	sumSq        float64           // energy
	peakSq       uint32            // see measure
	clipped      int32             // samples
	plain, voice level             // mean energy: plain and pre-emphasized
	bands        [numBands]float32 // energies
	levels       [numBands]level   // averaged with the frames before: see spectrumWork.levelsOf
}

// measureFrame measures a frame, or the start of one, that follows prev
// (in [-1, 1]), into st. (Filling st in place spares the copies of a
// returned struct, which cost more than a tenth of Feed's time.)
func measureFrame[S sample](st *frameStats, x []S, prev float32, sc scale, w *spectrumWork) {
	var sum, lag float64
	var peak uint32
	switch x := any(x).(type) {
	case []float32:
		sum, lag, peak = measure(x, prev)
	case []int16:
		sum, lag, peak = measure16(x, prev)
	}
	*st = frameStats{sumSq: sum, peakSq: peak}
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
	voice := st.sumSq - 2*emphasis*lag + emphasis*emphasis*(st.sumSq-last*last+before*before)
	n := float64(len(x))
	st.plain = levelOf(st.sumSq / n)
	st.voice = levelOf(max(voice, 0) / n)
	if peak >= clipBits {
		st.clipped = countClipped(x, sc)
	}
	bandEnergies(w, x, sc, &st.bands)
	st.levels = w.levelsOf(&st.bands)
}

// addFrame records the measurements of a whole frame.
func (a *Analyzer) addFrame(st *frameStats) {
	i := a.plain.n
	a.plain.add(st.plain)
	a.voice.add(st.voice)
	if a.floors.n == 0 {
		a.floors.bands = a.spec.plan.bands
	}
	l := bandLevels(&st.levels)
	a.evidence.add(a.floors.evidence(&l))
	if a.floors.add(&l, a.spec.plan.bands) && a.evidence.keep {
		for j, v := range a.floors.earlyEvidence() {
			a.evidence.set(j, v)
		}
	}
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
	measureFrame(&st, a.frameBuf[:a.pending], a.prev, unitScale, a.spec)
	return st
}

// measure is the per-sample work on a piece of one frame: the sum of the
// squares of the samples, the sum of each sample times the one before it
// (what the pre-emphasized energy is worked out from, see measureFrame),
// and the largest square, as the bits of a float32.
//
// The sums are float64, which for samples read from a 16-bit file (k/32768)
// are exact: each product is a whole number of steps of 2^-30, at most 2^30
// of them, so a frame of even 192 kHz audio (1920 samples) sums to under
// 2^41 steps, far inside float64's 53 bits. Exact sums
// do not depend on the order of the additions, which is what lets
// measure16 work on the integers as stored, in any order, 16 at a time,
// and still give bit for bit what this loop gives on the decoded floats.
// Two sums of each kind leave one addition per two samples waiting on the
// one before. The largest square is the square of the largest magnitude
// (rounding is monotonic), and the magnitudes' float bits order like the
// magnitudes, so they take a branch-free integer maximum.
func measure(x []float32, prev float32) (sum, lag float64, peakSq uint32) {
	var s0, s1, l0, l1 float64
	var m0, m1 uint32
	p := float64(prev)
	i := 0
	for ; i+4 <= len(x); i += 4 {
		q := x[i : i+4 : i+4]
		a, b, c, d := float64(q[0]), float64(q[1]), float64(q[2]), float64(q[3])
		s0 += a*a + c*c
		s1 += b*b + d*d
		l0 += a*p + c*b
		l1 += b*a + d*c
		m0 = max(m0, magnitudeBits(q[0]), magnitudeBits(q[2]))
		m1 = max(m1, magnitudeBits(q[1]), magnitudeBits(q[3]))
		p = d
	}
	for ; i < len(x); i++ {
		a := float64(x[i])
		s0 += a * a
		l0 += a * p
		m0 = max(m0, magnitudeBits(x[i]))
		p = a
	}
	m := math.Float32frombits(max(m0, m1))
	return s0 + s1, l0 + l1, math.Float32bits(m * m)
}

func magnitudeBits(v float32) uint32 { return math.Float32bits(v) &^ (1 << 31) }

// measure16 is measure on 16-bit samples as stored, from their exact
// integer sums (see sums16), scaled to [-1, 1] by powers of two: bit for
// bit what measure gives on the same samples decoded, when prev is one of
// them too.
func measure16(x []int16, prev float32) (sum, lag float64, peakSq uint32) {
	if len(x) == 0 {
		return 0, 0, 0
	}
	const unitSq = 1.0 / (32768 * 32768)
	sq, lag16, peak := sums16(x)
	m := float32(peak) // exact
	sum = float64(sq) * unitSq
	lag = float64(lag16)*unitSq + float64(prev)*(float64(x[0])*(1.0/32768))
	return sum, lag, math.Float32bits(m * m * unitSq)
}

// lagBias is what sums16AVX2 adds to each of its sums of two products so
// that they are never negative.
const lagBias = 1<<31 - 1<<16

// sums16 returns the sum of the squares of x, the sum of each sample times
// the next, and the largest magnitude, all exact. The vector loop (where
// the machine has one) takes 16 samples at a time, and sums16Plain the
// rest, or all of them.
func sums16(x []int16) (sq, lag int64, peak int32) {
	if blocks := len(x) / 16; hasSums16Kernel && blocks > 0 {
		s, l, p := sums16AVX2(&x[0], blocks)
		done := 16 * blocks
		sq, lag, peak = sums16Plain(x[done-1:])
		sq -= int64(x[done-1]) * int64(x[done-1]) // counted by the vector loop
		return sq + int64(s), lag + int64(l) - lagBias*8*int64(blocks), max(peak, int32(p))
	}
	return sums16Plain(x)
}

// sums16Plain is sums16 one sample at a time, in float64, which holds
// every product and sum of 16-bit samples in a frame exactly and, unlike
// 64-bit integers, has two multipliers per core to spread them over.
func sums16Plain(x []int16) (sq, lag int64, peak int32) {
	if len(x) == 0 {
		return 0, 0, 0
	}
	var s0, s1, l0, l1 float64
	var m0, m1 int32
	p := float64(x[0])
	s0, m0 = p*p, max(int32(x[0]), -int32(x[0]))
	i := 1
	for ; i+2 <= len(x); i += 2 {
		q := x[i : i+2 : i+2]
		a, b := float64(q[0]), float64(q[1])
		s0 += a * a
		s1 += b * b
		l0 += a * p
		l1 += b * a
		m0 = max(m0, int32(q[0]), -int32(q[0]))
		m1 = max(m1, int32(q[1]), -int32(q[1]))
		p = b
	}
	for ; i < len(x); i++ {
		a := float64(x[i])
		s0 += a * a
		l0 += a * p
		m0 = max(m0, int32(x[i]), -int32(x[i]))
		p = a
	}
	return int64(s0 + s1), int64(l0 + l1), max(m0, m1)
}

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
	speech     int // speech frames so far
	prevAbove  bool
}

// liveSpeechMinS is how much speech Live must have seen before it says
// speech was heard: a click as a microphone or a player starts is a few
// frames long, a syllable is longer, and a recording told to stop after
// silence must not stop on a click before the first word.
const liveSpeechMinS = 0.2

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
			s.speech++
		}
		s.prevAbove = v >= s.low
	}
	s.scanned = n
	// Until something stands out of the noise, nothing is speech.
	frameS := float64(a.frameLen) / rate
	if s.lastSpeech >= 0 && (t.speechFound || t.fixed) && float64(s.speech)*frameS >= liveSpeechMinS {
		l.HeardSpeech = true
		l.SilentForS = math.Max(l.ElapsedS-float64(s.lastSpeech+1)*frameS, 0)
		l.Speaking = l.SilentForS < a.opts.MinGapS
		l.TooQuiet = dbOf(level(speech)) < quietSpeechDBFS
	}
	return l
}

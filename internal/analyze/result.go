package analyze

import (
	"fmt"
	"iter"
	"math"
)

// Verdicts on an answer's length.
const (
	Short = "short" // under Options.ShortS, or no speech at all
	OK    = "ok"
	Near  = "near" // within Options.NearS of the limit, not over it
	Over  = "over" // past the limit
)

// Result is the timing of one answer. Times are seconds from the start of
// the recording.
//
// The verdict is timed on AnswerS: from the start of the recording to the
// end of the last word. The silence after it, before the speaker stopped the
// recording, is not part of the answer; the lead-in before the first word
// is, as an interviewer waits through it too. DurationS is the recording's
// exact length, frames / rate. A boundary between speech and silence is
// placed at the centre of the 10 ms frame it falls in, so it is within 5 ms
// of where the levels change; times are rounded to the millisecond. With
// no speech found, the speech times and AnswerS are 0.
//
// ThresholdDBFS and ThresholdLowDBFS are on the plain level scale. In
// adaptive mode speech is found by its spectrum (see spectrum.go) and
// these are the level thresholds that place its boundaries: set on the
// pre-emphasized levels (see Analyzer), and reported as the same distance
// over the noise floor.
type Result struct {
	File       string  `json:"file"`
	DurationS  float64 `json:"duration_s"`
	Frames     int64   `json:"frames"`
	SampleRate int     `json:"sample_rate"`
	Channels   int     `json:"channels,omitempty"`
	Format     string  `json:"format,omitempty"`

	SpeechFound      bool    `json:"speech_found"`
	SpeechStartS     float64 `json:"speech_start_s"`
	SpeechEndS       float64 `json:"speech_end_s"`
	SpeakingS        float64 `json:"speaking_s"` // speech, pauses of MinGapS or more taken out
	AnswerS          float64 `json:"answer_s"`   // what the verdict is timed on
	TrailingSilenceS float64 `json:"trailing_silence_s"`

	LimitS        float64 `json:"limit_s"`
	ShortS        float64 `json:"short_s"`
	NearS         float64 `json:"near_s"`
	Verdict       string  `json:"verdict"`
	OverByS       float64 `json:"over_by_s"`
	SpareS        float64 `json:"spare_s"`                   // time left under the limit
	LimitCrossedS float64 `json:"limit_crossed_s,omitempty"` // when the limit passed, if over
	SpokenAfterS  float64 `json:"spoken_after_limit_s"`      // speaking time past the limit
	PausedAtLimit bool    `json:"paused_at_limit,omitempty"` // the limit passed during a pause

	Gaps          []Gap   `json:"gaps"`
	LongestGapS   float64 `json:"longest_gap_s"`
	LongestGapAtS float64 `json:"longest_gap_at_s"`
	Pauses        Pauses  `json:"pauses"`

	PeakDBFS         float64 `json:"peak_dbfs"`
	RMSDBFS          float64 `json:"rms_dbfs"`
	ClippedRatio     float64 `json:"clipped_ratio"`
	ClippedSamples   int64   `json:"clipped_samples"`
	NoiseFloorDBFS   float64 `json:"noise_floor_dbfs"`
	SpeechLevelDBFS  float64 `json:"speech_level_dbfs"`
	ThresholdDBFS    float64 `json:"threshold_dbfs"`     // speech starts at this level
	ThresholdLowDBFS float64 `json:"threshold_low_dbfs"` // and goes on above this one
	ThresholdMode    string  `json:"threshold_mode"`     // "adaptive" or "fixed"
	MinGapS          float64 `json:"min_gap_s"`

	// Voice is how the voice carried the answer (see voice.go); null
	// with no speech, or in a timing saved before it was measured.
	Voice *Voice `json:"voice,omitempty"`

	Warnings []string `json:"warnings"`
}

// Gap is a silence between two stretches of speech.
type Gap struct {
	StartS    float64 `json:"start_s"`
	EndS      float64 `json:"end_s"`
	DurationS float64 `json:"duration_s"`
}

// The pause scale every command uses. Silences under half a second are
// ordinary phrasing. From PauseS a listener notices the silence: it is a
// pause. From LongPauseS it reads as having lost the thread: a long pause.
const (
	PauseS     = 1.0
	LongPauseS = 3.0
)

// Pauses counts the gaps by length: from half a second (phrasing a
// listener may hear), from PauseS (a pause) and from LongPauseS (a long
// pause).
type Pauses struct {
	HalfSecond int     `json:"from_0_5_s"`
	OneSecond  int     `json:"from_1_s"`
	DeadAir    int     `json:"from_3_s"`
	PerMinute  float64 `json:"per_minute"` // pauses from 0.5 s per minute from first word to last
}

// Warning texts that callers may look for.
const (
	WarnNoSpeech = "no speech found: check that the right microphone is selected and not muted"
)

// span is a run of frames [first, last] that holds speech; voiced is its
// longest run of frames over the upper threshold.
type span struct{ first, last, voiced int }

// Result measures everything fed so far; after the last Feed it is the
// final answer. It reads the level record once.
func (a *Analyzer) Result() Result {
	o := a.opts
	rate := float64(o.SampleRate)
	part := a.partial()
	clipped := a.clipped + int64(part.clipped)
	r := Result{
		DurationS:      float64(a.samples) / rate,
		Frames:         a.samples,
		SampleRate:     o.SampleRate,
		LimitS:         o.LimitS,
		ShortS:         o.ShortS,
		NearS:          o.NearS,
		MinGapS:        o.MinGapS,
		Gaps:           []Gap{},
		Warnings:       []string{},
		PeakDBFS:       round1(peakDBFS(max(a.peak, part.peakSq))),
		ClippedSamples: clipped,
		RMSDBFS:        FloorDBFS,
		ThresholdMode:  "adaptive",
	}
	if a.samples > 0 {
		r.RMSDBFS = round1(dbfs(math.Sqrt((a.sumSq + part.sumSq) / float64(a.samples))))
		r.ClippedRatio = float64(clipped) / float64(a.samples)
	}

	f := a.frames()
	t := a.roughThresholds()
	var tv thresholds // of the pre-emphasized levels, for the boundaries
	fv := a.framesOf(&a.voice)
	if t.fixed {
		t = a.refine(t, f)
		tv = t
	} else {
		tv = a.refine(a.roughThresholdsOf(&a.voice), fv)
	}
	if t.fixed {
		r.ThresholdMode = "fixed"
	}
	noise, speech := floorAndSpeech(&a.plain)
	r.NoiseFloorDBFS = dbOf(level(noise))
	r.SpeechLevelDBFS = dbOf(level(speech))
	if t.fixed {
		r.ThresholdDBFS = dbOf(level(t.high))
		r.ThresholdLowDBFS = dbOf(level(t.low))
	} else {
		// The thresholds on the pre-emphasized levels, put on the plain
		// scale as the same distance over the noise floor.
		r.ThresholdDBFS = math.Min(dbOf(level(noise))+float64(tv.high-tv.noise)/stepsPerDB, 0)
		r.ThresholdLowDBFS = math.Min(dbOf(level(noise))+float64(tv.low-tv.noise)/stepsPerDB, 0)
	}

	var spans []span
	if t.fixed {
		spans = a.segment(t, f, a.minGapFrames(f))
	} else {
		f, fv = a.gated(f, fv, speech)
		spans = a.segmentHybrid(t, f, tv, fv)
	}
	// Times: a boundary inside a frame is put at the frame's centre, so it
	// is off by at most half a frame either way; the recording's own start
	// and end are exact.
	total := a.samples
	fl := int64(a.frameLen)
	startOf := func(i int) float64 {
		if i == 0 {
			return 0
		}
		return float64(int64(i)*fl+min(fl, total-int64(i)*fl)/2) / rate
	}
	endOf := func(i int) float64 {
		if i == f.n-1 {
			return float64(total) / rate
		}
		return float64(int64(i)*fl+fl/2) / rate
	}

	if len(spans) > 0 {
		r.SpeechFound = true
		r.SpeechStartS = round3(startOf(spans[0].first))
		// Rounded to the millisecond, but never past the recording's end.
		r.SpeechEndS = math.Min(round3(endOf(spans[len(spans)-1].last)), r.DurationS)
		speaking := 0.0
		for i, s := range spans {
			speaking += endOf(s.last) - startOf(s.first)
			if i == 0 {
				continue
			}
			g := Gap{StartS: endOf(spans[i-1].last), EndS: startOf(s.first)}
			g.DurationS = round3(g.EndS - g.StartS)
			g.StartS, g.EndS = round3(g.StartS), round3(g.EndS)
			r.Gaps = append(r.Gaps, g)
			if g.DurationS > r.LongestGapS {
				r.LongestGapS, r.LongestGapAtS = g.DurationS, g.StartS
			}
			r.Pauses.count(g.DurationS)
		}
		r.SpeakingS = math.Min(round3(speaking), r.SpeechEndS-r.SpeechStartS)
		r.AnswerS = r.SpeechEndS
		r.TrailingSilenceS = round3(math.Max(r.DurationS-r.SpeechEndS, 0))
		if talk := r.SpeechEndS - r.SpeechStartS; talk > 0 {
			r.Pauses.PerMinute = round1(float64(r.Pauses.HalfSecond) / (talk / 60))
		}
		a.limitDetails(&r, spans, startOf, endOf)
		r.Voice = a.voiceOf(spans, startOf, endOf)
	}
	r.Verdict = Judge(r.SpeechFound, r.AnswerS, o.LimitS, o.ShortS, o.NearS)
	switch r.Verdict {
	case Over:
		r.OverByS = round3(r.AnswerS - o.LimitS)
		r.LimitCrossedS = o.LimitS
	default:
		r.SpareS = round3(o.LimitS - r.AnswerS)
	}
	r.Warnings = append(r.Warnings, a.warnings(r, t)...)
	return r
}

func (p *Pauses) count(d float64) {
	if d >= 0.5 {
		p.HalfSecond++
	}
	if d >= PauseS {
		p.OneSecond++
	}
	if d >= LongPauseS {
		p.DeadAir++
	}
}

// Judge is the one rule for the verdict on an answer's length: answerS
// (from the start of the recording to the last word) against limitS. It
// decides in this order: no speech, over the limit, within nearS of it,
// under shortS, ok; so that a limit shorter than the "short" mark still
// gives a sensible word. Every command that shows a verdict comes here.
func Judge(speechFound bool, answerS, limitS, shortS, nearS float64) string {
	switch {
	case !speechFound:
		return Short
	case answerS > limitS:
		return Over
	case answerS >= limitS-nearS:
		return Near
	case answerS < shortS:
		return Short
	}
	return OK
}

// limitDetails says what was happening when the limit passed: how much was
// said after it, and whether the speaker was pausing at that moment.
func (a *Analyzer) limitDetails(r *Result, spans []span, startOf, endOf func(int) float64) {
	limit := a.opts.LimitS
	after := 0.0
	inSpeech := false
	for _, s := range spans {
		st, en := startOf(s.first), endOf(s.last)
		if en > limit {
			after += en - math.Max(st, limit)
		}
		if st <= limit && limit < en {
			inSpeech = true
		}
	}
	r.SpokenAfterS = round3(after)
	r.PausedAtLimit = !inSpeech && after > 0
}

func (a *Analyzer) warnings(r Result, t thresholds) []string {
	var w []string
	if !r.SpeechFound {
		w = append(w, WarnNoSpeech)
	}
	if r.ClippedRatio >= 0.001 {
		w = append(w, fmt.Sprintf("heavy clipping: %s of samples at full scale; lower the input gain or move back from the microphone", percent(r.ClippedRatio)))
	}
	if r.SpeechFound && r.SpeechLevelDBFS < quietSpeechDBFS {
		w = append(w, fmt.Sprintf("speech is too quiet (about %.0f dBFS) for a reliable analysis and transcript: move closer to the microphone or raise its input gain", r.SpeechLevelDBFS))
	}
	if r.SpeechFound && !t.fixed && r.SpeechLevelDBFS-r.NoiseFloorDBFS < noisySpeechDB+0.5 {
		w = append(w, fmt.Sprintf("speech is only %.0f dB over the background noise: pauses may be missed; record somewhere quieter or closer to the microphone",
			r.SpeechLevelDBFS-r.NoiseFloorDBFS))
	}
	return w
}

func percent(f float64) string {
	p := f * 100
	switch {
	case p >= 10:
		return fmt.Sprintf("%.0f%%", p)
	case p >= 1:
		return fmt.Sprintf("%.1f%%", p)
	}
	return fmt.Sprintf("%.2f%%", p)
}

// frames is the level record as segmentation reads it: the stored frames
// and a partly filled last one.
type frames struct {
	n       int
	stored  *levelRecord
	partial int
	seconds float64 // one frame's length
	smooth  int     // frames each side averaged in
	early   []level // the first frames' evidence, until settled
	gate    *gate   // frames it shuts are silence, whatever their value
	loud    *gate   // frames it shuts may go on a stretch of speech, but neither start nor voice one
}

func (f frames) raw(i int) int {
	if f.gate != nil && !f.gate.passes(i) {
		return 0
	}
	if i < len(f.early) {
		return int(f.early[i])
	}
	if i < f.stored.n {
		return int(f.stored.at(i))
	}
	return f.partial
}

func (f frames) at(i int) int {
	if f.smooth == 0 {
		return f.raw(i)
	}
	sum, k := 0, 0
	for j := max(i-f.smooth, 0); j <= min(i+f.smooth, f.n-1); j++ {
		sum += f.raw(j)
		k++
	}
	return (sum + k/2) / k
}

func (a *Analyzer) frames() frames { return a.framesOf(a.detector()) }

func (a *Analyzer) framesOf(rec *levelRecord) frames {
	f := frames{n: rec.n, stored: rec, seconds: float64(a.frameLen) / float64(a.opts.SampleRate)}
	if a.pending > 0 {
		st := a.partial()
		f.n++
		switch rec {
		case &a.plain:
			f.partial = int(st.plain)
		case &a.voice:
			f.partial = int(st.voice)
		default:
			l := bandLevels(&st.levels)
			f.partial = int(a.floors.evidenceNow(&l))
		}
	}
	if rec == &a.evidence {
		f.smooth = evidenceSmooth
		if a.floors.n < warmFrames {
			f.early = a.floors.earlyEvidence()
		}
	}
	return f
}

// segment finds the stretches of speech: runs of frames above the lower
// threshold that hold at least minVoicedRun frames in a row over the upper
// one, joined across silences shorter than the minimum gap. Quieter runs of
// minSoundFrames or more next to speech (the burst of a final "t" after its
// closure) join it; on their own they are not speech. A lone frame over the
// threshold is a click and joins nothing.
func (a *Analyzer) segment(t thresholds, f frames, minGapFrames int) []span {
	var spans []span
	eachRun(t, f, func(s span) { spans = joinSpan(spans, s, minGapFrames) })
	return voicedOnly(spans)
}

// eachRun calls fn with each run of minSoundFrames or more frames at or
// over t.low, with its longest run of frames at or over t.high, in turn:
// a long noisy recording has tens of thousands of them, and they need not
// all be kept.
func eachRun(t thresholds, f frames, fn func(span)) {
	if !t.speechFound {
		return
	}
	cur := span{first: -1}
	run := 0
	flush := func() {
		if cur.first >= 0 && cur.last-cur.first+1 >= minSoundFrames {
			fn(cur)
		}
		cur = span{first: -1}
	}
	for i := 0; i < f.n; i++ {
		v := f.at(i)
		if v < t.low {
			flush()
			run = 0
			continue
		}
		if cur.first < 0 {
			// A voice fades out at the end of a phrase; it does not fade in.
			if f.loud != nil && !f.loud.passes(i) {
				continue
			}
			cur = span{first: i, last: i}
		}
		cur.last = i
		if v >= t.high && (f.loud == nil || f.loud.passes(i)) {
			run++
			cur.voiced = max(cur.voiced, run)
		} else {
			run = 0
		}
	}
	flush()
}

// joinSpan adds s, which starts at or after the spans before it, to
// spans: joined to the last one across a silence shorter than
// minGapFrames.
func joinSpan(spans []span, s span, minGapFrames int) []span {
	if k := len(spans) - 1; k >= 0 && s.first-spans[k].last < minGapFrames {
		spans[k].last = max(spans[k].last, s.last)
		spans[k].voiced = max(spans[k].voiced, s.voiced)
		return spans
	}
	return append(spans, s)
}

// voicedOnly keeps the spans that hold minVoicedRun frames in a row over
// the upper threshold: a lone sound is a click, not a word.
func voicedOnly(spans []span) []span {
	kept := spans[:0]
	for _, s := range spans {
		if s.voiced >= minVoicedRun {
			kept = append(kept, s)
		}
	}
	return kept
}

// minGapFrames is the shortest gap in frames: two spans whose
// centre-to-centre silence is shorter are one (the gap between them would
// be next.first - prev.last frames).
func (a *Analyzer) minGapFrames(f frames) int {
	return int(math.Ceil(a.opts.MinGapS/f.seconds - 1e-9))
}

// segmentHybrid finds speech by its spectral evidence (t on f), then moves
// each stretch's ends out over the frames next to it whose pre-emphasized
// level stays over the room's (tv on fv): the faint ends of words, an
// "s" or a "t", are heard by their level against a quiet room better than
// by their spectrum. Then the stretches are joined across silences shorter
// than the minimum gap.
func (a *Analyzer) segmentHybrid(t thresholds, f frames, tv thresholds, fv frames) []span {
	// The evidence of a frame is measured over it and the ones before it
	// (see spectrumWork.levelsOf), so a sound's evidence lasts that much
	// after it: the frame levels below say where it really ends.
	eachCore := func(yield func(span) bool) {
		eachRun(t, f, func(c span) {
			c.first = min(c.first+f.smooth, c.last)
			c.last = max(c.last-f.smooth-(bandSpan-1), c.first)
			yield(c)
		})
	}
	minGap := a.minGapFrames(f)
	var spans []span
	if !tv.speechFound {
		eachCore(func(c span) bool {
			spans = joinSpan(spans, c, minGap)
			return true
		})
		return voicedOnly(spans)
	}
	// Sounds that the level finds and the spectrum does not may join
	// speech; on their own they are not speech. Both come in order and
	// are merged as they come, the cores (a four-hour recording has tens
	// of thousands) taken one at a time rather than kept in a list: cur
	// is the first core not before the sound, prev the one before it.
	// Each core is joined once the sounds have passed it, or before the
	// first sound it overlaps that joins: the order in which cores and
	// sounds are joined is the order of their first frames either way.
	next, stop := iter.Pull(eachCore)
	defer stop()
	near := int(math.Round(fragmentReachS / f.seconds))
	cur, have := next()
	var prev span
	havePrev, joined := false, false
	advance := func() {
		if !joined {
			spans = joinSpan(spans, cur, minGap)
		}
		prev, havePrev = cur, true
		cur, have = next()
		joined = false
	}
	eachRun(tv, fv, func(s span) {
		for have && cur.last < s.first {
			advance()
		}
		ok := have && cur.first-s.last <= near // near the next core or overlapping it
		ok = ok || havePrev && s.first-prev.last <= near
		if !ok {
			return
		}
		if have && !joined && cur.first <= s.first {
			spans = joinSpan(spans, cur, minGap)
			joined = true
		}
		s.voiced = 0
		spans = joinSpan(spans, s, minGap)
	})
	for have {
		advance()
	}
	return voicedOnly(spans)
}

func round1(v float64) float64 { return noNegativeZero(math.Round(v*10) / 10) }
func round3(v float64) float64 { return noNegativeZero(math.Round(v*1000) / 1000) }

// noNegativeZero turns -0 (from rounding -0.04 dBFS, say) into 0, which
// JSON would otherwise print as "-0".
func noNegativeZero(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}

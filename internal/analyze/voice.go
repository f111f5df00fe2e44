package analyze

import (
	"fmt"
	"math"
	"strings"

	"github.com/starcoach/starcoach/internal/pitch"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// The voice over time: how the pitch moved, how the pace changed and
// whether the voice trailed off, all from the audio in the same pass as
// the timing. Per 10 ms frame the analyzer keeps the plain level (one
// byte, as it keeps the others), and per 40 ms hop the pitch tracker's
// estimate (two bytes, see internal/pitch): 700 bytes a second of audio,
// never the audio. Result reads them over the stretches of speech it
// found, so pauses, breath and a room's hum count for nothing.
//
// Pace is counted in syllables, found as de Jong and Wempe (2009) do:
// peaks of loudness in voiced stretches, each at least minDipDB over the
// dip since the peak before it and no more than peakFloorDB under the
// answer's loudest speech. The rate is per second of speaking (pauses out:
// they are reported on their own), so a slower stretch is slower speech,
// not a longer silence.

const (
	// smoothFrames is the frames each side the loudness contour is
	// averaged over before its peaks are found: 50 ms in all, about a
	// short vowel, so that one vowel's ripples make one peak.
	smoothFrames = 2
	// minDipDB is how far the loudness must fall between two syllables
	// (de Jong and Wempe's default).
	minDipDB = 2.0
	// peakFloorDB is how far under the loudest speech (its 99th
	// percentile) a peak may be and still count: de Jong and Wempe's
	// silence threshold.
	peakFloorDB = 25.0

	// The pace of a third is compared with the rest only with enough of
	// it: minThirdS of speaking and minThirdSyllables syllables.
	minThirdS         = 6.0
	minThirdSyllables = 20
	// A change of pace is clear when the rates differ by paceChange or
	// more and by more than paceZ standard errors, counting syllables as
	// Poisson events (which overstates their spread: speech spaces its
	// syllables more evenly than chance, so 1.5 errors is a wide margin).
	paceChange = 0.15
	paceZ      = 1.5

	// runGapS is the silence that ends a sentence for the loudness at
	// its end: the phrasing pauses a listener hears.
	runGapS = 0.5
	// A sentence of minRunS or more has its last endS compared with the
	// rest of it; trailDB quieter is trailing off.
	minRunS = 1.5
	endS    = 0.5
	trailDB = 6.0
	// minRuns sentences are needed to say anything about their ends, and
	// trailing off is a finding when at least half of them trail off.
	minRuns = 3
	// fadeDB is how much quieter the last third of the speech must be
	// than the first for the voice to have faded over the answer.
	fadeDB = 4.0
)

// Finding kinds.
const (
	FindMonotone   = "monotone"
	FindRushingEnd = "rushing_end"
	FindSlowPace   = "slow_pace_at_start"
	FindTrailing   = "trailing_off"
	FindFading     = "fading"
)

// Voice is how the voice carried the answer, measured on its speech.
type Voice struct {
	Pitch    pitch.Result `json:"pitch"`
	Pace     Pace         `json:"pace"`
	Loudness Loudness     `json:"loudness"`
	// Findings are what a listener would notice, each with when it
	// happened and in plain words; empty when nothing was clear.
	Findings []VoiceFinding `json:"findings"`
	// SyllablesAtS are the times of the syllables counted, so that the
	// pace of any part of the answer (a STAR section) can be read from
	// them with the gaps (see PaceBetween).
	SyllablesAtS []float64 `json:"syllables_at_s"`
}

// Pace is the speaking rate from the audio, in syllables per second of
// speaking, over the answer and in its thirds.
type Pace struct {
	Syllables    int     `json:"syllables"`
	SpeakingS    float64 `json:"speaking_s"`
	PerS         float64 `json:"syllables_per_s"`
	Thirds       []Span  `json:"thirds"`
	NotJudged    string  `json:"not_judged,omitempty"`
	ChangeNeeded float64 `json:"change_needed"` // share a third must differ by: paceChange
}

// Span is the pace of one stretch of the answer.
type Span struct {
	StartS    float64 `json:"start_s"`
	EndS      float64 `json:"end_s"`
	SpeakingS float64 `json:"speaking_s"`
	Syllables int     `json:"syllables"`
	PerS      float64 `json:"syllables_per_s"`
}

// Loudness is how the level of the speech held up: at the ends of its
// sentences and over the answer.
type Loudness struct {
	Sentences int `json:"sentences"` // long enough to judge their ends
	// TrailingAtS are the ends of the sentences that trailed off, trailDB
	// or more quieter over their last endS than before.
	TrailingAtS []float64 `json:"trailing_at_s"`
	// FirstThirdDBFS and LastThirdDBFS are the speech's level in the first
	// and last third of the answer; Change is last less first, in dB.
	FirstThirdDBFS float64 `json:"first_third_dbfs"`
	LastThirdDBFS  float64 `json:"last_third_dbfs"`
	ChangeDB       float64 `json:"change_db"`
	LastThirdFromS float64 `json:"last_third_from_s"`
	NotJudged      string  `json:"not_judged,omitempty"`
}

// VoiceFinding is one thing about the voice a listener would notice.
type VoiceFinding struct {
	Kind    string  `json:"kind"`
	AtS     float64 `json:"at_s"` // when it starts
	Message string  `json:"message"`
}

// voiceTrack is the analyzer's part that follows the voice.
type voiceTrack struct {
	tracker *pitch.Tracker
	hopS    float64
	firstS  float64        // centre of the first hop
	hops    chunks[uint16] // each hop's pitch bin + 1; 0 unvoiced
	// minLevel is the level (RMS, full scale 1) under which the tracker
	// calls a hop unvoiced without searching it.
	minLevel float64
}

func newVoiceTrack(rate int) *voiceTrack {
	v := &voiceTrack{firstS: -1}
	o := pitch.DefaultOptions(rate)
	o.OnFrame = func(f pitch.Frame) {
		if v.firstS < 0 {
			v.firstS = f.TimeS
		}
		var b uint16
		if f.Hz > 0 {
			b = uint16(pitch.BinOf(f.Hz) + 1)
		}
		v.hops.add(b)
	}
	v.tracker = pitch.New(o)
	v.hopS = v.tracker.HopS()
	v.minLevel = o.MinLevel
	return v
}

// feedVoice passes samples to the pitch tracker: 16-bit samples as
// stored, which it takes exactly as the WAV reader's floats.
func feedVoice[S sample](a *Analyzer, mono []S) {
	v := a.voiceT
	if v == nil || len(mono) == 0 {
		return
	}
	switch x := any(mono).(type) {
	case []float32:
		v.tracker.Feed(x)
	case []int16:
		v.tracker.FeedInt16(x)
	}
}

// voiced tells whether the pitch was found near time s: at either of the
// two hops nearest to it.
func (v *voiceTrack) voiced(s float64) bool {
	k := (s - v.firstS) / v.hopS
	i := int(math.Floor(k))
	for _, j := range []int{i, i + 1} {
		if j >= 0 && j < v.hops.len() && v.hops.at(j) > 0 {
			return true
		}
	}
	return false
}

// powerOf is the mean square of each level, for averaging levels as power.
var powerOf = func() (t [maxLevel + 1]float64) {
	for l := range t {
		t[l] = math.Pow(10, dbOf(level(l))/10)
	}
	return t
}()

func powerDB(p float64) float64 {
	if !(p > 0) {
		return FloorDBFS
	}
	return math.Max(FloorDBFS, 10*math.Log10(p))
}

// voiceOf measures the voice over the speech spans. startOf and endOf
// are the times of frames as Result places them.
func (a *Analyzer) voiceOf(spans []span, startOf, endOf func(int) float64) *Voice {
	v := a.voiceT
	if v == nil {
		return nil
	}
	out := &Voice{Findings: []VoiceFinding{}, SyllablesAtS: []float64{}}
	// Pitch, on the hops inside speech.
	h := pitch.Histogram{HopS: v.hopS}
	j := 0 // the first span not ended before the hop: both come in order
	for k := range v.hops.len() {
		b := v.hops.at(k)
		t := v.firstS + float64(k)*v.hopS
		for j < len(spans) && endOf(spans[j].last) < t {
			j++
		}
		if j == len(spans) {
			break
		}
		if b > 0 && t >= startOf(spans[j].first) {
			h.AddBin(int(b) - 1)
		}
	}
	out.Pitch = h.Result()
	if out.Pitch.Verdict == pitch.Monotone {
		out.Findings = append(out.Findings, VoiceFinding{Kind: FindMonotone, AtS: round3(startOf(spans[0].first)), Message: out.Pitch.Finding})
	}

	// Counted first, so that a long recording's syllables are kept in one
	// slice of the right size rather than one grown by copying.
	count := 0
	a.syllables(spans, v, func(float64) { count++ })
	out.SyllablesAtS = make([]float64, 0, count)
	a.syllables(spans, v, func(t float64) { out.SyllablesAtS = append(out.SyllablesAtS, round3(t)) })

	speechStart, speechEnd := startOf(spans[0].first), endOf(spans[len(spans)-1].last)
	speakingIn := func(from, to float64) float64 {
		sum := 0.0
		for _, s := range spans {
			sum += math.Max(0, math.Min(to, endOf(s.last))-math.Max(from, startOf(s.first)))
		}
		return sum
	}
	out.Pace = a.paceOf(out.SyllablesAtS, speechStart, speechEnd, speakingIn)
	out.Findings = append(out.Findings, paceFindings(out.Pace)...)
	out.Loudness = a.loudnessOf(spans, startOf, endOf, speechStart, speechEnd)
	out.Findings = append(out.Findings, loudnessFindings(out.Loudness)...)
	return out
}

// paceOf is the pace over the answer and its thirds.
func (a *Analyzer) paceOf(syl []float64, start, end float64, speakingIn func(from, to float64) float64) Pace {
	p := Pace{Syllables: len(syl), Thirds: []Span{}, ChangeNeeded: paceChange}
	p.SpeakingS = round3(speakingIn(start, end))
	if p.SpeakingS > 0 {
		p.PerS = math.Round(float64(p.Syllables)/p.SpeakingS*100) / 100
	}
	third := (end - start) / 3
	for k := range 3 {
		from, to := start+float64(k)*third, start+float64(k+1)*third
		if k == 2 {
			to = end
		}
		sp := Span{StartS: round3(from), EndS: round3(to), SpeakingS: round3(speakingIn(from, to))}
		for _, t := range syl {
			if t >= from && (t < to || k == 2 && t <= to) {
				sp.Syllables++
			}
		}
		if sp.SpeakingS > 0 {
			sp.PerS = math.Round(float64(sp.Syllables)/sp.SpeakingS*100) / 100
		}
		p.Thirds = append(p.Thirds, sp)
	}
	for _, t := range p.Thirds {
		if t.SpeakingS < minThirdS || t.Syllables < minThirdSyllables {
			p.NotJudged = fmt.Sprintf("each third of the answer needs %.0f s of speech and %d syllables to compare its pace", minThirdS, minThirdSyllables)
		}
	}
	return p
}

// PaceBetween is the syllables counted between from and to and the time
// spent speaking then (the gaps taken out), from a timing's voice: the
// pace of a part of the answer, such as a STAR section. ok is false when
// the voice was not measured.
func (r Result) PaceBetween(from, to float64) (syllables int, speakingS float64, ok bool) {
	if r.Voice == nil || !r.SpeechFound {
		return 0, 0, false
	}
	from, to = math.Max(from, r.SpeechStartS), math.Min(to, r.SpeechEndS)
	if to <= from {
		return 0, 0, true
	}
	speakingS = to - from
	for _, g := range r.Gaps {
		speakingS -= math.Max(0, math.Min(to, g.EndS)-math.Max(from, g.StartS))
	}
	for _, t := range r.Voice.SyllablesAtS {
		if t >= from && t < to {
			syllables++
		}
	}
	return syllables, round3(math.Max(speakingS, 0)), true
}

// clearlyFaster tells whether rate a (n1 syllables in s1 seconds) is
// clearly higher than rate b (n2 in s2): by paceChange or more and by
// more than paceZ standard errors of the difference.
func clearlyFaster(n1 int, s1 float64, n2 int, s2 float64) bool {
	if s1 <= 0 || s2 <= 0 || n2 == 0 {
		return false
	}
	r1, r2 := float64(n1)/s1, float64(n2)/s2
	se := math.Sqrt(float64(n1)/(s1*s1) + float64(n2)/(s2*s2))
	return r1 >= r2*(1+paceChange) && r1-r2 > paceZ*se
}

func paceFindings(p Pace) []VoiceFinding {
	if p.NotJudged != "" || len(p.Thirds) != 3 {
		return nil
	}
	var out []VoiceFinding
	f, m, l := p.Thirds[0], p.Thirds[1], p.Thirds[2]
	restN, restS := f.Syllables+m.Syllables, f.SpeakingS+m.SpeakingS
	if clearlyFaster(l.Syllables, l.SpeakingS, restN, restS) {
		out = append(out, VoiceFinding{Kind: FindRushingEnd, AtS: l.StartS, Message: fmt.Sprintf(
			"rushing at the end: from %s the pace rose to %.1f syllables a second, from %.1f before",
			timefmt.Clock(l.StartS), l.PerS, float64(restN)/restS)})
	}
	rushing := float64(l.Syllables) / l.SpeakingS / (float64(restN) / restS)
	restN2, restS2 := m.Syllables+l.Syllables, m.SpeakingS+l.SpeakingS
	if clearlyFaster(restN2, restS2, f.Syllables, f.SpeakingS) {
		slow := float64(restN2) / restS2 / (float64(f.Syllables) / f.SpeakingS)
		finding := VoiceFinding{Kind: FindSlowPace, AtS: f.StartS, Message: fmt.Sprintf(
			"slow pace at the start: until %s the pace was %.1f syllables a second, against %.1f after",
			timefmt.Clock(f.EndS), f.PerS, float64(restN2)/restS2)}
		// A pace that rises all through the answer is both a slow pace at the start
		// and a rushed end: it is said once, as the larger of the two.
		switch {
		case len(out) == 0:
			out = append(out, finding)
		case slow > rushing:
			out[0] = finding
		}
	}
	return out
}

// loudnessOf measures the level at the ends of the sentences and over the
// answer, averaging levels as power over the speech frames.
func (a *Analyzer) loudnessOf(spans []span, startOf, endOf func(int) float64, start, end float64) Loudness {
	l := Loudness{TrailingAtS: []float64{}}
	rec := &a.plain
	n := rec.n
	frameS := float64(a.frameLen) / float64(a.opts.SampleRate)
	mean := func(first, last int) (float64, int) {
		p, k := 0.0, 0
		for i := max(first, 0); i <= min(last, n-1); i++ {
			p += powerOf[rec.at(i)]
			k++
		}
		if k == 0 {
			return FloorDBFS, 0
		}
		return powerDB(p / float64(k)), k
	}
	// Sentences: spans joined across silences shorter than runGapS.
	gap := int(math.Round(runGapS / frameS))
	var runs []span
	for _, s := range spans {
		runs = joinSpan(runs, s, gap)
	}
	endFrames := int(math.Round(endS / frameS))
	for _, r := range runs {
		if endOf(r.last)-startOf(r.first) < minRunS {
			continue
		}
		l.Sentences++
		body, _ := mean(r.first, r.last-endFrames)
		tail, _ := mean(r.last-endFrames+1, r.last)
		if body-tail >= trailDB {
			l.TrailingAtS = append(l.TrailingAtS, round3(endOf(r.last)-endS))
		}
	}
	// Over the answer: the speech frames of its first and last thirds.
	third := (end - start) / 3
	var first, last [2]float64 // power, frames
	for _, s := range spans {
		for i := s.first; i <= min(s.last, n-1); i++ {
			t := (float64(i) + 0.5) * frameS
			switch {
			case t < start+third:
				first[0] += powerOf[rec.at(i)]
				first[1]++
			case t >= end-third:
				last[0] += powerOf[rec.at(i)]
				last[1]++
			}
		}
	}
	if first[1]*frameS < minThirdS || last[1]*frameS < minThirdS {
		l.NotJudged = fmt.Sprintf("the first and last thirds of the answer need %.0f s of speech each to compare their loudness", minThirdS)
		return l
	}
	l.FirstThirdDBFS = round1(powerDB(first[0] / first[1]))
	l.LastThirdDBFS = round1(powerDB(last[0] / last[1]))
	l.ChangeDB = round1(l.LastThirdDBFS - l.FirstThirdDBFS)
	l.LastThirdFromS = round3(end - third)
	return l
}

func loudnessFindings(l Loudness) []VoiceFinding {
	var out []VoiceFinding
	if l.Sentences >= minRuns && 2*len(l.TrailingAtS) >= l.Sentences {
		at := make([]string, 0, 3)
		for i, t := range l.TrailingAtS {
			if i == 3 {
				at = append(at, "...")
				break
			}
			at = append(at, timefmt.Clock(t))
		}
		out = append(out, VoiceFinding{Kind: FindTrailing, AtS: l.TrailingAtS[0], Message: fmt.Sprintf(
			"trailing off: %d of %d sentences ended %.0f dB or more quieter (at %s)",
			len(l.TrailingAtS), l.Sentences, trailDB, strings.Join(at, ", "))})
	}
	if l.NotJudged == "" && -l.ChangeDB >= fadeDB {
		out = append(out, VoiceFinding{Kind: FindFading, AtS: l.LastThirdFromS, Message: fmt.Sprintf(
			"fading: from %s the voice was %.0f dB quieter than in the first third of the answer", timefmt.Clock(l.LastThirdFromS), -l.ChangeDB)})
	}
	return out
}

// VoiceNotMeasured is what a view says for a timing saved before the voice
// was measured.
const VoiceNotMeasured = "not measured (the timing was saved before starcoach measured the voice)"

// VoiceLines say the voice in plain words, the one way every view says
// it: the pitch, the pace and the loudness, then what a listener would
// notice, with when it happened.
//
//	pitch: median 118 Hz, moved over 6.2 semitones
//	pace: 4.3 syllables a second of speaking; by thirds 4.1, 4.0, 5.2
//	loudness: last third 1 dB quieter than the first; 1 of 9 sentences trailed off
//	rushing at the end: from 1:20 the pace rose to 5.2 syllables a second, from 4.0 before
func VoiceLines(v *Voice) []string {
	if v == nil {
		return []string{"voice: " + VoiceNotMeasured}
	}
	var out []string
	p := v.Pitch
	switch {
	case p.VoicedS == 0:
		out = append(out, "pitch: not judged ("+p.NotJudged+")")
	case p.Verdict == "":
		out = append(out, fmt.Sprintf("pitch: median %.0f Hz, not judged (%s)", p.MedianHz, p.NotJudged))
	case p.Verdict == pitch.Monotone:
		out = append(out, fmt.Sprintf("pitch: median %.0f Hz, moved over %.1f semitones: monotone", p.MedianHz, p.RangeST))
	default:
		out = append(out, fmt.Sprintf("pitch: median %.0f Hz, moved over %.1f semitones", p.MedianHz, p.RangeST))
	}
	pace := fmt.Sprintf("pace: %.1f syllables a second of speaking", v.Pace.PerS)
	if len(v.Pace.Thirds) == 3 && v.Pace.NotJudged == "" {
		t := v.Pace.Thirds
		pace += fmt.Sprintf("; by thirds %.1f, %.1f, %.1f", t[0].PerS, t[1].PerS, t[2].PerS)
	} else if v.Pace.NotJudged != "" {
		pace += "; too short to compare its thirds"
	}
	out = append(out, pace)
	l := v.Loudness
	var parts []string
	if l.NotJudged == "" {
		switch {
		case l.ChangeDB <= -0.5:
			parts = append(parts, fmt.Sprintf("last third %.0f dB quieter than the first", -l.ChangeDB))
		case l.ChangeDB >= 0.5:
			parts = append(parts, fmt.Sprintf("last third %.0f dB louder than the first", l.ChangeDB))
		default:
			parts = append(parts, "as loud at the end as at the start")
		}
	}
	if l.Sentences >= minRuns {
		// With fewer, too few pauses split the answer into sentences
		// to say anything of their ends.
		parts = append(parts, fmt.Sprintf("%d of %d sentences trailed off", len(l.TrailingAtS), l.Sentences))
	}
	if len(parts) > 0 {
		out = append(out, "loudness: "+strings.Join(parts, "; "))
	}
	for _, f := range v.Findings {
		if f.Kind == FindMonotone {
			continue // said on the pitch line
		}
		out = append(out, f.Message)
	}
	return out
}

// syllables calls found with the time of each syllable in the speech
// spans: peaks of the smoothed loudness, voiced, at least minDipDB over
// the dip since the peak before and no more than peakFloorDB under the
// loudest speech.
func (a *Analyzer) syllables(spans []span, v *voiceTrack, found func(t float64)) {
	frameS := float64(a.frameLen) / float64(a.opts.SampleRate)
	rec := &a.plain
	n := rec.n
	lv := func(i int) level { return rec.at(min(i, n-1)) }
	// The loudest speech, for the peaks' floor.
	var hist [maxLevel + 1]int
	total := 0
	for _, s := range spans {
		for i := s.first; i <= min(s.last, n-1); i++ {
			hist[lv(i)]++
			total++
		}
	}
	loud := 0
	for l, c := 0, 0; l <= maxLevel; l++ {
		c += hist[l]
		if float64(c) >= 0.99*float64(total) {
			loud = l
			break
		}
	}
	floorDB := dbOf(level(loud)) - peakFloorDB

	// Syllables: peaks of the smoothed loudness in each span.
	for _, s := range spans {
		last := min(s.last, n-1)
		smooth := func(i int) float64 {
			p, k := 0.0, 0
			for j := max(i-smoothFrames, s.first); j <= min(i+smoothFrames, last); j++ {
				p += powerOf[lv(j)]
				k++
			}
			return powerDB(p / float64(k))
		}
		prevPeak := math.Inf(-1)
		dip := math.Inf(1)
		before := math.Inf(-1)
		cur := smooth(s.first)
		for i := s.first; i <= last; i++ {
			next := math.Inf(-1)
			if i < last {
				next = smooth(i + 1)
			}
			dip = math.Min(dip, cur)
			if cur > before && cur >= next && cur >= floorDB {
				t := (float64(i) + 0.5) * frameS
				if cur-dip >= minDipDB && v.voiced(t) {
					found(t)
					prevPeak, dip = cur, cur
				} else if cur > prevPeak {
					// A higher peak too close to count: the next dip is
					// measured from it.
					prevPeak, dip = cur, cur
				}
			}
			before, cur = cur, next
		}
	}

}

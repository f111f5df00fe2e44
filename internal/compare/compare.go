// Package compare puts two takes of an answer side by side (duration,
// pauses, STAR shares, score, fillers) and says what improved from the
// first to the second.
package compare

import (
	"fmt"
	"math"
	"strconv"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
)

// Take is one answer as compare shows it: what the user named it by and
// its assessment, the same figures every command shows.
type Take struct {
	Ref string `json:"ref"` // what the user named: "latest:2" or a path
	assess.Answer
}

// NewTake is the take named ref with assessment a.
func NewTake(ref string, a assess.Answer) Take { return Take{Ref: ref, Answer: a} }

// question is the question the take answers, or the follow-up push.
func (t Take) question() string {
	if t.Kind == session.KindFollowUp && t.Prompt != "" {
		return t.Prompt
	}
	return t.Question
}

func (t Take) timed() bool { return t.Timing != nil }

// hasTranscript: the take was transcribed. A follow-up's reply is judged
// against its push (Reply), not as a STAR answer, so it has no Star.
func (t Take) hasTranscript() bool { return t.Speech != nil }

// starChecked: the take was checked as a STAR answer.
func (t Take) starChecked() bool { return t.Speech != nil && t.Star != nil }

func (t Take) followUp() bool { return t.Kind == session.KindFollowUp }

// durationS is the answer's length: timed from the recording, else
// estimated from the words.
func (t Take) durationS() float64 {
	switch {
	case t.Timing != nil && t.Timing.AnswerS > 0:
		return t.Timing.AnswerS
	case t.Timing != nil:
		return t.Timing.RecordingS
	case t.Check != nil:
		return t.Check.DurationS
	}
	return 0
}

// target is the split coaches recommend: Situation and Task about 10%
// each, Action 60%, Result 20%.
var target = assess.Shares{S: 0.10, T: 0.10, A: 0.60, R: 0.20}

// offTarget is how far the split is from the recommended one: half the sum
// of the differences, 0 for the target, 1 for all time in the wrong place.
func offTarget(s assess.Shares) float64 {
	return (math.Abs(s.S-target.S) + math.Abs(s.T-target.T) + math.Abs(s.A-target.A) + math.Abs(s.R-target.R)) / 2
}

// Change is one measure of the two takes and whether the second is better.
type Change struct {
	Measure string `json:"measure"`
	A       string `json:"a"`
	B       string `json:"b"`
	// Verdict is "better", "worse" or "" (the same, or not comparable).
	Verdict string `json:"verdict"`
	Note    string `json:"note,omitempty"`
}

// Comparison is two takes side by side.
type Comparison struct {
	A            Take     `json:"a"`
	B            Take     `json:"b"`
	SameQuestion bool     `json:"same_question"`
	Changes      []Change `json:"changes"`
	Improved     []string `json:"improved"`
	Worse        []string `json:"worse"`
}

// Thresholds under which a difference is not called a change.
const (
	minDurationChangeS = 3
	minPauseChangeS    = 0.5
	minShareChange     = 0.05
	minFillerChange    = 1.0 // per minute
)

// Compare lines up take a (the earlier) against take b.
func Compare(a, b Take) Comparison {
	c := Comparison{A: a, B: b, SameQuestion: a.question() == b.question(), Changes: []Change{}, Improved: []string{}, Worse: []string{}}
	add := func(measure, va, vb, verdict, note string) {
		c.Changes = append(c.Changes, Change{measure, va, vb, verdict, note})
		switch verdict {
		case "better":
			c.Improved = append(c.Improved, measure)
		case "worse":
			c.Worse = append(c.Worse, measure)
		}
	}
	add("duration", durationText(a), durationText(b), durationVerdict(a, b), "")
	if a.timed() && b.timed() {
		ta, tb := a.Timing, b.Timing
		add("first word", firstWordText(ta), firstWordText(tb), byRank(startRank(ta), startRank(tb)), "")
		add("pauses / long pauses", fmt.Sprintf("%d / %d", ta.PauseCount, ta.LongCount), fmt.Sprintf("%d / %d", tb.PauseCount, tb.LongCount),
			lower(float64(ta.PauseCount+ta.LongCount), float64(tb.PauseCount+tb.LongCount), 1), "")
		add("longest pause", secs(ta.LongestPauseS), secs(tb.LongestPauseS), lower(ta.LongestPauseS, tb.LongestPauseS, minPauseChangeS), "")
	}
	if a.Reply != nil && b.Reply != nil {
		add("reply", replyText(a), replyText(b), lower(boolCost(a.Reply.Answered), boolCost(b.Reply.Answered), 1), "")
	}
	if a.starChecked() && b.starChecked() {
		sa, sb := a.Star, b.Star
		add("STAR shares S/T/A/R", sharesText(sa.Shares), sharesText(sb.Shares), lower(offTarget(sa.Shares), offTarget(sb.Shares), minShareChange), "target 10/10/60/20")
		add("missing", listText(sectionNames(sa.Missing)), listText(sectionNames(sb.Missing)), lower(float64(len(sa.Missing)), float64(len(sb.Missing)), 1), "")
		add("reflection", yesNo(sa.Reflection), yesNo(sb.Reflection), lower(boolCost(sa.Reflection), boolCost(sb.Reflection), 1), "")
		if sa.Score != nil && sb.Score != nil {
			add("score", fmt.Sprintf("%d/100", *sa.Score), fmt.Sprintf("%d/100", *sb.Score), lower(float64(-*sa.Score), float64(-*sb.Score), 1), signed(*sb.Score-*sa.Score))
		} else {
			add("score", scoreText(sa), scoreText(sb), "", "")
		}
	}
	if a.hasTranscript() && b.hasTranscript() {
		if fa, fb := a.Speech.FillersPerMin, b.Speech.FillersPerMin; fa != nil && fb != nil {
			add("fillers", fillersText(a), fillersText(b), lower(*fa, *fb, minFillerChange), "")
		} else {
			add("fillers", fillersText(a), fillersText(b), "", "")
		}
		if ha, hb := a.Speech.Hedges, b.Speech.Hedges; ha != nil && hb != nil {
			add("hedges", strconv.Itoa(*ha), strconv.Itoa(*hb), lower(float64(*ha), float64(*hb), 1), "")
		} else {
			add("hedges", "not judged", "not judged", "", "")
		}
		if a.Speech.WPM > 0 && b.Speech.WPM > 0 {
			add("words a minute", fmt.Sprintf("%.0f", a.Speech.WPM), fmt.Sprintf("%.0f", b.Speech.WPM), lower(offPace(a.Speech.WPM), offPace(b.Speech.WPM), 10), "best 140-160")
		}
	}
	return c
}

// durationVerdict judges the change of length by the rule that judged
// each take against its limit (analyze.Judge, with a follow-up's reply
// judged by its own limit): a take whose verdict is the same is no better
// and no worse (0:55 ok and 0:50 ok), a take that moves from short or
// over to ok or near is better. Within short, longer is better; within
// over, shorter. Short and over are both off, in different ways: neither
// is better. Without timings, the lengths estimated from the words are
// judged by the same rule.
func durationVerdict(a, b Take) string {
	va, vb := verdictOf(a), verdictOf(b)
	if va == "" || vb == "" {
		return ""
	}
	if va == vb {
		switch va {
		case analyze.Short:
			return lower(-a.durationS(), -b.durationS(), minDurationChangeS)
		case analyze.Over:
			return lower(a.durationS(), b.durationS(), minDurationChangeS)
		}
		return ""
	}
	return byRank(lengthRank[va], lengthRank[vb])
}

// lengthRank orders the time verdicts, best first; short and over share a
// rank.
var lengthRank = map[string]int{analyze.OK: 0, analyze.Near: 1, analyze.Short: 2, analyze.Over: 2}

// verdictOf is the take's time verdict: its timing's, else its length
// from the words judged the same way; "" when neither is known.
func verdictOf(t Take) string {
	if t.Timing != nil {
		return t.Timing.Verdict
	}
	if t.Check == nil || t.LimitS <= 0 {
		return ""
	}
	d := analyze.DefaultOptions()
	v := analyze.Judge(true, t.durationS(), t.LimitS, d.ShortS, d.NearS)
	if t.followUp() && v == analyze.Short {
		v = analyze.OK
	}
	return v
}

// Start ranks, best first: the first word within a few seconds; one so
// late it is a slow start (star.SlowStart, the rule the STAR check's
// finding uses); one at the very start of the recording, which most
// likely began mid-word (a clipped start). A clipped start is no better
// than a slow one.
const (
	startOK = iota
	startOff
)

// clippedStartS: a first word before this is taken for a clipped start.
const clippedStartS = 0.05

func startRank(t *assess.Timing) int {
	if !t.SpeechFound || t.FirstWordS < clippedStartS || star.SlowStart(t.FirstWordS) {
		return startOff
	}
	return startOK
}

// byRank is "better" when rank b is lower than rank a, "worse" when it is
// higher.
func byRank(ra, rb int) string {
	switch {
	case rb < ra:
		return "better"
	case rb > ra:
		return "worse"
	}
	return ""
}

// lower is "better" when db is at least min below da, "worse" when at
// least min above.
func lower(da, db, min float64) string {
	switch {
	case db <= da-min:
		return "better"
	case db >= da+min:
		return "worse"
	}
	return ""
}

// offPace is how far a speaking rate is from the 140-160 words a minute
// listeners follow best.
func offPace(wpm float64) float64 {
	switch {
	case wpm < 140:
		return 140 - wpm
	case wpm > 160:
		return wpm - 160
	}
	return 0
}

func boolCost(present bool) float64 {
	if present {
		return 0
	}
	return 1
}

// signed says a change of score in points, in words rather than a sign.
func signed(n int) string {
	switch {
	case n > 0:
		return fmt.Sprintf("%d %s up", n, pointWord(n))
	case n < 0:
		return fmt.Sprintf("%d %s down", -n, pointWord(-n))
	}
	return ""
}

func pointWord(n int) string {
	if n == 1 {
		return "point"
	}
	return "points"
}

// sectionNames spells section letters out: "Result".
func sectionNames(letters []string) []string {
	out := []string{}
	for _, l := range letters {
		if lab, ok := star.ParseLabel(l); ok {
			out = append(out, lab.Name())
		}
	}
	return out
}

// Package compare puts two takes of an answer side by side (duration,
// pauses, STAR shares, score, fillers) and says what improved from the
// first to the second.
package compare

import (
	"fmt"
	"math"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Take is what is measured of one answer.
type Take struct {
	Ref      string `json:"ref"` // what the user named: "latest:2" or a path
	Question string `json:"question,omitempty"`
	// Timed tells whether the timing analysis was there (duration, pauses).
	Timed         bool     `json:"timed"`
	DurationS     float64  `json:"duration_s"`
	LimitS        float64  `json:"limit_s"`
	Verdict       string   `json:"verdict,omitempty"`
	FirstWordS    float64  `json:"first_word_s"`
	Pauses1S      int      `json:"pauses_from_1_s"`
	Pauses3S      int      `json:"pauses_from_3_s"`
	LongestPauseS float64  `json:"longest_pause_s"`
	WPM           float64  `json:"wpm,omitempty"`
	HasTranscript bool     `json:"has_transcript"`
	Words         int      `json:"words,omitempty"`
	Shares        Shares   `json:"shares"`
	Missing       []string `json:"missing"`
	Reflection    bool     `json:"reflection"`
	Score         int      `json:"score"`
	Fillers       int      `json:"fillers"`
	FillersPerMin float64  `json:"fillers_per_min"`
}

// Shares are the STAR sections' parts of the answer, 0 to 1.
type Shares struct {
	S float64 `json:"S"`
	T float64 `json:"T"`
	A float64 `json:"A"`
	R float64 `json:"R"`
}

// target is the split coaches recommend: Situation and Task about 10%
// each, Action 60%, Result 20%.
var target = Shares{0.10, 0.10, 0.60, 0.20}

// offTarget is how far the split is from the recommended one: half the sum
// of the differences, 0 for the target, 1 for all time in the wrong place.
func (s Shares) offTarget() float64 {
	return (math.Abs(s.S-target.S) + math.Abs(s.T-target.T) + math.Abs(s.A-target.A) + math.Abs(s.R-target.R)) / 2
}

// NewTake measures one answer from its timing analysis (nil when there is
// none) and transcript (nil when not transcribed yet), checking it with lex
// so that both takes are judged by the same rules.
func NewTake(ref, question string, timing *analyze.Result, t *transcript.Transcript, lex *star.Lexicon) Take {
	tk := Take{Ref: ref, Question: question, Missing: []string{}}
	var st *star.Timing
	if timing != nil {
		tk.Timed = true
		tk.DurationS = timing.AnswerS
		if tk.DurationS == 0 {
			tk.DurationS = timing.DurationS
		}
		tk.LimitS, tk.Verdict = timing.LimitS, timing.Verdict
		tk.FirstWordS = timing.SpeechStartS
		tk.Pauses1S, tk.Pauses3S = timing.Pauses.OneSecond, timing.Pauses.DeadAir
		tk.LongestPauseS = timing.LongestGapS
		st = assess.StarTiming(timing, timing.LimitS)
		st.DurationS = tk.DurationS
	}
	if t == nil {
		return tk
	}
	r := star.Check(t, st, lex)
	tk.HasTranscript = true
	tk.Words = r.Words
	sh := r.Shares()
	tk.Shares = Shares{round3(sh[star.S]), round3(sh[star.T]), round3(sh[star.A]), round3(sh[star.R])}
	for _, l := range r.Missing {
		tk.Missing = append(tk.Missing, l.Name())
	}
	tk.Reflection = r.Reflection.Present
	tk.Score = r.Score
	tk.Fillers, tk.FillersPerMin = r.Fillers, r.FillersPerM
	if !tk.Timed {
		tk.DurationS = r.DurationS
		tk.LimitS = star.DefaultLimitS
	}
	speaking := tk.DurationS
	if timing != nil && timing.SpeakingS > 0 {
		speaking = timing.SpeakingS
	}
	if speaking > 0 {
		tk.WPM = math.Round(float64(r.Words) / speaking * 60)
	}
	return tk
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
	idealLowS          = 60  // a strong answer runs 60-90 s
	idealHighS         = 90
)

// Compare lines up take a (the earlier) against take b.
func Compare(a, b Take) Comparison {
	c := Comparison{A: a, B: b, SameQuestion: a.Question == b.Question, Changes: []Change{}, Improved: []string{}, Worse: []string{}}
	add := func(measure, va, vb, verdict, note string) {
		c.Changes = append(c.Changes, Change{measure, va, vb, verdict, note})
		switch verdict {
		case "better":
			c.Improved = append(c.Improved, measure)
		case "worse":
			c.Worse = append(c.Worse, measure)
		}
	}
	lower := func(da, db, min float64) string { // smaller is better
		switch {
		case db <= da-min:
			return "better"
		case db >= da+min:
			return "worse"
		}
		return ""
	}

	add("duration", durationText(a), durationText(b), lower(offIdeal(a), offIdeal(b), minDurationChangeS), "")
	if a.Timed && b.Timed {
		add("first word", secs(a.FirstWordS), secs(b.FirstWordS), lower(a.FirstWordS, b.FirstWordS, minPauseChangeS), "")
		add("pauses 1 s+ / 3 s+", fmt.Sprintf("%d / %d", a.Pauses1S, a.Pauses3S), fmt.Sprintf("%d / %d", b.Pauses1S, b.Pauses3S),
			lower(float64(a.Pauses1S+2*a.Pauses3S), float64(b.Pauses1S+2*b.Pauses3S), 1), "")
		add("longest pause", secs(a.LongestPauseS), secs(b.LongestPauseS), lower(a.LongestPauseS, b.LongestPauseS, minPauseChangeS), "")
	}
	if a.HasTranscript && b.HasTranscript {
		add("STAR shares S/T/A/R", sharesText(a.Shares), sharesText(b.Shares), lower(a.Shares.offTarget(), b.Shares.offTarget(), minShareChange), "target 10/10/60/20")
		add("missing", listText(a.Missing), listText(b.Missing), lower(float64(len(a.Missing)), float64(len(b.Missing)), 1), "")
		add("reflection", yesNo(a.Reflection), yesNo(b.Reflection), lower(boolCost(a.Reflection), boolCost(b.Reflection), 1), "")
		add("score", fmt.Sprintf("%d/100", a.Score), fmt.Sprintf("%d/100", b.Score), lower(float64(-a.Score), float64(-b.Score), 1), signed(b.Score-a.Score))
		add("fillers", fillersText(a), fillersText(b), lower(a.FillersPerMin, b.FillersPerMin, minFillerChange), "")
		if a.WPM > 0 && b.WPM > 0 {
			add("words a minute", fmt.Sprintf("%.0f", a.WPM), fmt.Sprintf("%.0f", b.WPM), lower(offPace(a.WPM), offPace(b.WPM), 10), "best 140-160")
		}
	}
	return c
}

// offIdeal is how far the take's length is from a strong answer's 60-90 s,
// with time over the limit counting double.
func offIdeal(t Take) float64 {
	d := t.DurationS
	off := 0.0
	switch {
	case d < idealLowS:
		off = idealLowS - d
	case d > idealHighS:
		off = d - idealHighS
	}
	if t.LimitS > 0 && d > t.LimitS {
		off += d - t.LimitS
	}
	return off
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

func signed(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%+d", n)
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

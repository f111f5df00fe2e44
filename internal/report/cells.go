package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// none stands for a figure that could not be measured.
const none = "-"

// column is one column of the answer table: its heading in text and
// Markdown, the cell as a person reads it, and the CSV columns it becomes
// with their values as a spreadsheet reads them ("" when unknown).
type column struct {
	head string
	cell func(a *Answer) string
	csv  []string
	raw  func(a *Answer) []string
}

// tableColumns are the figures of an answer in the order every table
// shows them.
var tableColumns = []column{
	{"time", timingCell(func(t *Timing) string { return timefmt.Clock(t.AnswerS) }),
		[]string{"answer_s"}, timingRaw(func(t *Timing) []string { return []string{num(t.AnswerS, 3)} })},
	{"limit", func(a *Answer) string { return timefmt.Clock(a.LimitS) },
		[]string{"limit_s"}, func(a *Answer) []string { return []string{num(a.LimitS, 3)} }},
	{"over by", timingCell(overCell),
		[]string{"over_by_s"}, timingRaw(func(t *Timing) []string { return []string{num(t.OverByS, 3)} })},
	{"first word", timingCell(func(t *Timing) string { return timefmt.Seconds(t.FirstWordS) }),
		[]string{"first_word_s"}, timingRaw(func(t *Timing) []string { return []string{num(t.FirstWordS, 3)} })},
	{"speaking", timingCell(func(t *Timing) string { return timefmt.Clock(t.SpeakingS) }),
		[]string{"speaking_s"}, timingRaw(func(t *Timing) []string { return []string{num(t.SpeakingS, 3)} })},
	{"pauses", timingCell(func(t *Timing) string { return strconv.Itoa(t.PauseCount) }),
		[]string{"pause_count"}, timingRaw(func(t *Timing) []string { return []string{strconv.Itoa(t.PauseCount)} })},
	{"long", timingCell(func(t *Timing) string { return strconv.Itoa(t.LongCount) }),
		[]string{"long_pause_count"}, timingRaw(func(t *Timing) []string { return []string{strconv.Itoa(t.LongCount)} })},
	{"longest", timingCell(longestCell),
		[]string{"longest_pause_s"}, timingRaw(func(t *Timing) []string { return []string{num(t.LongestPauseS, 3)} })},
	{"words/min", speechCell(func(s *Speech) string { return num(s.WPM, 0) }),
		[]string{"wpm"}, speechRaw(func(s *Speech) []string { return []string{num(s.WPM, 0)} })},
	{"fillers", speechCell(func(s *Speech) string { return optInt(s.Fillers) }),
		[]string{"fillers"}, speechRaw(func(s *Speech) []string { return []string{optInt(s.Fillers)} })},
	{"fillers/min", speechCell(func(s *Speech) string { return optNum(s.FillersPerMin, 1) }),
		[]string{"fillers_per_min"}, speechRaw(func(s *Speech) []string { return []string{optNum(s.FillersPerMin, 1)} })},
	{"hedges", speechCell(func(s *Speech) string { return optInt(s.Hedges) }),
		[]string{"hedges"}, speechRaw(func(s *Speech) []string { return []string{optInt(s.Hedges)} })},
	{"I:we", speechCell(func(s *Speech) string { return fmt.Sprintf("%d:%d", s.I, s.We) }),
		[]string{"i", "we"}, speechRaw(func(s *Speech) []string { return []string{strconv.Itoa(s.I), strconv.Itoa(s.We)} })},
	{"STAR", starCell(func(s *Star) string { return s.Coverage }),
		[]string{"star"}, starRaw(func(s *Star) []string { return []string{s.Coverage} })},
	{"S/T/A/R %", starCell(sharesCell),
		[]string{"share_s", "share_t", "share_a", "share_r"}, starRaw(func(s *Star) []string {
			return []string{num(s.Shares.S, 3), num(s.Shares.T, 3), num(s.Shares.A, 3), num(s.Shares.R, 3)}
		})},
	{"score", starCell(func(s *Star) string { return optInt(s.Score) }),
		[]string{"score"}, starRaw(func(s *Star) []string { return []string{optInt(s.Score)} })},
}

// unknown returns n empty CSV values.
func unknown(n int) []string { return make([]string, n) }

func timingRaw(f func(*Timing) []string) func(*Answer) []string {
	return func(a *Answer) []string {
		if a.Timing == nil {
			return nil
		}
		return f(a.Timing)
	}
}

func speechRaw(f func(*Speech) []string) func(*Answer) []string {
	return func(a *Answer) []string {
		if a.Speech == nil {
			return nil
		}
		return f(a.Speech)
	}
}

func starRaw(f func(*Star) []string) func(*Answer) []string {
	return func(a *Answer) []string {
		if a.Star == nil {
			return nil
		}
		return f(a.Star)
	}
}

func timingCell(f func(*Timing) string) func(*Answer) string {
	return func(a *Answer) string {
		if a.Timing == nil {
			return none
		}
		return f(a.Timing)
	}
}

func speechCell(f func(*Speech) string) func(*Answer) string {
	return func(a *Answer) string {
		if a.Speech == nil {
			return none
		}
		return f(a.Speech)
	}
}

func starCell(f func(*Star) string) func(*Answer) string {
	return func(a *Answer) string {
		if a.Star == nil {
			return none
		}
		return f(a.Star)
	}
}

func overCell(t *Timing) string {
	if t.OverByS <= 0 {
		return ""
	}
	return timefmt.Seconds(t.OverByS)
}

func longestCell(t *Timing) string {
	if t.LongestPauseS <= 0 {
		return ""
	}
	return timefmt.Seconds(t.LongestPauseS)
}

func sharesCell(s *Star) string {
	p := func(v float64) string { return strconv.Itoa(int(v*100 + 0.5)) }
	return fmt.Sprintf("%s/%s/%s/%s", p(s.Shares.S), p(s.Shares.T), p(s.Shares.A), p(s.Shares.R))
}

// num writes a number with at most places decimals and no trailing zeros.
// optInt and optNum write "-" for a figure withheld (nil).
func optInt(v *int) string {
	if v == nil {
		return "-"
	}
	return strconv.Itoa(*v)
}

func optNum(v *float64, places int) string {
	if v == nil {
		return "-"
	}
	return num(*v, places)
}

func num(v float64, places int) string {
	return strconv.FormatFloat(round(v, places), 'f', -1, 64)
}

// label is how an answer is named in lists: "3", or "3 (follow-up to 2)".
func (a *Answer) label() string {
	if a.Kind == session.KindFollowUp && a.FollowsUp > 0 {
		return fmt.Sprintf("%d (follow-up to %d)", a.N, a.FollowsUp)
	}
	return strconv.Itoa(a.N)
}

// title is the question an answer answers, or the follow-up push.
func (a *Answer) title() string {
	if a.Kind == session.KindFollowUp && a.Prompt != "" {
		return a.Prompt
	}
	if a.Question == "" {
		return "(question not recorded)"
	}
	return a.Question
}

// fillersTotal is the session's fillers a minute, or why there is none.
func fillersTotal(t Totals) string {
	switch {
	case t.AverageFillersPerMin != nil:
		return num(*t.AverageFillersPerMin, 1) + " on average"
	case t.Transcribed > 0:
		return "not measured"
	}
	return none
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

// totalLines are the session's totals as label and value pairs, in the
// order every format shows them; a figure no answer has reads "-".
func totalLines(t Totals) [][2]string {
	avg := func(n int, s string) string {
		if n == 0 {
			return none
		}
		return s
	}
	answers := strconv.Itoa(t.Answers)
	if t.FollowUps > 0 {
		answers += fmt.Sprintf(" (and %d follow-up%s, not averaged)", t.FollowUps, map[bool]string{true: "", false: "s"}[t.FollowUps == 1])
	}
	lines := [][2]string{
		{"answers", answers},
		{"total time", avg(t.Timed, timefmt.Clock(t.TotalS))},
		{"average time", avg(t.Timed, timefmt.Clock(t.AverageS))},
		{"over the limit", avg(t.Timed, fmt.Sprintf("%d of %d (%s)", t.OverLimit, t.Timed, pct(t.OverShare)))},
		{"pauses (" + analyze.PauseLabel() + "+)", avg(t.Timed, fmt.Sprintf("%d (%s per answer)", t.Pauses, num(t.PausesPerAnswer, 2)))},
		{"long pauses (" + analyze.LongPauseLabel() + "+)", avg(t.Timed, fmt.Sprintf("%d (%s per answer)", t.LongPauses, num(t.LongPausesPerAnswer, 2)))},
		{"first word after", avg(t.Timed, timefmt.Seconds(t.AverageFirstWordS)+" on average")},
		{"words per minute", avg(t.Transcribed, num(t.AverageWPM, 0)+" on average")},
		{"fillers per minute", fillersTotal(t)},
		{"hedges", avg(t.HedgesCounted, fmt.Sprintf("%d in %d answer%s", t.Hedges, t.HedgesCounted, map[bool]string{true: "", false: "s"}[t.HedgesCounted == 1]))},
		{"I:we", avg(t.Transcribed, fmt.Sprintf("%d:%d", t.I, t.We))},
		{"STAR complete", avg(t.Checked, fmt.Sprintf("%d of %d (%s)", t.StarComplete, t.Checked, pct(t.StarCompleteShare)))},
		{"average score", avg(t.Scored, num(t.AverageScore, 1))},
		{"reused stories", strconv.Itoa(t.Reused)},
	}
	if t.Overflows > 0 {
		lines = append(lines, [2]string{"audio lost", fmt.Sprintf("%d times", t.Overflows)})
	}
	if t.Missing > 0 {
		lines = append(lines, [2]string{"files missing", fmt.Sprintf("in %d answer%s", t.Missing, map[bool]string{true: "", false: "s"}[t.Missing == 1])})
	}
	return lines
}

func principles(a *Answer) string { return strings.Join(a.Principles, ", ") }

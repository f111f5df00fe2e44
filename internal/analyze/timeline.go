package analyze

import (
	"fmt"
	"math"

	"github.com/starcoach/starcoach/internal/timefmt"
)

// WithDefaults is o with every zero field set to its default, as the
// analyzer itself reads it: what a caller that applies the same rule
// (a recorder warning that the answer is near its limit) must use.
func (o Options) WithDefaults() Options { return o.withDefaults() }

// PauseLabel and LongPauseLabel are the pause scale as labels write it:
// "1 s", "3 s". A help text or column head says these, never its own.
func PauseLabel() string     { return scaleLabel(PauseS) }
func LongPauseLabel() string { return scaleLabel(LongPauseS) }

func scaleLabel(s float64) string { return fmt.Sprintf("%g s", s) }

// TimeLine is an answer's time against its limit, the one way every view
// says it: "1:10 of 1:00, over by 10 s", "1:47 of 2:00, near, 13 s to
// spare", "1:20 of 2:00, ok", "0:30 of 2:00, short", "0:04 of 2:00,
// short, no speech heard".
func TimeLine(r Result) string {
	line := fmt.Sprintf("%s of %s, %s", timefmt.Clock(r.AnswerS), timefmt.Clock(r.LimitS), r.Verdict)
	switch {
	case r.Verdict == Over:
		line += " by " + timefmt.Seconds(r.OverByS)
	case r.Verdict == Near:
		line += ", " + spareText(r) + " to spare"
	case r.Verdict == Short && !r.SpeechFound:
		line += ", no speech heard"
	}
	return line
}

// spareText is the time left as the line shows it: with the answer and
// limit shown in whole seconds, 1:47 of 2:00 leaves 13 s, not 12.6 s.
func spareText(r Result) string {
	if r.SpareS >= 10 {
		return timefmt.Seconds(math.Floor(r.LimitS) - math.Floor(r.AnswerS))
	}
	return timefmt.Seconds(r.SpareS)
}

package compare

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// WriteText writes the comparison as a table: each measure for take A and
// take B and whether B is better or worse, then what improved.
func WriteText(w io.Writer, c Comparison) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "A  %s%s\n", c.A.Ref, kindNote(c.A))
	fmt.Fprintf(bw, "B  %s%s\n", c.B.Ref, kindNote(c.B))
	switch {
	case c.SameQuestion && c.A.question() != "":
		fmt.Fprintf(bw, "question: %s\n", c.A.question())
	case !c.SameQuestion:
		fmt.Fprintf(bw, "note: different questions\n  A: %s\n  B: %s\n", orUnknown(c.A.question()), orUnknown(c.B.question()))
	}
	fmt.Fprintln(bw)
	rows := [][]string{{"", "A", "B", ""}}
	for _, ch := range c.Changes {
		mark := ch.Verdict
		if ch.Note != "" {
			mark = strings.TrimSpace(mark + "  " + ch.Note)
		}
		rows = append(rows, []string{ch.Measure, ch.A, ch.B, mark})
	}
	widths := make([]int, 3)
	for _, r := range rows {
		for i := range widths {
			widths[i] = max(widths[i], len(r[i]))
		}
	}
	for _, r := range rows {
		line := fmt.Sprintf("%-*s  %-*s  %-*s  %s", widths[0], r[0], widths[1], r[1], widths[2], r[2], r[3])
		fmt.Fprintln(bw, strings.TrimRight(line, " "))
	}
	fmt.Fprintln(bw)
	for _, t := range []Take{c.A, c.B} {
		switch {
		case !t.hasTranscript():
			fmt.Fprintf(bw, "%s has no transcript yet: STAR shares, score and fillers are left out (starcoach transcribe)\n", t.Ref)
		case t.followUp() && t.Reply == nil:
			fmt.Fprintf(bw, "%s is a follow-up whose reply was not judged: %s\n", t.Ref, notJudged(t))
		case !t.timed():
			fmt.Fprintf(bw, "%s has no timing: its length is estimated from the words\n", t.Ref)
		}
	}
	if c.A.followUp() != c.B.followUp() {
		fmt.Fprintf(bw, "%s is a follow-up, judged as a reply to its push, the other an answer: STAR shares and score are left out\n", followUpRef(c))
	}
	fmt.Fprintf(bw, "improved: %s\n", listText(c.Improved))
	fmt.Fprintf(bw, "worse: %s\n", listText(c.Worse))
	return bw.Flush()
}

// kindNote marks a follow-up beside its name.
func kindNote(t Take) string {
	if t.followUp() {
		return "  (follow-up, judged as a reply to its push)"
	}
	return ""
}

// followUpRef names the follow-up of a pair of a follow-up and an answer.
func followUpRef(c Comparison) string {
	if c.A.followUp() {
		return c.A.Ref
	}
	return c.B.Ref
}

// notJudged says why a reply was not judged.
func notJudged(t Take) string {
	if t.Check != nil && t.Check.NotJudged != "" {
		return t.Check.NotJudged
	}
	return "its transcript looks unreliable"
}

// firstWordText is when the first word came, marked when the start looks
// clipped or slow.
func firstWordText(t *assess.Timing) string {
	s := secs(t.FirstWordS)
	switch {
	case !t.SpeechFound:
		return "none"
	case t.FirstWordS < clippedStartS:
		return s + " (clipped start)"
	case star.SlowStart(t.FirstWordS):
		return s + " (slow start)"
	}
	return s
}

// replyText says whether a follow-up's reply answers its push.
func replyText(t Take) string {
	if t.Reply.Answered {
		return "answers the push"
	}
	return "does not answer it"
}

// Line says in one line what changed from take A to take B, as the end of
// a retake says it: "0:55 -> 1:38, Task now heard, score 64 -> 82".
func Line(a, b Take) string {
	c := Compare(a, b)
	parts := []string{durationClock(a) + " -> " + durationClock(b)}
	if a.starChecked() && b.starChecked() {
		for _, n := range sectionNames(a.Star.Missing) {
			if !slices.Contains(sectionNames(b.Star.Missing), n) {
				parts = append(parts, n+" now heard")
			}
		}
		for _, n := range sectionNames(b.Star.Missing) {
			if !slices.Contains(sectionNames(a.Star.Missing), n) {
				parts = append(parts, n+" no longer heard")
			}
		}
		if a.Star.Score != nil && b.Star.Score != nil {
			parts = append(parts, fmt.Sprintf("score %d -> %d", *a.Star.Score, *b.Star.Score))
		}
	}
	if a.Reply != nil && b.Reply != nil && a.Reply.Answered != b.Reply.Answered {
		if b.Reply.Answered {
			parts = append(parts, "now answers the push")
		} else {
			parts = append(parts, "no longer answers the push")
		}
	}
	if !b.hasTranscript() {
		parts = append(parts, "not transcribed yet")
	}
	line := strings.Join(parts, ", ")
	if len(c.Worse) > 0 {
		line += "; worse: " + strings.Join(c.Worse, ", ")
	}
	return line
}

// durationClock is the take's length as a clock, "-" when not known.
func durationClock(t Take) string {
	if !t.timed() && !t.hasTranscript() {
		return "-"
	}
	return timefmt.Clock(t.durationS())
}

func orUnknown(s string) string {
	if s == "" {
		return "(not known)"
	}
	return s
}

func durationText(t Take) string {
	if !t.timed() && !t.hasTranscript() {
		return "-"
	}
	s := timefmt.Clock(t.durationS())
	if !t.timed() {
		return "about " + s
	}
	return s + " (" + t.Timing.Verdict + ")"
}

func secs(v float64) string { return timefmt.Seconds(v) }

func sharesText(s assess.Shares) string {
	return fmt.Sprintf("%.0f/%.0f/%.0f/%.0f%%", 100*s.S, 100*s.T, 100*s.A, 100*s.R)
}

func listText(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func fillersText(t Take) string {
	if t.Speech.Fillers == nil || t.Speech.FillersPerMin == nil {
		return "not judged"
	}
	return fmt.Sprintf("%d (%.1f a minute)", *t.Speech.Fillers, *t.Speech.FillersPerMin)
}

// scoreText is a STAR score, or why there is none.
func scoreText(s *assess.Star) string {
	if s.Score == nil {
		return "not judged"
	}
	return fmt.Sprintf("%d/100", *s.Score)
}

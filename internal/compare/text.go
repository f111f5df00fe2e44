package compare

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// WriteText writes the comparison as a table: each measure for take A and
// take B and whether B is better or worse, then what improved.
func WriteText(w io.Writer, c Comparison) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "A  %s\n", c.A.Ref)
	fmt.Fprintf(bw, "B  %s\n", c.B.Ref)
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
		case !t.timed():
			fmt.Fprintf(bw, "%s has no timing: its length is estimated from the words\n", t.Ref)
		}
	}
	fmt.Fprintf(bw, "improved: %s\n", listText(c.Improved))
	fmt.Fprintf(bw, "worse: %s\n", listText(c.Worse))
	return bw.Flush()
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

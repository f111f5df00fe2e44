package star

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// textWidth is where section texts are wrapped.
const textWidth = 78

// WriteText writes the check as a person reads it: the sections with their
// spans and shares, each section's words, the findings (important ones
// marked "!"), and the score with its parts.
func WriteText(w io.Writer, r Result) error {
	bw := bufio.NewWriter(w)
	if len(r.Sections) > 0 {
		spans := make([]string, 0, len(r.Sections))
		for _, s := range r.Sections {
			if r.Timed {
				spans = append(spans, fmt.Sprintf("%s %s-%s (%s)", s.Label.Name(), timefmt.Clock(s.StartS), timefmt.Clock(s.EndS), pct(s.Share)))
			} else {
				spans = append(spans, fmt.Sprintf("%s %d words (%s)", s.Label.Name(), s.Words, pct(s.Share)))
			}
		}
		fmt.Fprintln(bw, strings.Join(spans, "  "))
		if !r.Timed {
			fmt.Fprintln(bw, "(the transcript has no times: shares are of words)")
		}
		fmt.Fprintln(bw)
		for _, s := range r.Sections {
			writeWrapped(bw, s.Label.String()+"  ", "   ", s.Text)
		}
		fmt.Fprintln(bw)
		writeReflection(bw, r)
	}
	for _, f := range r.Findings {
		mark := " "
		if f.Severity == High || f.Severity == Medium {
			mark = "!"
		}
		fmt.Fprintf(bw, "%s %s\n", mark, f.Message)
	}
	if q := r.Quality; q != nil && q.Level != quality.Good {
		fmt.Fprintf(bw, "transcript: %s (%s)\n", q.Level, q.Why())
	}
	if r.FillersNotMeasured != "" && r.Judged() {
		fmt.Fprintf(bw, "fillers: not measured: %s\n", r.FillersNotMeasured)
	}
	if r.Judged() {
		fmt.Fprintf(bw, "score %d/100: %s\n", r.Score, BandText(r.Band))
	} else {
		fmt.Fprintln(bw, "score: not judged")
	}
	var parts []string
	for _, name := range ScoreOrder {
		if p, ok := r.ScoreParts[name]; ok && p.NotMeasured {
			parts = append(parts, name+" not measured")
		} else if ok {
			parts = append(parts, fmt.Sprintf("%s %d/%d", name, p.Points, p.Max))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(bw, "  %s\n", strings.Join(parts, "  "))
	}
	// What each part short of full lost its points to: a part is often
	// scaled down (an answer shorter than a story, an order that loses
	// the cues) with no finding of its own to say so.
	for _, name := range ScoreOrder {
		if p, ok := r.ScoreParts[name]; ok && !p.NotMeasured && p.Points < p.Max && p.Why != "" {
			fmt.Fprintf(bw, "    %s: %s\n", name, p.Why)
		}
	}
	return bw.Flush()
}

// BandText says what a band means.
func BandText(band string) string {
	switch band {
	case BandReady:
		return "ready"
	case BandClose:
		return "close, fix the top finding"
	case BandRework:
		return "rework the story"
	}
	return band
}

// writeReflection says whether the answer closes on a lesson, and which.
func writeReflection(w io.Writer, r Result) {
	ref := r.Reflection
	if !ref.Present {
		fmt.Fprint(w, "reflection: none\n\n")
		return
	}
	where := fmt.Sprintf("%d words", ref.Words)
	if ref.timed {
		where = timefmt.Clock(ref.StartS) + "-" + timefmt.Clock(ref.EndS)
	}
	writeWrapped(w, fmt.Sprintf("reflection (%q, %s): ", capitalI(ref.Phrase), where), "   ", ref.Text)
	fmt.Fprintln(w)
}

// writeWrapped writes text after first, wrapping at textWidth with later
// lines indented by rest.
func writeWrapped(w io.Writer, first, rest, text string) {
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && len(line)+1+len(word) > textWidth {
			fmt.Fprintln(w, line)
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	fmt.Fprintln(w, line)
}

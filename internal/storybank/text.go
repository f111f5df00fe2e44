package storybank

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/story"
)

// WriteText writes the bank as a person reads it: the stories, the matrix
// of principles against stories (answers per cell, "." for none), the
// gaps, the stories leaned on too often, the proposed stories, the
// answers without one, and the questions to practise next.
func WriteText(w io.Writer, b Bank) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d %s in %d %s", len(b.Stories), figure.Plural(len(b.Stories), "story", "stories"), b.Answers, figure.Plural(b.Answers, "answer", "answers"))
	if n := len(b.Unassigned); n > 0 {
		fmt.Fprintf(bw, " (%d without a story)", n)
	}
	fmt.Fprintln(bw)
	for i, s := range b.Stories {
		fmt.Fprintf(bw, "  %d  %s: %d %s, %d %s\n", i+1, s.Name, len(s.Answers), figure.Plural(len(s.Answers), "answer", "answers"), len(s.Covers), figure.Plural(len(s.Covers), "principle", "principles"))
		if line := ServesLine(s); line != "" {
			fmt.Fprintf(bw, "     %s\n", line)
		}
	}
	fmt.Fprintln(bw)

	if len(b.Stories) > 0 {
		width := 0
		for _, p := range b.Principles {
			width = max(width, len(p))
		}
		head := fmt.Sprintf("%-*s", width, "principle")
		for i := range b.Stories {
			head += fmt.Sprintf(" %3d", i+1)
		}
		fmt.Fprintln(bw, head)
		for _, p := range b.Principles {
			line := fmt.Sprintf("%-*s", width, p)
			any := false
			for _, s := range b.Stories {
				if n := s.Count(p); n > 0 {
					line += fmt.Sprintf(" %3d", n)
					any = true
				} else {
					line += "   ."
				}
			}
			if !any {
				line += "  no story yet"
			}
			fmt.Fprintln(bw, line)
		}
		fmt.Fprintln(bw)
	}

	switch {
	case len(b.Gaps) > 0 && len(b.Stories) > 0:
		fmt.Fprintf(bw, "no story yet for %d of %d principles (marked above)\n", len(b.Gaps), len(b.Principles))
	case len(b.Gaps) > 0:
		fmt.Fprintln(bw, "no story yet for:")
		for _, g := range b.Gaps {
			fmt.Fprintf(bw, "  %s\n", g)
		}
	default:
		fmt.Fprintln(bw, "every principle has a story")
	}
	for _, o := range b.OverUsed {
		fmt.Fprintf(bw, "leaned on too often: %s\n", o.Story)
		for _, r := range o.Reasons {
			fmt.Fprintf(bw, "  %s\n", r)
		}
	}
	if len(b.Proposals) > 0 {
		fmt.Fprintln(bw, "\nproposed (confirm with: starcoach stories assign SESSION:N):")
		for _, p := range b.Proposals {
			fmt.Fprintf(bw, "  %s  proposed: %s (%s)\n", p.Answer.Ref(), p.Story, story.SharedText(p.Shared))
		}
	}
	proposed := map[string]bool{}
	for _, p := range b.Proposals {
		proposed[p.Answer.Ref()] = true
	}
	var rest []Answer
	for _, a := range b.Unassigned {
		if !proposed[a.Ref()] {
			rest = append(rest, a)
		}
	}
	if len(rest) > 0 {
		fmt.Fprintln(bw, "\nwithout a story (name it with: starcoach stories assign SESSION:N NAME):")
		for _, a := range rest {
			fmt.Fprintf(bw, "  %s  %s\n", a.Ref(), orDash(a.Question))
		}
	}
	if len(b.Suggestions) > 0 {
		fmt.Fprintln(bw, "\npractise next (starcoach practice --question ID):")
		for _, s := range b.Suggestions {
			fmt.Fprintf(bw, "  %s: %s  %s\n", s.Principle, s.QuestionID, s.Question)
		}
	}
	if len(b.Advice) > 0 {
		fmt.Fprintln(bw)
		for _, a := range b.Advice {
			fmt.Fprintln(bw, a)
		}
	}
	return bw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ServesLine says which principles a story can serve, with how many of
// each one's signals its best telling covers: "can serve: Dive Deep (3
// of 4), Deliver Results (2 of 4)"; "" when it shows none.
func ServesLine(s Story) string {
	if len(s.Serves) == 0 {
		return ""
	}
	parts := make([]string, len(s.Serves))
	for i, p := range s.Serves {
		parts[i] = fmt.Sprintf("%s (%d of %d)", p.Name, p.Covered, p.Total)
	}
	return "can serve: " + strings.Join(parts, ", ")
}

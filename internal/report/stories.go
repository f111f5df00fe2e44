package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/storybank"
)

// storiesView is the story-bank section of the HTML page: the matrix of
// principles against stories, the gaps, the stories leaned on too often,
// the proposed stories and the questions to practise next.
type storiesView struct {
	Summary     string
	Names       []string // the matrix's columns
	Rows        []storyRow
	GapText     string
	OverUsed    []storybank.OverUse
	Proposals   []string
	Suggestions []storybank.Suggestion
	Advice      []string
	// Serves says, story by story, which principles it can serve.
	Serves []string
}

// storyRow is one principle: how many answers of each story covered it.
type storyRow struct {
	Principle string
	Cells     []string // "" for none
	Gap       bool
}

func storiesViewOf(b *storybank.Bank) *storiesView {
	v := &storiesView{OverUsed: b.OverUsed, Suggestions: b.Suggestions, Advice: b.Advice}
	v.Summary = fmt.Sprintf("%d %s in %d %s across your sessions", len(b.Stories), figure.Plural(len(b.Stories), "story", "stories"), b.Answers, figure.Plural(b.Answers, "answer", "answers"))
	if n := len(b.Unassigned); n > 0 {
		v.Summary += fmt.Sprintf(" (%d without a story)", n)
	}
	for _, s := range b.Stories {
		v.Names = append(v.Names, s.Name)
		if line := storybank.ServesLine(s); line != "" {
			v.Serves = append(v.Serves, s.Name+": "+line)
		}
	}
	gap := map[string]bool{}
	for _, g := range b.Gaps {
		gap[g] = true
	}
	for _, p := range b.Principles {
		row := storyRow{Principle: p, Gap: gap[p]}
		for _, s := range b.Stories {
			cell := ""
			if n := s.Count(p); n > 0 {
				cell = strconv.Itoa(n)
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	switch {
	case len(b.Gaps) == 0:
		v.GapText = "Every principle has a story."
	default:
		v.GapText = fmt.Sprintf("No story yet for %d of %d principles: %s.", len(b.Gaps), len(b.Principles), strings.Join(b.Gaps, ", "))
	}
	for _, p := range b.Proposals {
		line := fmt.Sprintf("%s looks like %q: %s", p.Answer.Ref(), p.Story, story.SharedText(p.Shared))
		v.Proposals = append(v.Proposals, line+"; confirm with: starcoach stories assign "+p.Answer.Ref())
	}
	return v
}

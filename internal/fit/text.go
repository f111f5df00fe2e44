package fit

import (
	"fmt"
	"slices"
	"strings"
)

// VerdictText says a verdict in words.
func VerdictText(v string) string {
	switch v {
	case Fits:
		return "fits"
	case Partly:
		return "shows little of"
	case NotFits:
		return "does not fit"
	}
	return v
}

// Line is the fit in one line, as every view says it: "does not fit
// Are Right, A Lot: 0 of 4 signals heard; reads as Dive Deep (3 of 4)".
func (r Result) Line() string {
	if r.NotJudged != "" {
		return "not judged: " + r.NotJudged
	}
	s := fmt.Sprintf("%s %s: %d of %d signals heard", VerdictText(r.Verdict), r.label(), r.Covered, r.Total)
	if p := r.ReadsAs; p != nil {
		s += fmt.Sprintf("; reads as %s (%d of %d)", p.Name, p.Covered, p.Total)
	}
	return s
}

// SignalLines are the signals one a line: "covered: you disagreed
// ("I disagreed")" or "not heard: you committed", with the doubted words
// that did not count.
func (r Result) SignalLines() []string {
	var out []string
	for _, s := range r.Signals {
		switch {
		case s.Covered:
			out = append(out, fmt.Sprintf("covered: %s (%q)", s.Says, s.Heard))
		case s.Doubted != "":
			out = append(out, fmt.Sprintf("not heard: %s (%q was doubted by the engine)", s.Says, s.Doubted))
		default:
			out = append(out, "not heard: "+s.Says)
		}
	}
	return out
}

// Serves returns the principles whose signals the answer covers as an
// answer that fits covers the asked ones (at least half of them), the
// best covered first: the principles the story can serve.
func (h *Heard) Serves() []Principle {
	if len(h.m.words) < MinWords {
		return nil
	}
	var out []Principle
	for _, p := range h.Principles() {
		if p.Total > 0 && p.Share >= fitsAt {
			out = append(out, p)
		}
	}
	return out
}

// Merge adds the principles of more to ps, keeping for each principle
// the better covered telling, best first: what a story told several
// times can serve.
func Merge(ps, more []Principle) []Principle {
	out := slices.Clone(ps)
	for _, p := range more {
		i := slices.IndexFunc(out, func(q Principle) bool { return q.Name == p.Name })
		switch {
		case i < 0:
			out = append(out, p)
		case p.Share > out[i].Share:
			out[i] = p
		}
	}
	slices.SortStableFunc(out, func(a, b Principle) int {
		if a.Share != b.Share {
			if a.Share > b.Share {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

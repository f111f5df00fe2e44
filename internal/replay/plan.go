// Package replay plays recorded answers back to a speaker: it plans which
// stretches of which answers to play (from a time, one STAR section, with
// long pauses shortened), streams them from their WAV files with the
// position tracked, takes keys to pause, seek and skip, and shows where the
// answer is: clock, STAR section and transcript line.
package replay

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// Pause shortening: a silence inside an answer longer than MaxPauseS is cut
// to MaxPauseS by taking out its middle, so that the end of the word before
// it and the breath before the next stay audible. The silence before the
// first word and after the last, when longer than MaxPauseS, is cut to
// half of it.
const MaxPauseS = 1.0

// Span is a stretch of a recording, in seconds from its start.
type Span struct {
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
}

// Len is the span's length in seconds.
func (s Span) Len() float64 { return s.EndS - s.StartS }

// Section is a STAR section's time span in a recording.
type Section struct {
	Label star.Label
	Span
}

// Answer is what the plan needs to know of one recorded answer.
type Answer struct {
	Number    int     // 1-based, as the user names it
	DurationS float64 // length of the recording
	// Speech is the first word's start to the last word's end; zero when
	// no speech was found.
	Speech Span
	// Gaps are the silences between stretches of speech, in order.
	Gaps []Span
	// Sections are the STAR sections with times; nil when the answer has
	// no timed STAR check.
	Sections []Section
}

// Options choose what of each answer to play.
type Options struct {
	// FromS starts each answer this far in.
	FromS float64
	// Sections, if any, limits each answer to these STAR sections.
	Sections []star.Label
	// SkipPauses shortens silences longer than MaxPauseS.
	SkipPauses bool
}

// Item is one answer's part of the plan: the spans to play, in order, not
// overlapping.
type Item struct {
	Answer int
	Spans  []Span
}

// DurationS is how long the item plays.
func (it Item) DurationS() float64 {
	var d float64
	for _, s := range it.Spans {
		d += s.Len()
	}
	return d
}

// Skip is an answer the plan leaves out, and why.
type Skip struct {
	Answer int
	Reason string
}

// minSpanS drops slivers left by rounding: nothing shorter is worth
// starting a sound for.
const minSpanS = 0.01

// Plan decides which spans of each answer to play: the whole recording,
// narrowed to the chosen sections, started at FromS, with long silences
// shortened. Answers with nothing left to play are skipped, with the reason.
func Plan(answers []Answer, o Options) ([]Item, []Skip) {
	var items []Item
	var skips []Skip
	for _, a := range answers {
		spans, reason := planAnswer(a, o)
		if reason != "" {
			skips = append(skips, Skip{Answer: a.Number, Reason: reason})
			continue
		}
		items = append(items, Item{Answer: a.Number, Spans: spans})
	}
	return items, skips
}

func planAnswer(a Answer, o Options) ([]Span, string) {
	if !(a.DurationS > 0) {
		return nil, "the recording is empty"
	}
	spans := []Span{{0, a.DurationS}}
	if len(o.Sections) > 0 {
		if a.Sections == nil {
			return nil, "it has no timed STAR check (transcribe the session first)"
		}
		var keep []Span
		for _, s := range a.Sections {
			if slices.Contains(o.Sections, s.Label) {
				keep = append(keep, s.Span)
			}
		}
		if len(keep) == 0 {
			return nil, "it has no " + sectionNames(o.Sections) + " section"
		}
		spans = intersect(spans, union(keep))
	}
	if o.FromS > 0 {
		if o.FromS >= a.DurationS {
			return nil, fmt.Sprintf("it is only %s long", timefmt.Clock(a.DurationS))
		}
		spans = intersect(spans, []Span{{o.FromS, a.DurationS}})
	}
	if o.SkipPauses {
		spans = subtract(spans, cuts(a))
	}
	spans = slices.DeleteFunc(spans, func(s Span) bool { return s.Len() < minSpanS })
	if len(spans) == 0 {
		if o.FromS > 0 {
			return nil, "nothing is left to play after --from " + timefmt.Clock(o.FromS)
		}
		return nil, "nothing is left to play"
	}
	return spans, ""
}

// cuts are the parts of an answer's silences that SkipPauses takes out.
func cuts(a Answer) []Span {
	if a.Speech.Len() <= 0 {
		return nil
	}
	var out []Span
	half := MaxPauseS / 2
	if a.Speech.StartS > MaxPauseS {
		out = append(out, Span{0, a.Speech.StartS - half})
	}
	for _, g := range a.Gaps {
		if g.Len() > MaxPauseS {
			out = append(out, Span{g.StartS + half, g.EndS - half})
		}
	}
	if a.DurationS-a.Speech.EndS > MaxPauseS {
		out = append(out, Span{a.Speech.EndS + half, a.DurationS})
	}
	return out
}

// union sorts spans and merges those that overlap or touch.
func union(spans []Span) []Span {
	s := slices.Clone(spans)
	slices.SortFunc(s, func(a, b Span) int { return cmpFloat(a.StartS, b.StartS) })
	var out []Span
	for _, sp := range s {
		if sp.Len() <= 0 {
			continue
		}
		if n := len(out); n > 0 && sp.StartS <= out[n-1].EndS {
			out[n-1].EndS = math.Max(out[n-1].EndS, sp.EndS)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// intersect keeps what is in both sorted, disjoint lists.
func intersect(a, b []Span) []Span {
	var out []Span
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		lo, hi := math.Max(a[i].StartS, b[j].StartS), math.Min(a[i].EndS, b[j].EndS)
		if lo < hi {
			out = append(out, Span{lo, hi})
		}
		if a[i].EndS < b[j].EndS {
			i++
		} else {
			j++
		}
	}
	return out
}

// subtract takes the cuts out of sorted, disjoint spans.
func subtract(spans, cut []Span) []Span {
	cut = union(cut)
	var out []Span
	for _, s := range spans {
		start := s.StartS
		for _, c := range cut {
			if c.EndS <= start || c.StartS >= s.EndS {
				continue
			}
			if c.StartS > start {
				out = append(out, Span{start, c.StartS})
			}
			start = math.Max(start, c.EndS)
		}
		if start < s.EndS {
			out = append(out, Span{start, s.EndS})
		}
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sectionNames(labels []star.Label) string {
	names := make([]string, len(labels))
	for i, l := range labels {
		names[i] = strings.ToLower(l.Name())
	}
	return strings.Join(names, " or ")
}

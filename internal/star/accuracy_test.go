package star

import (
	"fmt"
	"strings"
	"testing"
)

// scores accumulates agreement between predicted and true word labels.
type scores struct {
	answers      int
	words, right int
	truth        [4]int // words truly in each section
	predicted    [4]int // words predicted in each section
	hit          [4]int // words in each section predicted right
	presence     int    // (answer, section) pairs whose presence was right
	absent       int    // sections truly missing
	absentFound  int    // ... and reported missing
}

func (s *scores) add(truth, pred []Label) {
	s.answers++
	var tp, pp [4]bool
	for i := range truth {
		s.words++
		s.truth[truth[i]]++
		s.predicted[pred[i]]++
		tp[truth[i]] = true
		pp[pred[i]] = true
		if truth[i] == pred[i] {
			s.right++
			s.hit[truth[i]]++
		}
	}
	for l := range tp {
		if tp[l] == pp[l] {
			s.presence++
		}
		if !tp[l] {
			s.absent++
			if !pp[l] {
				s.absentFound++
			}
		}
	}
}

func (s *scores) agreement() float64 { return ratio(s.right, s.words) }
func (s *scores) presenceAcc() float64 {
	return ratio(s.presence, 4*s.answers)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *scores) String() string {
	var b strings.Builder
	falseMissing := 4*s.answers - s.presence - (s.absent - s.absentFound)
	fmt.Fprintf(&b, "words %.3f  presence %.3f (missing found %d/%d, present called missing %d)  |", s.agreement(), s.presenceAcc(), s.absentFound, s.absent, falseMissing)
	for l := S; l <= R; l++ {
		fmt.Fprintf(&b, "  %s recall %.2f prec %.2f", l, ratio(s.hit[l], s.truth[l]), ratio(s.hit[l], s.predicted[l]))
	}
	fmt.Fprintf(&b, "  (%d answers, %d words)", s.answers, s.words)
	return b.String()
}

// baselineLabels cuts an answer by fixed word shares, 15/10/55/20, the
// content-blind split the method has to beat.
func baselineLabels(n int) []Label {
	out := make([]Label, n)
	for i := range out {
		x := (float64(i) + 0.5) / float64(n)
		switch {
		case x < 0.15:
			out[i] = S
		case x < 0.25:
			out[i] = T
		case x < 0.80:
			out[i] = A
		default:
			out[i] = R
		}
	}
	return out
}

// minMargin is how far the method must beat the fixed-share baseline in
// word agreement: by a wide margin, or it is not worth its complexity.
const minMargin = 0.10

type evaluation struct {
	method, baseline scores
}

func evaluate(answers []labelledAnswer, pick func(labelledAnswer) (variant, bool)) evaluation {
	var ev evaluation
	for _, a := range answers {
		v, ok := pick(a)
		if !ok {
			continue
		}
		res := Check(v.tr, nil, nil)
		ev.method.add(v.labels, res.Labels)
		ev.baseline.add(v.labels, baselineLabels(len(v.labels)))
	}
	return ev
}

// TestAccuracy measures the check against the labelled set: word-level
// label agreement, per-section recall and precision, and whether each
// section's presence was judged right, beside the fixed-share baseline.
// Figures are given for the whole set, for the held-out answers alone
// (never looked at while the method was built; the floors hold there too)
// and for the training answers. The unpunctuated variants are made from
// the punctuated answers (lower case, no punctuation, about one word in
// twenty dropped; with or without word times) plus the answers written as
// an engine without punctuation gives them.
func TestAccuracy(t *testing.T) {
	answers := loadLabelled(t)
	var train, held []labelledAnswer
	for _, a := range answers {
		if a.heldOut {
			held = append(held, a)
		} else {
			train = append(train, a)
		}
	}
	punct := func(a labelledAnswer) (variant, bool) { return a.punctuatedVariant(), !a.engineLike() }
	unpunct := func(a labelledAnswer) (variant, bool) {
		if a.engineLike() {
			return a.punctuatedVariant(), true // already as an engine writes
		}
		return a.unpunctuatedVariant(false), true
	}
	unpunctTimed := func(a labelledAnswer) (variant, bool) { return a.unpunctuatedVariant(true), true }

	type row struct {
		name  string
		set   []labelledAnswer
		pick  func(labelledAnswer) (variant, bool)
		floor float64
	}
	rows := []row{
		{"punctuated", answers, punct, 0.85},
		{"unpunctuated lower-case, no times", answers, unpunct, 0.75},
		{"unpunctuated lower-case, word times", answers, unpunctTimed, 0.75},
		{"held-out punctuated", held, punct, 0.85},
		{"held-out unpunctuated, no times", held, unpunct, 0.75},
		{"held-out unpunctuated, word times", held, unpunctTimed, 0.75},
		{"training punctuated", train, punct, 0},
		{"training unpunctuated, no times", train, unpunct, 0},
		{"training unpunctuated, word times", train, unpunctTimed, 0},
	}
	var all scores
	for _, r := range rows {
		ev := evaluate(r.set, r.pick)
		t.Logf("%-38s method   %s", r.name, &ev.method)
		t.Logf("%-38s baseline %s", "", &ev.baseline)
		if r.floor > 0 {
			if got := ev.method.agreement(); got < r.floor {
				t.Errorf("%s: word agreement %.3f, want at least %.2f", r.name, got, r.floor)
			}
			if got := ev.method.presenceAcc(); got < 0.9 {
				t.Errorf("%s: presence accuracy %.3f, want at least 0.90", r.name, got)
			}
			if ev.method.agreement() < ev.baseline.agreement()+minMargin {
				t.Errorf("%s: word agreement %.3f is not %.2f over the fixed-share baseline %.3f", r.name, ev.method.agreement(), minMargin, ev.baseline.agreement())
			}
			all.answers += ev.method.answers
		}
	}
	if all.answers == 0 {
		t.Fatal("nothing evaluated")
	}
}

package replay

import (
	"math"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/star"
)

// answer is 20 s long: speech from 2 s to 18 s with pauses of 0.6 s, 3 s
// and 1.5 s, and sections S 2-5, T 5-8, A 8-15, R 15-18.
func answer() Answer {
	return Answer{
		Number:    1,
		DurationS: 20,
		Speech:    Span{2, 18},
		Gaps:      []Span{{4, 4.6}, {9, 12}, {15.5, 17}},
		Sections: []Section{
			{star.S, Span{2, 5}}, {star.T, Span{5, 8}}, {star.A, Span{8, 15}}, {star.R, Span{15, 18}},
		},
	}
}

func TestPlan(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want []Span
	}{
		{"whole", Options{}, []Span{{0, 20}}},
		{"from", Options{FromS: 7.5}, []Span{{7.5, 20}}},
		{"section", Options{Sections: []star.Label{star.A}}, []Span{{8, 15}}},
		{"sections merge when adjacent", Options{Sections: []star.Label{star.T, star.A}}, []Span{{5, 15}}},
		{"sections apart", Options{Sections: []star.Label{star.R, star.S}}, []Span{{2, 5}, {15, 18}}},
		// Lead-in 2 s cut to 0.5; the 0.6 s pause kept; 3 s cut to 1 (9.5
		// to 11.5 out); 1.5 s cut to 1 (16 to 16.5 out); the 2 s after the
		// last word cut to 0.5.
		{"skip pauses", Options{SkipPauses: true}, []Span{{1.5, 9.5}, {11.5, 16}, {16.5, 18.5}}},
		{"section and skip pauses", Options{Sections: []star.Label{star.A}, SkipPauses: true}, []Span{{8, 9.5}, {11.5, 15}}},
		{"from inside a cut", Options{FromS: 10, SkipPauses: true}, []Span{{11.5, 16}, {16.5, 18.5}}},
		{"from and section", Options{FromS: 10, Sections: []star.Label{star.A}}, []Span{{10, 15}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, skips := Plan([]Answer{answer()}, tt.o)
			if len(skips) != 0 || len(items) != 1 {
				t.Fatalf("items %v, skips %v", items, skips)
			}
			if !spansEqual(items[0].Spans, tt.want) {
				t.Errorf("spans %v, want %v", items[0].Spans, tt.want)
			}
		})
	}
}

func TestPlanSkipPausesShortensByTheCuts(t *testing.T) {
	items, _ := Plan([]Answer{answer()}, Options{SkipPauses: true})
	// 1.5 (lead-in) + 2 (the 3 s pause) + 0.5 (the 1.5 s one) + 1.5 (the end).
	if got := items[0].DurationS(); math.Abs(got-(20-5.5)) > 1e-9 {
		t.Errorf("plays %.3f s, want 14.5", got)
	}
}

func TestPlanSkips(t *testing.T) {
	untimed := answer()
	untimed.Number, untimed.Sections = 2, nil
	short := answer()
	short.Number, short.DurationS = 3, 5
	noResult := answer()
	noResult.Number, noResult.Sections = 4, noResult.Sections[:3]
	empty := Answer{Number: 5}
	items, skips := Plan([]Answer{answer(), untimed, short, noResult, empty}, Options{FromS: 6, Sections: []star.Label{star.R}})
	if len(items) != 1 || items[0].Answer != 1 {
		t.Fatalf("items %v", items)
	}
	want := map[int]string{2: "no timed STAR check", 3: "only 0:05 long", 4: "no result section", 5: "empty"}
	if len(skips) != len(want) {
		t.Fatalf("skips %v", skips)
	}
	for _, s := range skips {
		if !strings.Contains(s.Reason, want[s.Answer]) {
			t.Errorf("answer %d skipped for %q, want it to mention %q", s.Answer, s.Reason, want[s.Answer])
		}
	}
}

// Without speech found there is nothing to tell pauses by: all plays.
func TestPlanSkipPausesWithoutSpeech(t *testing.T) {
	a := Answer{Number: 1, DurationS: 4}
	items, _ := Plan([]Answer{a}, Options{SkipPauses: true})
	if !spansEqual(items[0].Spans, []Span{{0, 4}}) {
		t.Errorf("spans %v", items[0].Spans)
	}
}

func TestSubtractAndIntersect(t *testing.T) {
	got := subtract([]Span{{0, 10}, {12, 20}}, []Span{{9, 13}, {2, 3}, {15, 16}, {19, 25}})
	if want := []Span{{0, 2}, {3, 9}, {13, 15}, {16, 19}}; !spansEqual(got, want) {
		t.Errorf("subtract: %v, want %v", got, want)
	}
	got = intersect([]Span{{0, 5}, {6, 10}}, []Span{{4, 7}, {9, 12}})
	if want := []Span{{4, 5}, {6, 7}, {9, 10}}; !spansEqual(got, want) {
		t.Errorf("intersect: %v, want %v", got, want)
	}
}

func spansEqual(a, b []Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i].StartS-b[i].StartS) > 1e-9 || math.Abs(a[i].EndS-b[i].EndS) > 1e-9 {
			return false
		}
	}
	return true
}

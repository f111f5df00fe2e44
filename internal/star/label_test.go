package star

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

// pathScore is what the labelling objective gives a path of states.
func pathScore(score [][nStates]float64, units []unit, path []int) float64 {
	total := 0.0
	for i, s := range path {
		if i == 0 || path[i-1] != s {
			total -= enterCost[s]
			if i > 0 {
				total -= units[i].cost
			} else if s != stS && s != stLeadResult && s != stLeadTask {
				total -= openCost
			}
		}
		total += score[i][s]
	}
	return total
}

// bestByBruteForce tries every forward path of states.
func bestByBruteForce(score [][nStates]float64, units []unit) float64 {
	best := math.Inf(-1)
	path := make([]int, len(score))
	var walk func(i, from int)
	walk = func(i, from int) {
		if i == len(score) {
			best = math.Max(best, pathScore(score, units, path))
			return
		}
		for s := from; s < nStates; s++ {
			if s == stLeadTask && i > 0 && from != s {
				continue // a task told first opens the answer
			}
			path[i] = s
			walk(i+1, s)
		}
	}
	walk(0, 0)
	return best
}

// The labelling is the best forward path over all units, not a greedy
// choice unit by unit: checked against brute force on random evidence.
func TestViterbiFindsTheBestOrderedLabelling(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.Intn(7)
		score := make([][nStates]float64, n)
		units := make([]unit, n)
		for i := range score {
			for s := range score[i] {
				score[i][s] = rng.Float64()*10 - 5
			}
			units[i].cost = float64(rng.Intn(3))
		}
		path := viterbi(score, units)
		for i := 1; i < len(path); i++ {
			if path[i] < path[i-1] {
				t.Fatalf("trial %d: path %v goes back", trial, path)
			}
		}
		got := pathScore(score, units, path)
		if want := bestByBruteForce(score, units); math.Abs(got-want) > 1e-9 {
			t.Fatalf("trial %d: path %v scores %.3f, best is %.3f", trial, path, got, want)
		}
	}
}

func TestViterbiIsNotGreedy(t *testing.T) {
	// Unit by unit the best labels would be S A T R, which is out of order.
	score := [][nStates]float64{
		{stS: 5},
		{stA: 2, stT: 1.9, stTailAction: 2},
		{stT: 3},
		{stR: 5, stLeadResult: 5},
	}
	got := viterbi(score, make([]unit, 4))
	want := []int{stS, stT, stT, stR}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("states %v, want %v", got, want)
		}
	}
}

func TestLabellingOfWholeAnswers(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"full", answer(goodS, goodT, goodA, goodR), "STAR"},
		{"no task", answer(goodS, goodA, goodR), "SAR"},
		{"no situation", answer(goodT, goodA, goodR), "TAR"},
		{"no result", answer(goodS, goodT, goodA), "STA"},
		{"result first", answer("I once cut our cloud bill by thirty percent in a single quarter.", goodS, goodT, goodA, goodR), "RSTAR"},
		{"action after the result", answer(goodS, goodT, goodA, "As a result, the job went from six hours to forty minutes.", "Oh, and I also wrote a guide for the other teams, and I reviewed their batch jobs for a month. Then I set up a weekly report of job run times."), "STARA"},
		{"spoken labels outweigh cues", "Situation: I built the billing job years ago. Task: I wrote down what I had to fix. Action: our team had a meeting. Result: I learned that it was slow.", "STAR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantSections(t, tc.text, tc.want) })
	}
}

// wantSections checks text's sections in order ("STAR") and returns its
// check.
func wantSections(t *testing.T, text, want string) Result {
	t.Helper()
	r := checkText(text, nil)
	if got := sectionString(r); got != want {
		t.Errorf("sections %s, want %s", got, want)
		for _, s := range r.Sections {
			t.Logf("%s: %s", s.Label, s.Text)
		}
	}
	return r
}

// An answer may open with what the speaker had to achieve and give the
// context after it: the Task frame opens the answer and what follows is
// its Situation, so neither is missing. A first sentence that only
// mentions a goal among its context stays Situation.
func TestTaskToldFirst(t *testing.T) {
	task := "So my aim that winter was to keep every ward stocked with clean linen."
	context := "I was a supervisor at a hospital laundry that served six wards. Two of our four washers had broken down in the same week."
	action := "I moved the washing of theatre gowns to a partner laundry across town and I asked two staff to cover a night shift. Then I sorted the linen by urgency each morning and I phoned the wards before each delivery."
	result := "As a result, no ward ran out of linen in the six weeks before the new washers came, and the overtime cost fell by a third."
	for _, tc := range []struct {
		name, text, want string
	}{
		{"written", answer(task, context, action, result), "TSAR"},
		{"unpunctuated", strings.ToLower(strings.NewReplacer(".", "", ",", "").Replace(answer(task, context, action, result))), "TSAR"},
		{"goal mentioned in passing", answer("Last winter our goal of keeping the wards stocked was at risk, because two of our four washers had broken down in the same week.", "I was a supervisor at a hospital laundry that served six wards.", action, result), "SAR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := wantSections(t, tc.text, tc.want)
			if tc.want == "TSAR" && (has(r, "missing_situation") || has(r, "missing_task")) {
				t.Errorf("findings %v: the answer has its Task and its Situation", r.Findings)
			}
		})
	}
}

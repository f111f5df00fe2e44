package prompts

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

func ids(qs []Question) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.ID
	}
	return out
}

func TestPickIsDeterministicForASeed(t *testing.T) {
	lib := loadBuiltin(t)
	distinct := map[string]bool{}
	for seed := uint64(1); seed <= 20; seed++ {
		a, err := lib.Pick("amazon-lp", 5, Filter{}, seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		b, err := lib.Pick("amazon-lp", 5, Filter{}, seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(a), ids(b)) {
			t.Errorf("seed %d: %v then %v", seed, ids(a), ids(b))
		}
		distinct[strings.Join(ids(a), ",")] = true
	}
	if len(distinct) < 18 {
		t.Errorf("20 seeds gave only %d different picks", len(distinct))
	}
}

// A behavioral marathon: five questions, no question twice and no
// principle twice, for every seed tried.
func TestPickSpreadsOverPrinciples(t *testing.T) {
	lib := loadBuiltin(t)
	for seed := uint64(0); seed < 300; seed++ {
		qs, err := lib.Pick("amazon-lp", 5, Filter{}, seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		seenID, seenP := map[string]bool{}, map[string]bool{}
		for _, q := range qs {
			if seenID[q.ID] {
				t.Fatalf("seed %d: %s picked twice", seed, q.ID)
			}
			seenID[q.ID] = true
			for _, p := range q.Principles {
				if seenP[p] {
					t.Fatalf("seed %d: %q tested twice in %v", seed, p, ids(qs))
				}
				seenP[p] = true
			}
		}
	}
}

// With two principles asked for, both come up before either repeats.
func TestPickSpreadsOverFilteredPrinciples(t *testing.T) {
	lib := loadBuiltin(t)
	f := Filter{Principles: []string{"Ownership", "Dive Deep"}}
	for seed := uint64(0); seed < 100; seed++ {
		qs, err := lib.Pick("amazon-lp", 2, f, seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		var has [2]bool
		for _, q := range qs {
			if !f.Match(q) {
				t.Fatalf("seed %d: %s does not match the filter", seed, q.ID)
			}
			has[0] = has[0] || slices.Contains(q.Principles, "Ownership")
			has[1] = has[1] || slices.Contains(q.Principles, "Dive Deep")
		}
		if !has[0] || !has[1] {
			t.Fatalf("seed %d: %v miss one of the principles", seed, ids(qs))
		}
	}
}

func TestPickAllWithoutRepeats(t *testing.T) {
	lib := loadBuiltin(t)
	b, _ := lib.Bank("behavioral")
	qs, err := lib.Pick("behavioral", len(b.Questions), Filter{}, seeded(7))
	if err != nil {
		t.Fatal(err)
	}
	got := ids(qs)
	slices.Sort(got)
	want := ids(b.Questions)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("picking all gave %v", got)
	}
}

func TestPickLevel(t *testing.T) {
	lib := loadBuiltin(t)
	qs, err := lib.Pick("amazon-lp", 10, Filter{Level: LevelManager}, seeded(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Level != LevelManager && q.Level != LevelAny {
			t.Errorf("%s is for %s", q.ID, q.Level)
		}
	}
}

func TestPickRandomWithoutRNG(t *testing.T) {
	lib := loadBuiltin(t)
	qs, err := lib.Pick("openers", 2, Filter{}, nil)
	if err != nil || len(qs) != 2 || qs[0].ID == qs[1].ID {
		t.Errorf("Pick with no rng = %v, %v", ids(qs), err)
	}
}

func TestPickErrors(t *testing.T) {
	lib := loadBuiltin(t)
	b, _ := lib.Bank("amazon-lp")
	n := len(b.Select(Filter{Principles: []string{"Frugality"}, Level: LevelManager}))
	tests := []struct {
		bank string
		n    int
		f    Filter
		want string
	}{
		{"amazon-lp", 40, Filter{Principles: []string{"Frugality"}, Level: LevelManager},
			`bank "amazon-lp" has only ` + strconv.Itoa(n) + ` questions for "Frugality" at level manager; ask for ` + strconv.Itoa(n) + ` or fewer`},
		{"openers", 1, Filter{Principles: []string{"Frugality"}}, `bank "openers" has no questions for "Frugality"`},
		{"amazon-lp", 0, Filter{}, "ask for at least one question, not 0"},
		{"nope", 1, Filter{}, `no bank called "nope"`},
	}
	for _, tt := range tests {
		_, err := lib.Pick(tt.bank, tt.n, tt.f, seeded(1))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Pick(%s, %d, %v): %v; want %s", tt.bank, tt.n, tt.f, err, tt.want)
		}
	}
}

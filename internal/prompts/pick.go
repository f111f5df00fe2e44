package prompts

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Filter narrows a bank to the questions a practice run wants. The zero
// Filter keeps every question.
type Filter struct {
	// Principles keeps questions that test any of these (canonical names,
	// see MatchPrinciple); none keeps all.
	Principles []string
	// Level keeps questions for this level and those for any level; ""
	// or LevelAny keeps all.
	Level string
}

// Match reports whether q passes the filter.
func (f Filter) Match(q Question) bool {
	if len(f.Principles) > 0 && !slices.ContainsFunc(q.Principles, func(p string) bool { return slices.Contains(f.Principles, p) }) {
		return false
	}
	return f.Level == "" || f.Level == LevelAny || q.Level == LevelAny || q.Level == f.Level
}

// String describes the filter for messages: ` for "Ownership" at level senior`.
func (f Filter) String() string {
	var s strings.Builder
	if len(f.Principles) > 0 {
		s.WriteString(" for " + quotedList(f.Principles))
	}
	if f.Level != "" && f.Level != LevelAny {
		s.WriteString(" at level " + f.Level)
	}
	return s.String()
}

// Select returns the bank's questions that pass f, in the bank's order.
func (b *Bank) Select(f Filter) []Question {
	var out []Question
	for _, q := range b.Questions {
		if f.Match(q) {
			out = append(out, q)
		}
	}
	return out
}

// Pick chooses n different questions from bank at random among those that
// pass f, spreading them over as many principles as it can: a run of five
// Leadership Principle questions tests five different principles when the
// bank allows, so no story is needed twice. The same rng state gives the
// same questions; a nil rng is seeded at random.
func (l *Library) Pick(bank string, n int, f Filter, rng *rand.Rand) ([]Question, error) {
	b, err := l.Bank(bank)
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("ask for at least one question, not %d", n)
	}
	pool := b.Select(f)
	switch {
	case len(pool) == 0:
		return nil, fmt.Errorf("bank %q has no questions%s", bank, f)
	case len(pool) < n:
		return nil, fmt.Errorf("bank %q has only %d questions%s; ask for %d or fewer", bank, len(pool), f, len(pool))
	}
	if rng == nil {
		rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })

	// Greedily take the question whose principles have been asked least:
	// first by the most-asked of its principles, then by their total; the
	// shuffled order breaks ties.
	asked := map[string]int{}
	cost := func(q Question) (most, total int) {
		for _, p := range q.Principles {
			most = max(most, asked[p])
			total += asked[p]
		}
		return most, total
	}
	picked := make([]Question, 0, n)
	for len(picked) < n {
		best := 0
		bestMost, bestTotal := cost(pool[0])
		for i := 1; i < len(pool); i++ {
			if most, total := cost(pool[i]); most < bestMost || most == bestMost && total < bestTotal {
				best, bestMost, bestTotal = i, most, total
			}
		}
		q := pool[best]
		pool = slices.Delete(pool, best, best+1)
		for _, p := range q.Principles {
			asked[p]++
		}
		picked = append(picked, q)
	}
	return picked, nil
}

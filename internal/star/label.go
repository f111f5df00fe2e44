package star

import "math"

// How evidence is weighed. Cue weights come from the lexicon; these set
// what the lexicon cannot: a spoken section name, where in the answer a
// unit sits, and what it costs to open a section.
const (
	// spokenWeight makes a spoken section name ("Result: ...") outweigh
	// anything else a unit says.
	spokenWeight = 12
	// positionWeight is what one tenth of the answer outside a section's
	// usual place costs a unit of nominalUnit words (S opens, R closes, A
	// fills the middle). It is counted per word, so cutting the same words
	// into more units does not change it.
	positionWeight = 1.0
	nominalUnit    = 15
)

// The labelling is a path through these states, in this order. Besides
// S -> T -> A -> R (each optional) it allows a result told first ("I cut
// our bill by 30%; here is how"), a task told first with its context after
// it ("So my target that quarter was to save a renewal ... I was an
// account manager at ..."), and action told after the result, which the
// findings report.
const (
	stLeadResult = iota
	stLeadTask
	stS
	stT
	stA
	stR
	stTailAction
	nStates
)

var stateLabel = [nStates]Label{R, T, S, T, A, R, A}

// usual is where each state's units usually sit, as a fraction of the
// answer's words; coaches' shares are S 10-20%, T 10%, A 60%, R 20%.
var usual = [nStates][2]float64{
	stLeadResult: {0, 0.2},
	stLeadTask:   {0, 0.2},
	stS:          {0, 0.3},
	stT:          {0, 0.6},
	stA:          {0.2, 0.85},
	stR:          {0.7, 1},
	stTailAction: {0.5, 1},
}

// enterCost is what opening each state costs: a section needs some
// evidence before it is believed, the unusual orders need a lot. A task
// told first needs a Task frame ("my target was to", "I was asked to"),
// not a goal mentioned in passing, and costs one more than opening with
// the Task (openCost and T's enterCost): only context after it that is
// clearly a Situation ("I was an account manager at ...") pays for it, not
// a clause of the Task's own sentence ("... before the weekend, with the
// wrong part on the van").
var enterCost = [nStates]float64{
	stLeadResult: 4.5,
	stLeadTask:   3,
	stS:          0,
	stT:          1,
	stA:          0,
	stR:          0.5,
	stTailAction: 3,
}

// openCost is what it costs to open an answer with anything but its
// Situation (or a result told first, which has its own price), as much as
// a section change at a weak boundary costs: answers open with their
// context, so a first unit with no cue for any section is Situation, not
// the Task that follows it.
const openCost = 1

// evidence scores how much each unit looks like each section, from its
// cues and a spoken section name. Cues are matched across the whole
// sentence, so a weak boundary does not cut a phrase in two, and count for
// the unit where they start, once per unit.
func (l *Lexicon) evidence(toks []token, units []unit) [][4]float64 {
	ev := make([][4]float64, len(units))
	words, at := l.contentWords(toks)
	unitOf := make([]int, len(words))
	startOf := make([]int, len(units)) // first word of each unit
	for i := range startOf {
		startOf[i] = -1
	}
	u := 0
	for p, ti := range at {
		for u+1 < len(units) && ti >= units[u+1].from {
			u++
		}
		unitOf[p] = u
		if startOf[u] < 0 {
			startOf[u] = p
		}
	}
	seen := make(map[[2]int]bool)
	hear := newHearing(toks, at)
	for ci, c := range l.cues {
		for p := range words {
			u := unitOf[p]
			if seen[[2]int{u, ci}] {
				continue
			}
			if c.pat.atStart && !allLeadInWords(words[startOf[u]:p]) {
				continue
			}
			weight := c.weight
			end, ok := l.matchEnd(words, p, c.pat.words)
			if !ok && hear != nil {
				var alike float64
				end, alike, ok = l.alikeEnd(hear, words, p, c.pat.words)
				weight *= alike
			}
			if !ok || crossesSentence(toks, at, p, end) {
				continue
			}
			if c.section == R && notYet(toks, at, words, p) {
				continue
			}
			seen[[2]int{u, ci}] = true
			ev[u][c.section] += weight
		}
	}
	for i, un := range units {
		if un.said {
			ev[i][un.spoken] += spokenWeight
		}
	}
	return ev
}

func allLeadInWords(words []string) bool {
	for _, w := range words {
		if !leadIns[w] {
			return false
		}
	}
	return true
}

// notYetWords open a clause of what had not happened, or might: "before
// it went out", "if sales dropped", "unless the price rose".
var notYetWords = map[string]bool{"before": true, "if": true, "unless": true}

// notYet reports whether the Result cue at p sits in a clause opened, at
// most three words before it, by one of notYetWords: a change told there
// is the time or the condition of something else, not an outcome. "I had
// our treasurer check every number before it went out" is an Action;
// PocketSphinx's slt hears it as "... before it went down", and "went
// down" made it a Result.
func notYet(toks []token, at []int, words []string, p int) bool {
	for k := p - 1; k >= 0 && k >= p-3; k-- {
		if crossesSentence(toks, at, k, p+1) {
			return false
		}
		if notYetWords[words[k]] {
			// "before long" is "soon": "before long it dropped".
			return words[k] != "before" || words[k+1] != "long"
		}
	}
	return false
}

// crossesSentence reports whether the words [p, end) run over a full stop.
func crossesSentence(toks []token, at []int, p, end int) bool {
	for k := p; k < end-1; k++ {
		if toks[at[k]].sentEnd && at[k+1] != at[k] {
			return true
		}
	}
	return false
}

// placeCost is what it costs for a unit of n words at pos (a fraction of
// the answer) to be in state s.
func placeCost(s int, pos float64, n int) float64 {
	lo, hi := usual[s][0], usual[s][1]
	d := 0.0
	switch {
	case pos < lo:
		d = lo - pos
	case pos > hi:
		d = pos - hi
	}
	return positionWeight * d * 10 * float64(n) / nominalUnit
}

// label chooses the best ordered labelling of the units by dynamic
// programming: each unit takes its state's score, opening a state costs
// enterCost, and states only move forward.
func (l *Lexicon) label(toks []token, units []unit) ([]Label, [][4]float64) {
	n := len(units)
	if n == 0 {
		return nil, nil
	}
	total := 0
	for _, u := range units {
		total += len(u.words)
	}
	ev := l.evidence(toks, units)
	score := make([][nStates]float64, n)
	at := 0
	for i, u := range units {
		pos := 0.5
		if total > 0 {
			pos = (float64(at) + float64(len(u.words))/2) / float64(total)
		}
		at += len(u.words)
		for s := range score[i] {
			score[i][s] = ev[i][stateLabel[s]] - placeCost(s, pos, len(u.words))
		}
	}
	states := viterbi(score, units)
	out := make([]Label, n)
	for i, s := range states {
		out[i] = stateLabel[s]
	}
	return out, ev
}

// viterbi finds the forward-only path of states with the highest score.
func viterbi(score [][nStates]float64, units []unit) []int {
	n := len(score)
	best := make([][nStates]float64, n)
	from := make([][nStates]int, n)
	for s := 0; s < nStates; s++ {
		best[0][s] = score[0][s] - enterCost[s]
		if s != stS && s != stLeadResult && s != stLeadTask {
			best[0][s] -= openCost
		}
		from[0][s] = -1
	}
	for i := 1; i < n; i++ {
		for s := 0; s < nStates; s++ {
			best[i][s] = math.Inf(-1)
			for p := 0; p <= s; p++ {
				if s == stLeadTask && p != s {
					continue // a task told first opens the answer
				}
				v := best[i-1][p]
				if p != s {
					v -= enterCost[s] + units[i].cost
				}
				if v > best[i][s] {
					best[i][s], from[i][s] = v, p
				}
			}
			best[i][s] += score[i][s]
		}
	}
	end := 0
	for s := 1; s < nStates; s++ {
		if best[n-1][s] > best[n-1][end] {
			end = s
		}
	}
	out := make([]int, n)
	for i, s := n-1, end; i >= 0; i-- {
		out[i] = s
		s = from[i][s]
	}
	return out
}

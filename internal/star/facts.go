package star

import (
	"math"

	"sort"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/words"
)

// This file gathers the facts about a labelled answer: which sections it
// has and how much evidence each carries, what the Result says, who acted
// in the Action, whether it tells a story, how long it ran and how it was
// delivered. The findings (findings.go) and the score (score.go) are
// computed from these facts alone.

// facts are what the findings and the score are computed from.
type facts struct {
	present     [4]bool
	share       [4]float64
	words       [4]int
	total       int // words in the answer
	seconds     [4]float64
	timed       bool
	resultLast  bool
	hasNumber   bool
	hasOutcome  bool
	reflection  bool
	refFrom     int // the reflection's units [refFrom, refTo); -1 when none
	refTo       int
	refPhrase   string
	iAction     int
	weAction    int
	generic     int
	genericSeen []string
	pastActs    int
	fillers     int
	fillerKinds map[string]int
	// fillersNot says why the fillers were not measured; "" when they were.
	fillersNot string
	// unclear holds, for a missing section, the doubted words where it
	// would have been told: the engine may have misheard it rather than
	// the speaker left it out.
	unclear   [4]*unclearSpot
	perMin    float64
	durationS float64
	limitS    float64
	estimated bool
	verdict   string

	// evidence is each section's cue evidence: what the units given that
	// label say for it. A section placed by the order alone has none.
	evidence [4]float64
	// agreement is the share of the answer's cue evidence that its STAR
	// order kept: 1 when every unit sits in the section its words point
	// to; low when the order had to overrule them (sentences told out of
	// order, shuffled words); one half when nothing points anywhere.
	agreement float64
	// iActs and weActs count "I <did>" and "we <did>" in the Action: who
	// is said to have acted.
	iActs, weActs int

	// Delivery, from the analyzer's timing; audioTimed is false without
	// one.
	audioTimed bool
	firstWordS float64
	deadAir    []Pause
	overByS    float64
}

// gather collects the facts about the labelled answer and records the
// figures the result reports.
func (l *Lexicon) gather(t *transcript.Transcript, toks []token, units []unit, labels []Label, ev [][4]float64, res *Result, timing *Timing) *facts {
	a := &facts{timed: res.Timed, fillerKinds: map[string]int{}, total: len(toks)}
	for _, s := range res.Sections {
		a.present[s.Label] = true
		a.share[s.Label] += s.Share
		a.words[s.Label] += s.Words
		if res.Timed {
			a.seconds[s.Label] += s.EndS - s.StartS
		}
	}
	for l := S; l <= R; l++ {
		if !a.present[l] {
			res.Missing = append(res.Missing, l)
		}
	}
	a.resultLast = len(res.Sections) > 0 && res.Sections[len(res.Sections)-1].Label == R
	for l := S; l <= R; l++ {
		if !a.present[l] {
			a.unclear[l] = unclearWhere(toks, units, labels, l, res.Timed)
		}
	}
	a.evidence, a.agreement = weigh(ev, labels)

	// What the Result says, and who acted in the Action.
	var resultWords []string
	for i, u := range units {
		switch labels[i] {
		case R:
			resultWords = append(resultWords, u.words...)
		case A:
			for _, w := range u.words {
				switch l.Words().Actor(w) {
				case words.I:
					a.iAction++
				case words.We:
					a.weAction++
				}
			}
		}
	}
	for _, w := range resultWords {
		if l.isNumber(w) && w != "one" {
			a.hasNumber = true
		}
	}
	a.hasOutcome = l.anyMatch(resultWords, l.outcomes)
	a.refFrom, a.refTo, a.refPhrase = l.findReflection(toks, units, labels)
	a.reflection = a.refFrom >= 0

	// A story or a generality: hypothetical phrases against past actions,
	// leaving out the Result's reflection ("next time I would ...").
	generic := append([]pattern(nil), l.generic...)
	sort.SliceStable(generic, func(i, j int) bool { return len(generic[i].words) > len(generic[j].words) })
	for i, u := range units {
		if i >= a.refFrom && i < a.refTo {
			continue
		}
		// Longest phrase first, each word counted once: "I usually" is one.
		for p := 0; p < len(u.words); p++ {
			for _, g := range generic {
				if l.matchAt(u.words, p, g.words) {
					a.generic++
					a.genericSeen = appendUnique(a.genericSeen, g.source)
					p += len(g.words) - 1
					break
				}
			}
		}
		iActs := l.count(u.words, pattern{words: []string{"i", wAct}})
		weActs := l.count(u.words, pattern{words: []string{"we", wAct}})
		a.pastActs += iActs + weActs
		if labels[i] == A {
			a.iActs += iActs
			a.weActs += weActs
		}
	}

	// Length: the analyzer's timing when there is one, else the
	// transcript's, else an estimate from the words.
	a.limitS = DefaultLimitS
	if timing != nil && timing.LimitS > 0 {
		a.limitS = timing.LimitS
	}
	switch {
	case timing != nil && timing.DurationS > 0:
		a.durationS = timing.DurationS
	case t != nil && t.DurationS > 0:
		a.durationS = t.DurationS
	case res.Timed:
		a.durationS = toks[len(toks)-1].end
	default:
		a.durationS = float64(len(toks)) / EstimateWPM * 60
		a.estimated = true
	}
	a.verdict = ""
	if timing != nil {
		a.verdict = timing.Verdict
		a.deliveryFrom(timing)
	}
	if a.verdict == "" {
		// No analysis: the transcript's length, judged by the same rule
		// as a timed answer.
		d := analyze.DefaultOptions()
		a.verdict = analyze.Judge(true, a.durationS, a.limitS, d.ShortS, d.NearS)
	}

	// Fillers are counted by one rule, the speech figures' (the user's
	// word lists included); without them the check does not count its own
	// and says the fillers were not measured.
	if timing != nil && timing.Fillers != nil {
		a.fillers, a.perMin, a.fillersNot = timing.Fillers.Count, timing.Fillers.PerMin, timing.Fillers.NotMeasured
		if a.estimated && a.perMin == 0 && a.fillers > 0 && a.durationS > 0 {
			// A typed answer has no time to take a rate over: the rate is
			// over the length estimated from its words, said as "about".
			a.perMin = math.Round(float64(a.fillers)/(a.durationS/60)*10) / 10
		}
		for k, v := range timing.Fillers.Kinds {
			a.fillerKinds[k] = v
		}
	} else {
		a.fillersNot = NoSpeechFigures
	}

	res.DurationS = round2(a.durationS)
	res.Estimated = a.estimated
	if a.reflection {
		first, last := units[a.refFrom].from, units[a.refTo-1].to
		ref := Reflection{Present: true, Phrase: a.refPhrase, FirstWord: first, Words: last - first, timed: res.Timed}
		var text []string
		for _, tk := range toks[first:last] {
			text = append(text, tk.text)
		}
		ref.Text = strings.Join(text, " ")
		if res.Timed {
			ref.StartS, ref.EndS = toks[first].start, toks[last-1].end
		}
		res.Reflection = ref
	}
	res.Fillers = a.fillers
	res.FillersPerM = math.Round(a.perMin*10) / 10
	res.FillersNotMeasured = a.fillersNot
	res.IAction, res.WeAction = a.iAction, a.weAction
	return a
}

// unclearSpot is where the engine doubted the words a missing section
// would have been told in.
type unclearSpot struct {
	atS   float64 // the first doubted word's time (timed transcripts)
	timed bool
	words string // the doubted words as heard, up to a few
}

// Doubted words where a section is missing: at least unclearWords of them
// and unclearShare of their unit's words.
const (
	unclearWords = 2
	unclearShare = 0.2
)

// unclearWhere looks at where a missing section l would have been told:
// the last unit before it (of an earlier section) and the first after it
// (of a later one). When the engine doubted enough of the words of either,
// it returns them: the section may have been said and misheard.
func unclearWhere(toks []token, units []unit, labels []Label, l Label, timed bool) *unclearSpot {
	before, after := -1, -1
	for i := range units {
		if labels[i] < l {
			before = i
		} else if after < 0 {
			after = i
		}
	}
	for _, i := range []int{before, after} {
		if i < 0 {
			continue
		}
		u := units[i]
		var heard []string
		spot := &unclearSpot{timed: timed}
		n := 0
		for k := u.from; k < u.to; k++ {
			if !toks[k].doubted {
				continue
			}
			if n == 0 {
				spot.atS = toks[k].start
			}
			if n < 4 {
				heard = append(heard, toks[k].text)
			}
			n++
		}
		if n >= unclearWords && float64(n) >= unclearShare*float64(u.to-u.from) {
			spot.words = strings.Join(heard, " ")
			return spot
		}
	}
	return nil
}

// findReflection finds the closing lesson: the units of the Result, or
// the answer's last unit, that say one of the reflection phrases. It
// returns the units from the first such unit to the end of the sentence of
// the last (without punctuation, to the end of the Result), and the phrase
// that recognised the first; from is -1 when there is none. A lesson
// phrase in the Situation or the middle of the Action ("I realized the
// query was slow") tells the story rather than closing it.
func (l *Lexicon) findReflection(toks []token, units []unit, labels []Label) (from, to int, phrase string) {
	from = -1
	for i, u := range units {
		if labels[i] != R && i != len(units)-1 {
			continue
		}
		p, ok := l.firstMatch(u.words, l.reflection)
		if !ok {
			continue
		}
		if from < 0 {
			from, phrase = i, p
		}
		to = i + 1
	}
	for from >= 0 && to < len(units) && labels[to] == R && !toks[units[to-1].to-1].sentEnd {
		to++
	}
	return from, to, phrase
}

// firstMatch returns the source of the pattern that matches earliest in
// words (the longest one on a tie).
func (l *Lexicon) firstMatch(words []string, pats []pattern) (string, bool) {
	best, bestLen, found := len(words), 0, ""
	for _, p := range pats {
		at := l.find(words, p)
		if at < 0 {
			continue
		}
		if at < best || (at == best && len(p.words) > bestLen) {
			best, bestLen, found = at, len(p.words), p.source
		}
	}
	return found, found != ""
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func (l *Lexicon) anyMatch(words []string, pats []pattern) bool {
	for _, p := range pats {
		if l.find(words, p) >= 0 {
			return true
		}
	}
	return false
}

// isGeneric: the answer talks about what the speaker usually does rather
// than telling what happened once.
func (a *facts) isGeneric() bool {
	return a.generic >= 2 && a.generic >= a.pastActs
}

func (a *facts) situationLong() bool {
	if a.timed {
		return a.seconds[S] > maxSituationS
	}
	return a.wordSeconds(S) > maxSituationS
}

func (a *facts) wordSeconds(l Label) float64 {
	return float64(a.words[l]) / EstimateWPM * 60
}

// orderPrior is the cue evidence of two clear cues (see cueNeed).
const orderPrior = 2 * cueNeed

// weigh sums each section's evidence over the units labelled with it, and
// the share of all evidence the labelling kept: each unit's strongest
// positive evidence is what it could give, what its own label gets is what
// it gave.
func weigh(ev [][4]float64, labels []Label) (sec [4]float64, agreement float64) {
	could, gave := 0.0, 0.0
	for i, e := range ev {
		best := 0.0
		for _, v := range e {
			best = math.Max(best, v)
		}
		got := math.Max(0, e[labels[i]])
		sec[labels[i]] += got
		could += best
		gave += got
	}
	// Few cues say little about order: the share is pulled toward an even
	// chance by orderPrior cue points, which long answers hardly feel.
	agreement = (gave + orderPrior/2) / (could + orderPrior)
	return sec, agreement
}

// deliveryFrom takes the delivery facts from the analyzer's timing: when
// the first word came, and the long pauses inside the answer (the
// caller's Pauses; the silence before the first word is the start, not
// dead air).
func (a *facts) deliveryFrom(t *Timing) {
	if t.DurationS <= 0 {
		return
	}
	a.audioTimed = true
	a.firstWordS = t.SpeechStartS
	for _, p := range t.Pauses {
		if p.StartS >= t.SpeechStartS && (t.SpeechEndS <= 0 || p.StartS < t.SpeechEndS) {
			a.deadAir = append(a.deadAir, p)
		}
	}
	if a.durationS > a.limitS {
		a.overByS = a.durationS - a.limitS
	}
}

package star

import (
	"sort"
	"strings"
)

// A unit is the smallest stretch of an answer that gets one label: a
// sentence where the transcript has punctuation; where it has none, the
// stretch between pauses, discourse markers ("so", "then", "in the end")
// and the starts of new clauses. Each unit carries what it costs to open a
// section at its start: nothing after a full stop, a little after a marker,
// more where only a new subject suggests a clause. The labelling weighs
// that against the evidence, so a weak boundary is used only when the words
// on either side clearly belong to different sections.
type unit struct {
	from, to int      // tokens [from, to)
	words    []string // content words, for matching cues
	spoken   Label    // section named at its start ("Situation: ..."), if any
	said     bool     // whether spoken is set
	cost     float64  // cost of starting a new section at this unit
}

const (
	// minUnitWords keeps units long enough to carry evidence: boundaries
	// other than sentence ends and spoken names are this far apart at least.
	minUnitWords = 3
	// longSentence is where a punctuated sentence is cut like unpunctuated
	// speech: run-on sentences from engines that rarely put a full stop.
	longSentence = 40
	// inSentence is added to the cost of a boundary inside a sentence that
	// has its own punctuation: a section rarely changes mid-sentence.
	inSentence = 2.5
)

// Costs of opening a section at each kind of boundary.
const (
	costSentence = 0   // full stop, or a spoken section name
	costLongStop = 0   // a pause of a second or more
	costPause    = 0.5 // a pause long enough to be a break (0.6 s)
	costMarker   = 0.5 // "so", "then", "after that", "as a result" ...
	costBrief    = 1   // a short pause (briefPause) in a long stretch
	costSubject  = 1   // "i" or "we" opening a clause
	costNoun     = 1.5 // "the", "our", "nobody" after a word that ends a phrase
)

// briefPause is the shortest silence between words that may end a unit of
// unpunctuated speech: 250 ms, the threshold pause research has used since
// Goldman-Eisler for a pause a listener hears as one, longer than the
// closure of a stop consonant inside a phrase. An engine's word times end
// a little late, so a speaker's sentence break of a third of a second
// often measures under 0.35 s between the words.
const briefPause = 0.25

// punctuated reports whether the tokens carry sentence punctuation worth
// following: at least one sentence end per longSentence words.
func punctuated(toks []token) bool {
	n := countSentenceEnds(toks)
	return n > 0 && n*longSentence >= len(toks)
}

// splitUnits cuts the tokens into units.
func (l *Lexicon) splitUnits(toks []token) []unit {
	if len(toks) == 0 {
		return nil
	}
	punct := punctuated(toks)
	var cands []boundary
	add := func(at int, cost float64, hard bool) {
		if at > 0 && at < len(toks) {
			cands = append(cands, boundary{at, cost, hard})
		}
	}
	// Sentences; the whole text is one when there is no punctuation.
	sentences := [][2]int{{0, len(toks)}}
	if punct {
		sentences = sentences[:0]
		from := 0
		for i, t := range toks {
			if t.sentEnd || i == len(toks)-1 {
				sentences = append(sentences, [2]int{from, i + 1})
				add(i+1, costSentence, true)
				from = i + 1
			}
		}
	}
	for _, s := range sentences {
		for _, at := range l.labelStarts(toks, s, punct) {
			add(at, costSentence, true)
		}
		long := !punct || s[1]-s[0] > longSentence
		extra := 0.0
		if !long {
			extra = inSentence
		}
		for i := s[0] + 1; i < s[1]; i++ {
			switch p := toks[i].pause; {
			case p >= 1:
				add(i, extra+costLongStop, false)
			case p >= 0.6:
				add(i, extra+costPause, false)
			case p >= briefPause && long:
				add(i, costBrief, false)
			}
		}
		for _, at := range l.markerStarts(toks, s) {
			add(at, extra+costMarker, false)
		}
		if long {
			for _, b := range l.subjectStarts(toks, s) {
				add(b.at, b.cost, false)
			}
			for _, at := range l.nounStarts(toks, s) {
				add(at, costNoun, false)
			}
		}
	}
	return l.buildUnits(toks, chooseBoundaries(cands, len(toks)))
}

// boundary is a place a unit may start.
type boundary struct {
	at   int
	cost float64
	hard bool // a sentence end or spoken name: always taken
}

// chooseBoundaries keeps every hard boundary and, cheapest first, the
// others that leave minUnitWords words to each neighbour.
func chooseBoundaries(cands []boundary, n int) []boundary {
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].hard != cands[j].hard {
			return cands[i].hard
		}
		if cands[i].cost != cands[j].cost {
			return cands[i].cost < cands[j].cost
		}
		return cands[i].at < cands[j].at
	})
	taken := map[int]bool{}
	var out []boundary
	for _, c := range cands {
		if taken[c.at] {
			continue
		}
		if !c.hard {
			ok := c.at >= minUnitWords && n-c.at >= minUnitWords
			for _, o := range out {
				if d := c.at - o.at; d > -minUnitWords && d < minUnitWords {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
		}
		taken[c.at] = true
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out
}

// labelStarts finds spoken section names in s. With punctuation a name is
// followed by ':' (or is a sentence of its own, handled when units are
// built); without it, a name counts when it is not part of a phrase
// ("the result", "took action"), a clause follows, and, in timed speech,
// the speaker paused before it (see pausedBefore).
func (l *Lexicon) labelStarts(toks []token, s [2]int, punct bool) []int {
	var starts []int
	timed := hasTimes(toks)
	for i := s[0]; i < s[1]; i++ {
		if _, ok := l.labelWord(toks, i, punct, timed); ok {
			starts = append(starts, i)
		}
	}
	return starts
}

// notBeforeLabel are words that make a following section name part of a
// phrase rather than a spoken label.
var notBeforeLabel = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "our": true, "their": true,
	"his": true, "her": true, "your": true, "this": true, "that": true,
	"as": true, "of": true, "took": true, "take": true, "taking": true,
	"end": true, "final": true, "same": true, "every": true, "each": true,
	"in": true, "for": true, "to": true, "no": true, "any": true, "big": true,
	"real": true, "main": true, "whole": true,
}

// startsClause are words that can open the clause after a spoken label.
var startsClause = map[string]bool{
	"i": true, "we": true, "my": true, "our": true, "so": true, "the": true,
	"at": true, "in": true, "when": true, "it": true, "there": true, "this": true,
	"during": true, "after": true, "as": true, "first": true, "they": true,
	"last": true, "one": true, "a": true, "um": true, "uh": true, "okay": true,
}

// labelWord reports whether token i is a spoken section name.
func (l *Lexicon) labelWord(toks []token, i int, punct, timed bool) (Label, bool) {
	if len(toks[i].words) != 1 {
		return 0, false
	}
	lab, ok := l.labels[toks[i].words[0]]
	if !ok {
		return 0, false
	}
	prev := ""
	if i > 0 && len(toks[i-1].words) > 0 && !toks[i-1].sentEnd {
		prev = toks[i-1].words[len(toks[i-1].words)-1]
	}
	if notBeforeLabel[prev] || l.namesAfterParticiple(toks, i, timed) {
		return 0, false
	}
	if toks[i].colon || toks[i].sentEnd {
		return lab, true
	}
	if punct {
		return 0, false
	}
	if i+1 < len(toks) && len(toks[i+1].words) > 0 && startsClause[toks[i+1].words[0]] {
		return lab, true
	}
	return 0, false
}

// namesAfterParticiple reports whether the section name at token i is the
// noun of a phrase opened by a participle ("pending results", "mixed
// results", "the expected outcome"), the speaker not pausing between them
// (pausedBefore) where the transcript is timed. PocketSphinx hears slt's
// "each patient's risks, drips and pending results. I trialled it" as
// "... and pending results | i try", which is no Result.
func (l *Lexicon) namesAfterParticiple(toks []token, i int, timed bool) bool {
	if i == 0 || toks[i-1].sentEnd || len(toks[i-1].words) == 0 {
		return false
	}
	prev := toks[i-1].words[len(toks[i-1].words)-1]
	if !verbForm(prev) && !l.isPast(prev) {
		return false
	}
	return !timed || !l.pausedBefore(toks, i)
}

// pausedBefore reports whether the speaker paused (briefPause) before
// token i, or before the lead-ins and hesitations just before it, or i
// opens the answer or a sentence.
func (l *Lexicon) pausedBefore(toks []token, i int) bool {
	for i > 0 && l.onlyLeadIns(toks[i-1]) && toks[i].pause < briefPause && !toks[i-1].sentEnd {
		i--
	}
	return i == 0 || toks[i].pause >= briefPause || toks[i-1].sentEnd
}

// markerStarts finds where a discourse marker opens a new unit. A marker
// after "and" or a hesitation takes them along.
func (l *Lexicon) markerStarts(toks []token, s [2]int) []int {
	words, at := l.contentWords(toks[s[0]:s[1]])
	seen := map[int]bool{}
	var starts []int
	add := func(i int) {
		if !seen[i] && i > s[0] {
			seen[i] = true
			starts = append(starts, i)
		}
	}
	for p := range words {
		ti := s[0] + at[p]
		for _, m := range l.splitMarkers {
			if !l.matchAt(words, p, m.words) || !l.markerFits(words, p, len(m.words)) {
				continue
			}
			start := ti
			if p > 0 && (words[p-1] == "and" || words[p-1] == "but") {
				start = s[0] + at[p-1]
			}
			for start > s[0] && len(toks[start-1].words) > 0 && l.hesitations[toks[start-1].words[0]] {
				start--
			}
			add(start)
			break
		}
	}
	return starts
}

// markerFits rules out the readings of a marker that do not open a clause:
// "so much", "so that", "or so", "and then some".
func (l *Lexicon) markerFits(words []string, p, n int) bool {
	first := words[p]
	var prev, after string
	if p > 0 {
		prev = words[p-1]
	}
	if p+n < len(words) {
		after = words[p+n]
	}
	switch first {
	case "i", "we":
		// "before I decided", "because we needed": the clause goes on
		// (see subjectPrecursors); "and" and "but" are taken along
		// instead (markerStarts).
		if subjectPrecursors[prev] && !leadIns[prev] && prev != "then" {
			return false
		}
	case "so":
		// "so they could check", "so the demo would work": a purpose, not
		// a new clause.
		for k := p + n; k < len(words) && k <= p+n+3; k++ {
			switch words[k] {
			case "could", "would", "can", "will", "might", "couldn't", "wouldn't", "can't", "won't":
				return false
			}
		}
		if n == 1 {
			switch after {
			case "that", "much", "many", "far", "on", "long", "well", "to", "it", "bad", "good", "big", "slow", "fast", "hard", "easy", "":
				return false
			}
			if prev == "or" || prev == "think" || prev == "even" || prev == "not" || prev == "and" {
				return false
			}
		}
	case "then":
		if n == 1 && (prev == "since" || prev == "until" || prev == "by" || prev == "and" || after == "") {
			return false
		}
	case "first":
		if n == 1 && (prev == "the" || prev == "my" || prev == "our" || prev == "their" || prev == "at" || prev == "its" || after == "") {
			return false
		}
	case "next":
		if prev == "the" || after == "" || after == "week" || after == "day" || after == "morning" || after == "month" || after == "year" || after == "quarter" || after == "release" || after == "time" {
			return false
		}
	case "within":
		if n == 1 && (after == "" || !l.isNumber(after) && after != "a" && after != "two") {
			return false
		}
	case "but":
		if n == 1 && (prev == "not" || prev == "nothing" || prev == "anything" || after == "also") {
			return false
		}
	}
	return true
}

// subjectPrecursors are words after which "i" or "we" continue the same
// clause ("and i", "because we", "the tool that i").
var subjectPrecursors = map[string]bool{
	"and": true, "but": true, "so": true, "because": true, "that": true, "when": true,
	"if": true, "where": true, "which": true, "what": true, "how": true, "why": true,
	"as": true, "until": true, "before": true, "after": true, "while": true,
	"then": true, "since": true, "than": true, "once": true, "though": true,
	"although": true, "whether": true, "who": true, "or": true, "like": true,
	"think": true, "thought": true, "said": true, "knew": true, "know": true,
	"guess": true, "mean": true, "felt": true, "realized": true, "decided": true,
	"hoped": true, "wished": true, "sure": true, "time": true, "everything": true,
	"anything": true, "something": true, "way": true, "one": true, "thing": true,
	"things": true, "all": true, "unless": true, "did": true,
}

// subjectStarts finds where "i" or "we" opens a new clause in a long
// unpunctuated stretch, with its cost: after a word that ends a phrase, or
// (a little dearer) after "and" or "but", which speakers use to start
// sentences as often as to join clauses.
func (l *Lexicon) subjectStarts(toks []token, s [2]int) []boundary {
	var starts []boundary
	prev, prevAt := "", -1
	for i := s[0]; i < s[1]; i++ {
		for _, w := range toks[i].words {
			if l.hesitations[w] {
				continue
			}
			if (w == "i" || w == "we") && prev != "" && i > s[0] {
				switch {
				case prev == "and" || prev == "but":
					starts = append(starts, boundary{at: prevAt, cost: costSubject + 0.5})
				case !subjectPrecursors[prev]:
					starts = append(starts, boundary{at: i, cost: costSubject})
				}
			}
			prev, prevAt = w, i
		}
	}
	return starts
}

// nounStarters open a clause with a noun phrase or pronoun subject.
var nounStarters = map[string]bool{
	"the": true, "our": true, "my": true, "their": true, "his": true, "her": true,
	"its": true, "this": true, "these": true, "those": true, "they": true,
	"she": true, "he": true, "it": true, "nobody": true, "everyone": true,
	"everybody": true, "someone": true, "there": true,
}

// bindsForward are words after which a noun phrase continues the same
// clause: prepositions, conjunctions, auxiliaries and common verbs.
var bindsForward = map[string]bool{
	"to": true, "for": true, "with": true, "of": true, "in": true, "on": true,
	"at": true, "by": true, "from": true, "into": true, "onto": true, "about": true,
	"over": true, "under": true, "through": true, "across": true, "between": true,
	"after": true, "before": true, "during": true, "without": true, "against": true,
	"around": true, "than": true, "like": true, "as": true, "and": true, "or": true,
	"but": true, "so": true, "because": true, "that": true, "which": true,
	"where": true, "when": true, "while": true, "if": true, "is": true, "are": true,
	"be": true, "been": true, "being": true, "have": true, "has": true, "do": true,
	"does": true, "can": true, "could": true, "would": true, "should": true,
	"will": true, "may": true, "might": true, "must": true, "get": true,
	"make": true, "take": true, "use": true, "see": true, "run": true,
	"build": true, "fix": true, "change": true, "find": true, "keep": true,
	"show": true, "give": true, "send": true, "ask": true, "tell": true,
	"try": true, "need": true, "want": true, "help": true, "let": true,
	"put": true, "set": true, "read": true, "write": true, "all": true,
	"up": true, "out": true, "off": true, "down": true, "back": true, "what": true,
	"how": true, "why": true, "whether": true, "until": true, "since": true,
	"not": true, "just": true, "only": true, "even": true, "also": true,
	"then": true, "via": true, "per": true, "whole": true, "both": true, "either": true, "a": true, "an": true,
}

// verbForm recognises -ing forms and -en participles ("given", "written"),
// after which a noun phrase is an object, not a new subject.
func verbForm(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "en"))
}

// nounStarts finds where a noun phrase seems to open a new clause: "...
// override rules for them the model increased ...".
func (l *Lexicon) nounStarts(toks []token, s [2]int) []int {
	var starts []int
	prev, prev2 := "", ""
	for i := s[0]; i < s[1]; i++ {
		if len(toks[i].words) == 0 {
			continue
		}
		w := toks[i].words[0]
		if l.hesitations[w] {
			continue
		}
		// After "to" and a verb the noun phrase is the verb's object:
		// "my target was to save | the renewal" goes on as one clause.
		if nounStarters[w] && prev != "" && i > s[0] && !bindsForward[prev] && !l.isPast(prev) && !nounStarters[prev] && !verbForm(prev) && prev2 != "to" {
			starts = append(starts, i)
		}
		prev2, prev = prev, toks[i].words[len(toks[i].words)-1]
		if n := len(toks[i].words); n > 1 {
			prev2 = toks[i].words[n-2]
		}
	}
	return starts
}

// buildUnits cuts the tokens at the chosen boundaries, fills in the units'
// words and spoken labels, and folds units that say nothing on their own
// (a bare "Situation." or "Um, okay.") into the unit that follows.
func (l *Lexicon) buildUnits(toks []token, bounds []boundary) []unit {
	var units []unit
	timed := hasTimes(toks)
	pending := -1 // index in bounds of a unit to fold into the next
	for k := 0; k <= len(bounds); k++ {
		u := unit{from: 0, to: len(toks)}
		if k > 0 {
			u.from, u.cost = bounds[k-1].at, bounds[k-1].cost
		}
		if k < len(bounds) {
			u.to = bounds[k].at
		}
		if pending >= 0 {
			u.from = 0
			if pending > 0 {
				u.from, u.cost = bounds[pending-1].at, bounds[pending-1].cost
			}
		}
		u.words, _ = l.contentWords(toks[u.from:u.to])
		u.spoken, u.said = l.spokenLabel(toks, u, timed)
		if l.saysNothing(u) && k < len(bounds) {
			if pending < 0 {
				pending = k
			}
			continue
		}
		pending = -1
		if l.saysNothing(u) && len(units) > 0 {
			last := &units[len(units)-1]
			last.to = u.to
			last.words, _ = l.contentWords(toks[last.from:last.to])
			continue
		}
		units = append(units, u)
	}
	return units
}

// spokenLabel finds a section name at the start of a unit, after any
// lead-ins and hesitations ("Okay, um, situation: ...").
func (l *Lexicon) spokenLabel(toks []token, u unit, timed bool) (Label, bool) {
	for i := u.from; i < u.to; i++ {
		if l.onlyLeadIns(toks[i]) {
			continue
		}
		if len(toks[i].words) != 1 || !toks[i].colon && !toks[i].sentEnd && l.namesAfterParticiple(toks, i, timed) {
			return 0, false
		}
		lab, ok := l.labels[toks[i].words[0]]
		if !ok {
			return 0, false
		}
		if toks[i].colon || toks[i].sentEnd || i+1 == u.to {
			return lab, true
		}
		if next := toks[i+1]; len(next.words) > 0 && startsClause[next.words[0]] {
			return lab, true
		}
		return 0, false
	}
	return 0, false
}

func (l *Lexicon) onlyLeadIns(t token) bool {
	for _, w := range t.words {
		if !l.hesitations[w] && !leadIns[w] {
			return false
		}
	}
	return true
}

// saysNothing reports a unit with no words beyond a section name, lead-ins
// and hesitations.
func (l *Lexicon) saysNothing(u unit) bool {
	for _, w := range u.words {
		if _, isLabel := l.labels[w]; isLabel && u.said {
			continue
		}
		if !leadIns[w] {
			return false
		}
	}
	return true
}

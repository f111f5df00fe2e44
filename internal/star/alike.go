package star

import (
	"strings"
	"sync"

	"github.com/starcoach/starcoach/internal/phones"
	"github.com/starcoach/starcoach/internal/quality"
)

// Sound-alike cues. An engine that doubts a word often wrote another word
// that sounds like the one said: PocketSphinx hears "my goal was" as "my
// gold was", "I ran" as "iran". Where the engine doubted a word, a cue
// word may match it by its phones (see package phones), and the cue then
// counts as much as the two sound alike. A word the engine was sure of is
// only ever its own word: a sure "gold" is gold.
const (
	// alikeNeed is the least likeness for a sound-alike match of a word
	// the engine gave no chance of being right; alikePerConf raises it
	// with the engine's confidence, so that a word it nearly believed must
	// sound nearly the same (at the doubt line of 0.5, 0.85).
	alikeNeed    = 0.6
	alikePerConf = 0.5
	// alikeMinPhones: shorter cue words ("i", "to", "was") sound like too
	// many others to be matched by sound (but see rehear).
	alikeMinPhones = 3
)

// hearing is what a sound-alike match needs of an answer's content words.
type hearing struct {
	sounds *phones.Sounds
	// conf[p] is the engine's confidence in word p when it doubted it,
	// else -1: the word is only ever itself.
	conf []float64
	memo map[[2]string]float64
}

// newHearing returns the hearing of words, or nil when the engine doubted
// none of them (a typed answer, an engine without confidences): then
// every cue is matched word for word.
func newHearing(toks []token, at []int) *hearing {
	h := &hearing{conf: make([]float64, len(at)), memo: map[[2]string]float64{}}
	any := false
	for p, ti := range at {
		h.conf[p] = -1
		if toks[ti].doubted {
			h.conf[p] = toks[ti].conf
			any = true
		}
	}
	if !any || mostlyDoubted(toks) {
		return nil
	}
	h.sounds = defaultSounds()
	return h
}

// mostlyDoubted reports whether the engine doubted more of the words than
// the transcript gate allows (quality.UnsureShare). Such a transcript is
// not judged, and its sections are found word for word: with most words
// doubted, words that sound like cues are mostly chance (on the spoken
// benchmark's room and espeak-ng recordings, matching them by sound cut
// the time agreement of the sections shown from 0.67 to 0.48).
func mostlyDoubted(toks []token) bool {
	n := 0
	for _, t := range toks {
		if t.doubted {
			n++
		}
	}
	return float64(n) > quality.UnsureShare*float64(len(toks))
}

// defaultSounds is read once, on the first doubted word.
var defaultSounds = sync.OnceValue(phones.Default)

func (h *hearing) alike(heard, said []string) float64 {
	k := [2]string{strings.Join(heard, " "), strings.Join(said, " ")}
	if v, ok := h.memo[k]; ok {
		return v
	}
	v := h.sounds.Alike(heard, said)
	if h.sounds.Phones(said) < alikeMinPhones {
		v = 0
	}
	h.memo[k] = v
	return v
}

// need is the likeness a doubted word at p needs.
func (h *hearing) need(p int) float64 { return alikeNeed + alikePerConf*h.conf[p] }

// alikeEnd is matchEnd with sound-alike words: it reports where pat
// matches words from p with at least one word matched by sound, and how
// strongly (the least likeness of those words). At least one of the
// phrase's words must be heard as it is, so a one-word cue ("reduced",
// "won") is never matched by sound: a sentence the engine heard badly has
// several doubted words, and with a hundred one-word cues one of them
// nearly always sounds like something ("released" like "reduced",
// "updated" like "renewed"). On Flite's slt voice that turned Situation
// and Action sentences into Results; a word heard as said beside the
// doubted one ("my gold was") is what makes a sound-alike more than
// chance.
func (l *Lexicon) alikeEnd(h *hearing, words []string, p int, pat []string) (int, float64, bool) {
	end, s, exact, ok := l.alikeFrom(h, words, p, pat, 1, 0)
	if !ok || s == 1 || exact == 0 {
		return 0, 0, false
	}
	return end, s, true
}

func special(w string) bool {
	switch w {
	case wAny, wGap, wNum, wPast, wAct, wIng:
		return true
	}
	return false
}

// alikeFrom matches pat from p; s is the least likeness so far, exact the
// literal words heard as they are.
func (l *Lexicon) alikeFrom(h *hearing, words []string, p int, pat []string, s float64, exact int) (int, float64, int, bool) {
	if len(pat) == 0 {
		return p, s, exact, true
	}
	pw := pat[0]
	if pw == wGap {
		for skip := 0; skip <= maxGap && p+skip <= len(words); skip++ {
			if end, s2, e2, ok := l.alikeFrom(h, words, p+skip, pat[1:], s, exact); ok {
				return end, s2, e2, true
			}
		}
		return 0, 0, 0, false
	}
	if p >= len(words) {
		return 0, 0, 0, false
	}
	if l.wordMatches(words[p], pw) {
		e := exact
		if !special(pw) {
			e++
		}
		return l.alikeFrom(h, words, p+1, pat[1:], s, e)
	}
	if special(pw) {
		return 0, 0, 0, false
	}
	// One heard word for one said: "gold" for "goal".
	if h.conf[p] >= 0 {
		if v := h.alike(words[p:p+1], pat[:1]); v >= h.need(p) {
			if end, s2, e2, ok := l.alikeFrom(h, words, p+1, pat[1:], min(s, v), exact); ok {
				return end, s2, e2, true
			}
		}
	}
	// Two heard for one said: "checked out" for "checkout".
	if p+1 < len(words) && h.conf[p] >= 0 && h.conf[p+1] >= 0 {
		if v := h.alike(words[p:p+2], pat[:1]); v >= max(h.need(p), h.need(p+1)) {
			if end, s2, e2, ok := l.alikeFrom(h, words, p+2, pat[1:], min(s, v), exact); ok {
				return end, s2, e2, true
			}
		}
	}
	// One heard for two said: "iran" for "i ran".
	if h.conf[p] >= 0 && len(pat) > 1 && !special(pat[1]) {
		if v := h.alike(words[p:p+1], pat[:2]); v >= h.need(p) {
			if end, s2, e2, ok := l.alikeFrom(h, words, p+1, pat[2:], min(s, v), exact); ok {
				return end, s2, e2, true
			}
		}
	}
	return 0, 0, 0, false
}

// rehear reads again, before anything is matched, a doubted word that is
// "I" run into the consonant before it, where the sentence needs an "I":
// PocketSphinx hears "... coming back. I sorted the pile" as "coming back
// by sorted the pie hole". The word must sound like "I" after one
// consonant ("by", "my") and be followed by a past action ("sorted"),
// and the engine must have doubted one of the two: a sure "caused by
// trained staff" stays as it is. The transcript's text is left as heard.
//
// After a pause, where a clause starts, the engine need not have doubted
// either word: "... did not show up. | I phoned the volunteers" is heard
// as "by phone to the volunteers" with both words sure, and "by" cannot
// open a clause before a verb. There the word must be one that does not
// open a clause of its own ("by", "buy", not "my" or "why") and the word
// after it must not begin what "by" is followed by when it does (a
// noun phrase, a time, a number, an -ing form: "by the end", "by then",
// "by six", "by doing").
//
// "I'd", "I've" or "I'll" that the engine doubted is read as "I", and the
// verb after it as doubted: PocketSphinx runs the next word's first
// consonant into an "I" it is unsure of, "first I pulled a week of
// traces" heard as "first i'd put older week", "I also knocked" as "i've
// also knocked", "I listened" as "i'll listen". In the spoken benchmark's
// training transcripts every such contraction was an "I" (6 "i'd", 3
// "i've", 1 "i'll", all doubted; none of the answers says them). A sure
// one ("next time I'd ask") is left as it is, and a habit read back ("i'd
// tend to" for "I tend to") stays a habit.
func (l *Lexicon) rehear(toks []token) {
	if mostlyDoubted(toks) {
		return
	}
	timed := hasTimes(toks)
	var sounds *phones.Sounds
	reheard := map[int]bool{}
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if len(t.words) != 1 || len(toks[i+1].words) == 0 {
			continue
		}
		if t.doubted && runInI[t.words[0]] {
			toks[i].words = []string{"i"}
			reheard[i] = true
			continue
		}
		next := toks[i+1].words[0]
		doubtedPast := (t.doubted || toks[i+1].doubted) && l.isPast(next) && !l.stativePast[next]
		clauseStart := timed && (i == 0 || toks[i].pause >= briefPause || toks[i-1].sentEnd) &&
			!opensClause[t.words[0]] && !l.afterBy(next)
		if !doubtedPast && !clauseStart {
			continue
		}
		if l.opensTaskFrame(toks[i:]) {
			continue
		}
		if sounds == nil {
			sounds = defaultSounds()
		}
		if sounds.EndsWith(t.words[0], "i") {
			toks[i].words = []string{"i"}
			reheard[i] = true
		}
	}
	l.rehearPastEnding(toks, reheard)
}

// opensTaskFrame reports whether a Task cue that opens with the first
// token's word as heard ("my * ~ was to") matches from it: then "my" is
// the possessive of the clause's subject, not "I" run into a consonant.
// PocketSphinx hears "so my target that quarter was to save" as "so my
// targeted quarter was to save"; the doubted "targeted" looks like a
// deed after "my", but "I targeted quarter was to" is no clause, and the
// frame is the shape of a Task whatever its noun was heard as.
func (l *Lexicon) opensTaskFrame(toks []token) bool {
	if len(toks) == 0 || len(toks[0].words) != 1 {
		return false
	}
	words, _ := l.contentWords(toks[:min(len(toks), 12)])
	for _, c := range l.cues {
		if c.section == T && len(c.pat.words) > 2 && c.pat.words[0] == toks[0].words[0] && l.matchAt(words, 0, c.pat.words) {
			return true
		}
	}
	return false
}

// rehearPastEnding reads a doubted verb after "I" or "we" in its past
// tense where the engine dropped the ending: the past "-d" after a vowel
// or a voiced consonant is a short, unstressed sound that runs into the
// next word, and PocketSphinx hears "I arranged a fresh survey" as "I
// arrange the fresh survey". The word must be doubted, must not be a past
// tense already, and its "-d" or "-ed" form must be a past action in the
// pronouncing dictionary ("arranged", not "willed" from "I will", nor a
// state, "I need" -> "needed"). "I tend to", "we try to" are a habit or a
// plan, not a deed, and are left as they are: a generic answer stays
// generic. An "I" read again from "by" (see rehear) counts as a doubt on
// the verb after it: the engine misheard the pair, "I grabbed a notebook"
// as "by grab the notebook".
func (l *Lexicon) rehearPastEnding(toks []token, reheard map[int]bool) {
	var sounds *phones.Sounds
	for i := 0; i+1 < len(toks); i++ {
		next := toks[i+1]
		if len(toks[i].words) != 1 || len(next.words) != 1 || !next.doubted && !reheard[i] {
			continue
		}
		if who := toks[i].words[0]; who != "i" && who != "we" {
			continue
		}
		w := next.words[0]
		if len(w) < 4 || notDeeds[w] || l.isPast(w) || l.hesitations[w] {
			continue
		}
		if i+2 < len(toks) && len(toks[i+2].words) > 0 && toks[i+2].words[0] == "to" {
			continue
		}
		if sounds == nil {
			sounds = defaultSounds()
		}
		// "arrange" -> "arranged", "finish" -> "finished", "grab" ->
		// "grabbed".
		for _, past := range []string{w + "d", w + "ed", w + w[len(w)-1:] + "ed"} {
			if l.isPast(past) && !l.stativePast[past] && sounds.Known(past) {
				toks[i+1].words = []string{past}
				break
			}
		}
	}
}

// notDeeds follow "I" without being something done, whatever their "-ed"
// form is: modals and the verbs of a habit.
var notDeeds = map[string]bool{
	"will": true, "would": true, "could": true, "should": true, "might": true,
	"must": true, "shall": true, "tend": true, "usually": true, "always": true,
	"often": true, "generally": true, "normally": true, "typically": true,
}

// runInI are the contractions of "I" that the engine hears when it runs
// the next word's first consonant into an "I" (see rehear).
var runInI = map[string]bool{"i'd": true, "i've": true, "i'll": true}

// opensClause are words that sound like "I" after a consonant and open a
// clause of their own ("my manager asked", "why it mattered").
var opensClause = map[string]bool{"my": true, "why": true, "hi": true}

// byFollowers begin what follows "by" when it is meant: "by the end",
// "by then", "by far".
var byFollowers = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true,
	"those": true, "then": true, "now": true, "far": true, "all": true,
	"each": true, "every": true, "some": true, "most": true, "no": true,
	"any": true, "mid": true, "early": true, "late": true, "next": true,
	"last": true, "what": true, "how": true, "which": true, "our": true,
	"my": true, "their": true, "his": true, "her": true, "its": true,
	"your": true, "them": true, "us": true, "me": true, "him": true,
	"it": true, "way": true, "and": true, "or": true, "of": true, "to": true,
	"in": true, "on": true, "at": true, "for": true, "with": true, "end": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "noon": true,
	"midnight": true, "tomorrow": true, "tonight": true, "hand": true,
	"email": true,
}

// afterBy reports whether w can follow "by" as a preposition.
func (l *Lexicon) afterBy(w string) bool {
	return byFollowers[w] || l.isNumber(w) || l.hesitations[w] || len(w) > 4 && strings.HasSuffix(w, "ing")
}

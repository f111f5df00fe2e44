package star

import (
	"strings"

	"github.com/starcoach/starcoach/internal/words"
)

// leadIns may come before a unit's first real word without moving it:
// "And so first I ..." still starts with "first I".
var leadIns = map[string]bool{
	"and": true, "but": true, "okay": true, "ok": true, "well": true, "yeah": true,
	"yes": true, "right": true, "alright": true, "anyway": true, "now": true,
	"like": true, "so": true, "oh": true,
}

// maxGap is how many words "~" in a phrase may skip.
const maxGap = 3

// contentWords returns the words of toks for matching: hesitations
// dropped, a word repeated straight away ("I, uh, I went") kept once.
// at[i] is the index in toks of words[i].
func (l *Lexicon) contentWords(toks []token) (words []string, at []int) {
	for i, t := range toks {
		for _, w := range t.words {
			if l.hesitations[w] {
				continue
			}
			if n := len(words); n > 0 && words[n-1] == w && !l.isNumber(w) {
				continue
			}
			words = append(words, w)
			at = append(at, i)
		}
	}
	return words, at
}

// find returns where pat first matches in words, or -1.
func (l *Lexicon) find(words []string, pat pattern) int {
	for p := range words {
		if pat.atStart && p > 0 && !leadIns[words[p-1]] {
			// Every word before p must be a lead-in.
			break
		}
		if l.matchAt(words, p, pat.words) {
			return p
		}
	}
	return -1
}

// count returns how many times pat matches in words without overlapping.
func (l *Lexicon) count(words []string, pat pattern) int {
	n := 0
	for p := 0; p < len(words); p++ {
		if pat.atStart && p > 0 && !leadIns[words[p-1]] {
			break
		}
		if l.matchAt(words, p, pat.words) {
			n++
			p += len(pat.words) - 1
		}
	}
	return n
}

func (l *Lexicon) matchAt(words []string, p int, pat []string) bool {
	_, ok := l.matchEnd(words, p, pat)
	return ok
}

// matchEnd reports whether pat matches words from p, and where the match
// ends (exclusive).
func (l *Lexicon) matchEnd(words []string, p int, pat []string) (int, bool) {
	if len(pat) == 0 {
		return p, true
	}
	if pat[0] == wGap {
		for skip := 0; skip <= maxGap && p+skip <= len(words); skip++ {
			if end, ok := l.matchEnd(words, p+skip, pat[1:]); ok {
				return end, true
			}
		}
		return 0, false
	}
	if p >= len(words) || !l.wordMatches(words[p], pat[0]) {
		return 0, false
	}
	// "I used the spare room" is a deed, "I used to" a habit.
	if pat[0] == wAct && words[p] == "used" && p+1 < len(words) && words[p+1] == "to" {
		return 0, false
	}
	return l.matchEnd(words, p+1, pat[1:])
}

func (l *Lexicon) wordMatches(w, pw string) bool {
	switch pw {
	case wAny:
		return true
	case wNum:
		return l.isNumber(w)
	case wPast:
		return l.isPast(w)
	case wAct:
		return l.isPast(w) && !l.stativePast[w]
	case wIng:
		return len(w) > 5 && strings.HasSuffix(w, "ing")
	case "i", "we":
		// A pronoun the user added ("ive" from an engine that drops
		// apostrophes) reads as "i" or "we" in every cue; the built-in
		// forms ("i'd", "myself") keep the cues that name them.
		if w != pw && words.Default().Person(w) == words.None {
			a := l.Words().Actor(w)
			return a == words.I && pw == "i" || a == words.We && pw == "we"
		}
	}
	return w == pw
}

// isPast recognises a past-tense verb: an irregular one from the lexicon or
// a regular -ed form ("needed", "decided"), but not "need" or "hundred".
func (l *Lexicon) isPast(w string) bool {
	if l.irregularPast[w] || l.stativePast[w] {
		return true
	}
	if len(w) < 5 || !strings.HasSuffix(w, "ed") {
		return false
	}
	switch {
	case strings.HasSuffix(w, "eed"):
		return w == "agreed" || w == "freed" || w == "guaranteed"
	case w == "hundred", w == "kindred", w == "naked", w == "wicked", w == "sacred":
		return false
	}
	return true
}

// Package words holds the word lists more than one measure of an answer
// reads, so that they count the same words: the first-person pronouns
// (who acts in a clause, "I" or "we"), the numbers spelled out and the
// multipliers. The speech figures, the STAR check, the follow-up probes and
// the check of a follow-up reply all read one Lists, so a word the user adds
// to or ignores in their speech-words.toml changes every figure that uses
// it.
package words

import (
	"strings"
	"sync"
)

// Actor is who a subject pronoun puts in charge.
type Actor uint8

// Actors.
const (
	None Actor = iota
	I          // the speaker alone
	We         // the team
)

// Kind names one of the lists.
type Kind uint8

// The lists, by the key they have in a word-list file.
const (
	FirstSingular Kind = iota // first_singular: "i", "me", "my" ...
	FirstPlural               // first_plural: "we", "us", "our" ...
	NumberWords               // number_words: "forty", "hundred" ...
	Multipliers               // multipliers: "twice", "tenfold" ...
	kinds
)

// Built-in lists.
var defaults = [kinds][]string{
	FirstSingular: {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"},
	FirstPlural:   {"we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"},
	// "one" alone is rarely a figure ("one of the engineers"); the
	// measures that count numbers say how they treat it.
	NumberWords: append(append(append([]string(nil), ones[:]...), tens[:]...),
		"hundred", "thousand", "million", "billion", "trillion",
		"dozen", "dozens", "hundreds", "thousands", "millions", "half"),
	// Words that are a measurement by themselves.
	Multipliers: {
		"twice", "thrice", "double", "doubled", "triple", "tripled", "quadrupled",
		"halved", "tenfold", "hundredfold",
	},
}

// ones are the number words under twenty, each at its value; tens are
// twenty to ninety, tens[i] being (i+2)*10.
var (
	ones = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tens = [...]string{"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)

// Ones returns the number words under twenty with their values, for a
// measure that reads what a number is worth rather than only that one
// was said. The map is new on every call.
func Ones() map[string]int64 {
	m := make(map[string]int64, len(ones))
	for v, w := range ones {
		m[w] = int64(v)
	}
	return m
}

// Tens returns "twenty" to "ninety" with their values, as Ones does.
func Tens() map[string]int64 {
	m := make(map[string]int64, len(tens))
	for i, w := range tens {
		m[w] = int64(i+2) * 10
	}
	return m
}

// notActing are the object and possessive forms: they say who was involved
// ("helped me", "our service"), not who acted, so a pronoun list may hold
// them for a share of "I" against "we" while Actor leaves them out.
var notActing = map[string]bool{"me": true, "my": true, "mine": true, "us": true, "our": true, "ours": true}

// Lists are the word lists. Build one with Default and Clone; the lists of
// Default are shared and must not be changed.
type Lists struct {
	sets [kinds]map[string]bool
}

var (
	defaultOnce  sync.Once
	defaultLists *Lists
)

// Default returns the built-in lists. It is shared: Clone it to change it.
func Default() *Lists {
	defaultOnce.Do(func() {
		l := &Lists{}
		for k := range l.sets {
			l.sets[k] = map[string]bool{}
			l.Add(Kind(k), defaults[k])
		}
		defaultLists = l
	})
	return defaultLists
}

// Clone returns a copy that can be changed.
func (l *Lists) Clone() *Lists {
	out := &Lists{}
	for k, s := range l.sets {
		out.sets[k] = make(map[string]bool, len(s))
		for w := range s {
			out.sets[k][w] = true
		}
	}
	return out
}

// Add adds entries to the list k; they are normalised as Normalize does,
// and blank ones are left out.
func (l *Lists) Add(k Kind, entries []string) {
	for _, e := range entries {
		if w := Normalize(strings.TrimSpace(e)); w != "" {
			l.sets[k][w] = true
		}
	}
}

// Remove takes the word w out of every list.
func (l *Lists) Remove(w string) {
	w = Normalize(w)
	for _, s := range l.sets {
		delete(s, w)
	}
}

// Has reports whether the normalised word w is in the list k.
func (l *Lists) Has(k Kind, w string) bool { return l.sets[k][w] }

// Person says whose the normalised word w is: I for a first-person
// singular pronoun in any form ("i", "me", "my"), We for a plural one.
func (l *Lists) Person(w string) Actor {
	switch {
	case l.sets[FirstSingular][w]:
		return I
	case l.sets[FirstPlural][w]:
		return We
	}
	return None
}

// Actor says who the normalised word w, as a subject, puts in charge: a
// pronoun of the lists other than an object or possessive form ("me",
// "our"), which says who was involved rather than who acted.
func (l *Lists) Actor(w string) Actor {
	if notActing[w] {
		return None
	}
	return l.Person(w)
}

// Number reports whether the normalised word w is a number spelled out.
func (l *Lists) Number(w string) bool { return l.sets[NumberWords][w] }

// Multiplier reports whether the normalised word w is a measurement by
// itself ("twice").
func (l *Lists) Multiplier(w string) bool { return l.sets[Multipliers][w] }

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// Normalize returns a word as the lists hold it: lower case, curly
// apostrophes straightened.
func Normalize(s string) string {
	return strings.ToLower(apostrophes.Replace(s))
}

// ActorOf is Default().Actor(w).
func ActorOf(w string) Actor { return Default().Actor(w) }

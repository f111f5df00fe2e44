package star

import "github.com/starcoach/starcoach/internal/transcript"

// Says is what a short reply says, for judging it against the push it
// answers rather than as a STAR answer.
type Says struct {
	Words int
	// IActs counts "I <did>": the speaker acting, in the past tense.
	IActs int
	// I and We count the pronouns.
	I, We int
	// Lesson is the first lesson phrase said ("i learned", "next time i
	// would"), "" for none.
	Lesson string
}

// Reply reads a reply with the lexicon (nil: the built-in one).
func Reply(t *transcript.Transcript, lex *Lexicon) Says {
	if lex == nil {
		lex = DefaultLexicon()
	}
	toks, _ := tokenize(t)
	words, _ := lex.contentWords(toks)
	s := Says{Words: len(toks), IActs: lex.count(words, pattern{words: []string{"i", wAct}})}
	for _, w := range words {
		switch w {
		case "i", "i'd", "i'll", "i've", "i'm", "myself":
			s.I++
		case "we", "we'd", "we'll", "we've", "we're", "ourselves":
			s.We++
		}
	}
	s.Lesson, _ = lex.firstMatch(words, lex.reflection)
	return s
}

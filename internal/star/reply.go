package star

import (
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/words"
)

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
	content, _ := lex.contentWords(toks)
	s := Says{Words: len(toks), IActs: lex.count(content, pattern{words: []string{"i", wAct}})}
	for _, w := range content {
		switch lex.Words().Actor(w) {
		case words.I:
			s.I++
		case words.We:
			s.We++
		}
	}
	s.Lesson, _ = lex.firstMatch(content, lex.reflection)
	return s
}

package star

// Phrase is one cue phrase compiled in the lexicon's phrase syntax (#num,
// #act, #past, #ing, * and ~, see lexicon.toml), for other checks of a
// transcript that look for what was said, so that a phrase means the same
// words to all of them.
type Phrase struct{ pat pattern }

// CompilePhrase compiles s. An error names the phrase.
func CompilePhrase(s string) (Phrase, error) {
	p, err := compilePattern(s)
	return Phrase{p}, err
}

// String returns the phrase as written.
func (p Phrase) String() string { return p.pat.source }

// MatchWords returns the words a phrase is matched against for one word as
// transcribed: lower case, no surrounding punctuation, "40%" as "40
// percent".
func MatchWords(surface string) []string { return matchWords(surface) }

// Hesitation reports whether the matching word w is a hesitation ("um"),
// which phrases skip.
func (l *Lexicon) Hesitation(w string) bool { return l.hesitations[w] }

// MatchAt reports whether p matches ws from index i, and where the match
// ends (exclusive). A phrase marked ^ matches only at i == 0 or after
// lead-ins.
func (l *Lexicon) MatchAt(ws []string, i int, p Phrase) (end int, ok bool) {
	if p.pat.atStart {
		for _, w := range ws[:i] {
			if !leadIns[w] {
				return 0, false
			}
		}
	}
	return l.matchEnd(ws, i, p.pat.words)
}

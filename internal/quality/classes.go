package quality

import "strings"

// Word classes for the word-order model. English word order is mostly
// carried by its closed classes (articles, pronouns, prepositions,
// auxiliaries, conjunctions) and by a few endings of the open ones; a
// bigram model over these classes tells a sentence from the same words in
// random order without needing to know every content word.
const (
	cDet = iota
	cPoss
	cSubj
	cObj
	cPrep
	cTo
	cBe
	cHave
	cDo
	cModal
	cNot
	cAnd
	cSub // subordinating: because, when, if, while, that ...
	cWh
	cNum
	cIng
	cEd
	cLy
	cPlural
	cAdj // common adjectives and quantifiers
	cFiller
	cThere
	cNoun // anything else: mostly nouns and base verbs
	nClasses
)

var closed = map[string]int{}

func init() {
	add := func(c int, words string) {
		for _, w := range strings.Fields(words) {
			closed[w] = c
		}
	}
	add(cDet, "the a an this these those every each some any no another either neither")
	add(cPoss, "my our their his her its your whose")
	add(cSubj, "i we they he she you it i'm we're they're he's she's it's you're i've we've they've i'd we'd they'd i'll we'll they'll that's")
	add(cObj, "me us them him myself ourselves themselves himself herself itself yourself")
	add(cPrep, "of in on at for with from by about into over after before during under between through without per across against along around toward towards within upon onto off up down out like than since until")
	add(cTo, "to")
	add(cBe, "was were is are be been being am")
	add(cHave, "had has have having")
	add(cDo, "did does do doing done")
	add(cModal, "would could should will can might must may shall")
	add(cNot, "not never didn't wasn't weren't couldn't wouldn't don't doesn't isn't aren't hadn't haven't can't won't shouldn't")
	add(cAnd, "and but or so then also yet")
	add(cSub, "because when if while that although though once as where whether unless")
	add(cWh, "what which who how why whom")
	add(cAdj, "new old big small more most less many much few first last next other same own good bad better best high low long short all both only very just too")
	add(cFiller, "um uh umm uhh er ah hmm okay well")
	add(cThere, "there here now")
	for _, w := range strings.Fields("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion percent half dozen") {
		closed[w] = cNum
	}
}

// classOf puts a lower-case word in its class.
func classOf(w string) int {
	if c, ok := closed[w]; ok {
		return c
	}
	if w != "" && (w[0] >= '0' && w[0] <= '9' || w[0] == '$') {
		return cNum
	}
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ing"):
		return cIng
	case n > 3 && strings.HasSuffix(w, "ed"):
		return cEd
	case n > 3 && strings.HasSuffix(w, "ly"):
		return cLy
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return cPlural
	}
	return cNoun
}

// Words splits text into lower-case words as the models see them: letters,
// digits and inner apostrophes; everything else separates.
func Words(text string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(text)) {
		f = strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '\'', r == '$', r == '%', r == '.', r == '-':
				return r
			case r == '\u2019':
				return '\''
			case r > 127:
				return r
			}
			return ' '
		}, f)
		for _, w := range strings.Fields(f) {
			w = strings.Trim(w, "'.-")
			if w != "" {
				out = append(out, w)
			}
		}
	}
	return out
}

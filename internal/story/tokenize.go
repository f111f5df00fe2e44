package story

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word or number of a transcript after normalisation.
type token struct {
	word    string // lower-case, contraction and possessive removed; "" for a number
	surface string // lower-case as said, for showing back to the user
	isNum   bool
	num     float64
	kind    numKind
	// name is set when the word was written with a capital inside a
	// sentence (or in capitals) in a text that has case at all, which is
	// how an engine that punctuates writes names.
	name bool
	// sentStart is set on the first token after a sentence end: a bigram
	// never spans it.
	sentStart bool
	// clauseStart is set after a comma, dash or parenthesis as well: a
	// bigram does not span it either, but a capital after it still says
	// "name".
	clauseStart bool
}

// piece is a raw run of word characters as it appears in the text.
type piece struct {
	text        string // as written
	sentStart   bool
	clauseStart bool
}

// lex splits text into pieces: runs of letters, digits and apostrophes,
// with "$", "%", and the "." or "," inside numbers kept ("$1.2", "2,000",
// "40%"). Hyphens and slashes separate words ("on-call", "52/48").
func lex(text string) []piece {
	var out []piece
	sentStart, clauseStart := true, true
	var cur strings.Builder
	var prev rune
	flush := func() {
		if cur.Len() > 0 {
			w := strings.Trim(cur.String(), "'")
			if w != "" && w != "$" {
				out = append(out, piece{text: w, sentStart: sentStart, clauseStart: clauseStart || sentStart})
				sentStart, clauseStart = false, false
			}
			cur.Reset()
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		prevDigit := cur.Len() > 0 && isDigitByte(cur.String()[cur.Len()-1])
		switch {
		case r == '\'' || r == '\u2019' || r == '\u2018':
			cur.WriteByte('\'')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case r == '$' && cur.Len() == 0 && unicode.IsDigit(next):
			cur.WriteByte('$')
		case r == '%' && prevDigit:
			cur.WriteByte('%')
			flush()
		case (r == '.' || r == ',') && prevDigit && unicode.IsDigit(next):
			cur.WriteRune(r)
		case r == '.' && cur.Len() == 0 && unicode.IsDigit(next) && (i == 0 || unicode.IsSpace(prev)):
			cur.WriteByte('.') // ".95"
		case r == '.' || r == '!' || r == '?' || r == ':' || r == ';':
			flush()
			sentStart = true
		case r == ',' || r == '(' || r == ')' || r == '"' || r == '\u201c' || r == '\u201d' ||
			r == '\u2013' || r == '\u2014':
			flush()
			clauseStart = true
		default:
			flush()
		}
		prev = r
		i += size
	}
	flush()
	return out
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// hasCase reports whether the text was written with capitals at all:
// whisper punctuates and capitalises, PocketSphinx and Vosk write
// everything in lower case, and some engines write only capitals. Only
// in a text with case does a capital say anything about names.
func hasCase(pieces []piece) bool {
	upper, lower := 0, 0
	for _, p := range pieces {
		if p.text == "I" || strings.HasPrefix(p.text, "I'") {
			continue
		}
		r, _ := utf8.DecodeRuneInString(p.text)
		if !unicode.IsLetter(r) {
			continue
		}
		if unicode.IsUpper(r) {
			upper++
		} else {
			lower++
		}
	}
	// Title Case ("On Black Friday I Paged Priya") has case but says
	// nothing by it: most of its words are capitalised.
	return upper > 0 && lower > 0 && 3*lower >= upper
}

// normalizeWord lower-cases a word and removes a possessive or the
// contracted part of a contraction ("morning's" -> "morning", "didn't"
// -> "did", "we'd" -> "we"); all of those are stop words or carry no
// story.
func normalizeWord(w string) string {
	w = strings.ToLower(w)
	i := strings.IndexByte(w, '\'')
	if i < 0 {
		return w
	}
	base, suffix := w[:i], w[i+1:]
	if suffix == "t" && strings.HasSuffix(base, "n") {
		switch base {
		case "can":
			return "can"
		case "won":
			return "will"
		}
		return strings.TrimSuffix(base, "n")
	}
	return base
}

// tokenize turns a transcript into tokens: words normalised, numbers said
// in any form read into one value, acronyms spelled letter by letter
// ("s r m", as engines write them) joined, and multi-word fillers ("you
// know", "kind of") removed. Stop words are kept here; terms drops them.
func tokenize(text string) []token {
	pieces := lex(text)
	cased := hasCase(pieces)
	words := make([]string, len(pieces))
	for i, p := range pieces {
		words[i] = normalizeWord(p.text)
	}
	var out []token
	for i := 0; i < len(pieces); {
		p, w := pieces[i], words[i]
		// Multi-word fillers.
		if i+1 < len(words) && isTwoWordFiller(w, words[i+1]) {
			i += 2
			continue
		}
		// Acronyms spelled out: "s r m", "c d n", "a u c".
		if n := letterRun(pieces, words, i, cased); n >= 2 {
			var b strings.Builder
			for k := i; k < i+n; k++ {
				b.WriteString(words[k])
			}
			acr := b.String()
			out = append(out, token{word: acr, surface: acr, sentStart: p.sentStart, clauseStart: p.clauseStart, name: cased && allCaps(pieces[i].text)})
			i += n
			continue
		}
		if t, n := readNumber(pieces, words, i); n > 0 {
			t.sentStart, t.clauseStart = p.sentStart, p.clauseStart
			out = append(out, t)
			i += n
			continue
		}
		r, _ := utf8.DecodeRuneInString(p.text)
		t := token{word: w, surface: w, sentStart: p.sentStart, clauseStart: p.clauseStart}
		if cased && w != "i" && unicode.IsUpper(r) && (!p.sentStart || allCaps(p.text) && len(p.text) > 1) {
			t.name = true
		}
		out = append(out, t)
		i++
	}
	return out
}

func isTwoWordFiller(a, b string) bool {
	switch a + " " + b {
	case "you know", "i mean", "kind of", "sort of", "you see":
		return true
	}
	return false
}

func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

// letterRun counts the single letters in a row from i. In a text with
// case the pronoun "I" never joins a run.
func letterRun(pieces []piece, words []string, i int, cased bool) int {
	n := 0
	for k := i; k < len(words); k++ {
		w := words[k]
		if len(w) != 1 || w[0] < 'a' || w[0] > 'z' {
			break
		}
		if cased && pieces[k].text == "I" {
			break
		}
		if k > i && pieces[k].sentStart {
			break
		}
		n++
	}
	return n
}

// readNumber reads a number starting at words[i], in digits or in words,
// with what follows it: a scale ("1.2 million"), a unit that says what
// it counts ("percent", "per cent", "dollars", "x", "times"). It returns
// the number token and the words used, or 0 words when there is none.
// A lone "one" is not a number: "the one I'd pick", "one of the".
func readNumber(pieces []piece, words []string, i int) (token, int) {
	var v float64
	var kind numKind
	n := 0
	if d, k, ok := parseDigits(words[i]); ok {
		v, kind, n = d, k, 1
		if i+1 < len(words) && scaleAfterDigits[words[i+1]] {
			v *= scaleWords[words[i+1]]
			n++
		} else if kind == numMoney && i+1 < len(words) {
			if s, ok := scaleWords[words[i+1]]; ok && len(words[i+1]) <= 2 {
				v *= s // "$2 m", "$400 k"
				n++
			}
		}
	} else {
		v, n = spelledNumber(words, i)
		if n == 0 {
			return token{}, 0
		}
	}
	j := i + n
	if j < len(words) && !pieces[j].sentStart && kind == numPlain {
		switch words[j] {
		case "percent", "pc", "%":
			kind, j = numPercent, j+1
		case "per":
			if j+1 < len(words) && words[j+1] == "cent" {
				kind, j = numPercent, j+2
			}
		case "dollars", "dollar", "bucks", "usd":
			kind, j = numMoney, j+1
		case "x", "times", "fold":
			kind, j = numTimes, j+1
		}
	}
	if kind == numPlain && j-i == 1 && words[i] == "one" {
		return token{}, 0
	}
	var surface []string
	for k := i; k < j; k++ {
		surface = append(surface, strings.ToLower(pieces[k].text))
	}
	return token{isNum: true, num: v, kind: kind, surface: strings.Join(surface, " ")}, j - i
}

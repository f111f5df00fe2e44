package star

import (
	"strings"
	"unicode"

	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/transcript"
)

// token is one word of the transcript as the user will see it again in a
// section's text, with what the check needs to know about it.
type token struct {
	text       string   // as transcribed, punctuation included
	words      []string // normalised for matching: "40%" -> "40", "percent"
	start, end float64  // seconds; meaningful only when the transcript is timed
	sentEnd    bool     // ends a sentence: . ? !
	colon      bool     // ends with ':' or a dash, as after a spoken label
	pause      float64  // silence before this word, seconds (timed only)
	// doubted: the engine rated this word more likely wrong than right.
	doubted bool
	conf    float64 // the engine's confidence in the word, 0 when it gave none
}

// abbreviations end with a full stop without ending the sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "etc": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "vs": true, "st": true, "jr": true, "sr": true, "inc": true,
	"approx": true,
}

// tokenize turns a transcript into tokens. It prefers the engine's timed
// words, then its timed segments (spreading each segment's time over its
// words by length), then the plain text. timed reports whether the tokens
// carry real times.
func tokenize(t *transcript.Transcript) (toks []token, timed bool) {
	if t == nil {
		return nil, false
	}
	if len(t.Words) > 0 && !wordsCoverText(t) {
		// An engine whose word list holds far fewer words than its text
		// lost words on the way: the text is the answer, so it is checked
		// instead, with the segments' times when there are any.
		t = &transcript.Transcript{Text: t.Text, Segments: t.Segments}
	}
	if len(t.Words) > 0 {
		doubted := quality.Doubted(t.Words)
		for i, w := range t.Words {
			n := len(toks)
			toks = appendSurface(toks, w.Word, w.StartS, w.EndS, true)
			if len(toks) > n {
				toks[len(toks)-1].doubted = doubted[i]
				toks[len(toks)-1].conf = w.Conf
			}
		}
		timed = hasTimes(toks)
		// Some engines give unpunctuated words beside punctuated text:
		// carry the sentence ends over so units can follow them.
		if countSentenceEnds(toks) == 0 {
			text := t.Text
			if text == "" {
				text = joinSegments(t.Segments)
			}
			transferPunctuation(toks, splitText(text))
		}
	} else if segmentsTimed(t.Segments) {
		for _, s := range t.Segments {
			toks = appendSegment(toks, s)
		}
		timed = hasTimes(toks)
	} else {
		text := t.Text
		if strings.TrimSpace(text) == "" {
			text = joinSegments(t.Segments)
		}
		for _, w := range splitText(text) {
			toks = appendSurface(toks, w, 0, 0, false)
		}
	}
	if timed {
		for i := 1; i < len(toks); i++ {
			if gap := toks[i].start - toks[i-1].end; gap > 0 {
				toks[i].pause = gap
			}
		}
	}
	return toks, timed
}

// wordsCoverText reports whether the word list holds most of the words of
// the text (all of them when there is no text to compare with).
func wordsCoverText(t *transcript.Transcript) bool {
	text := t.Text
	if strings.TrimSpace(text) == "" {
		text = joinSegments(t.Segments)
	}
	n := len(splitText(text))
	return n == 0 || float64(len(t.Words)) >= 0.8*float64(n)
}

func hasTimes(toks []token) bool {
	for _, t := range toks {
		if t.end > 0 {
			return true
		}
	}
	return false
}

func segmentsTimed(segs []transcript.Segment) bool {
	for _, s := range segs {
		if s.EndS > 0 && strings.TrimSpace(s.Text) != "" {
			return true
		}
	}
	return false
}

func joinSegments(segs []transcript.Segment) string {
	parts := make([]string, 0, len(segs))
	for _, s := range segs {
		parts = append(parts, strings.TrimSpace(s.Text))
	}
	return strings.Join(parts, " ")
}

// splitText splits on white space.
func splitText(s string) []string { return strings.Fields(s) }

// appendSegment adds a segment's words, each timed by its share of the
// segment's characters.
func appendSegment(toks []token, s transcript.Segment) []token {
	words := splitText(s.Text)
	total := 0
	for _, w := range words {
		total += len(w) + 1
	}
	span := s.EndS - s.StartS
	if span < 0 {
		span = 0
	}
	at := 0
	for _, w := range words {
		start := s.StartS + span*float64(at)/float64(total)
		at += len(w) + 1
		end := s.StartS + span*float64(at-1)/float64(total)
		toks = appendSurface(toks, w, start, end, false)
	}
	return toks
}

// appendSurface adds one transcribed word. With attach, a word that is
// only punctuation (engines emit "." as a token of its own) joins the word
// before it; in written text it stays a word as written.
func appendSurface(toks []token, surface string, start, end float64, attach bool) []token {
	surface = strings.TrimSpace(surface)
	if surface == "" {
		return toks
	}
	words := matchWords(surface)
	if attach && len(words) == 0 && len(toks) > 0 {
		last := &toks[len(toks)-1]
		last.text += surface
		if end > last.end {
			last.end = end
		}
		markPunctuation(last)
		return toks
	}
	t := token{text: surface, words: words, start: start, end: end}
	markPunctuation(&t)
	return append(toks, t)
}

func markPunctuation(t *token) {
	s := strings.TrimRight(t.text, `"')]}”’`)
	if s == "" {
		return
	}
	switch last := s[len(s)-1]; last {
	case '.', '!', '?':
		if strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…") {
			return
		}
		core := strings.ToLower(strings.TrimRight(s, ".!?"))
		core = strings.TrimLeft(core, `"'([{“‘`)
		if last == '.' && abbreviations[core] {
			return
		}
		t.sentEnd = true
	case ':', ';':
		t.colon = last == ':'
	case '-':
		t.colon = strings.HasSuffix(s, "--")
	}
	if strings.HasSuffix(s, "—") || strings.HasSuffix(s, "–") {
		t.colon = true
	}
}

func countSentenceEnds(toks []token) int {
	n := 0
	for _, t := range toks {
		if t.sentEnd {
			n++
		}
	}
	return n
}

// transferPunctuation copies sentence ends from the punctuated text onto
// the engine's words, matching them in order and resynchronising after a
// few mismatches.
func transferPunctuation(toks []token, text []string) {
	j := 0
	for i := range toks {
		if len(toks[i].words) == 0 {
			continue
		}
		key := strings.Join(toks[i].words, " ")
		for k := j; k < len(text) && k < j+4; k++ {
			if strings.Join(matchWords(text[k]), " ") == key {
				probe := token{text: text[k]}
				markPunctuation(&probe)
				toks[i].sentEnd = toks[i].sentEnd || probe.sentEnd
				toks[i].colon = toks[i].colon || probe.colon
				j = k + 1
				break
			}
		}
	}
}

// matchWords normalises a transcribed word for matching cues: lower case,
// no surrounding punctuation, "40%" -> "40 percent", "$2m" -> "2 m dollars",
// "a/b-test" -> "a b test".
func matchWords(surface string) []string {
	s := strings.ToLower(surface)
	s = strings.NewReplacer("’", "'", "‘", "'", "“", "", "”", "", "—", " ", "–", " ").Replace(s)
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || unicode.IsSpace(r) }) {
		dollars := strings.Contains(part, "$") || strings.Contains(part, "€") || strings.Contains(part, "£")
		percent := strings.Contains(part, "%")
		w := strings.TrimFunc(part, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if w == "" {
			continue
		}
		// Numbers with a unit glued on: 40k, 10x, 2m.
		if d := leadingDigits(w); d != "" && d != w {
			out = append(out, d)
			switch rest := w[len(d):]; rest {
			case "x":
				out = append(out, "times")
			case "k":
				out = append(out, "thousand")
			case "m":
				out = append(out, "million")
			case "s": // 1990s
			default:
				out = append(out, rest)
			}
		} else {
			out = append(out, w)
		}
		if percent {
			out = append(out, "percent")
		}
		if dollars {
			out = append(out, "dollars")
		}
	}
	return out
}

func leadingDigits(w string) string {
	end := 0
	for i, r := range w {
		if unicode.IsDigit(r) || ((r == '.' || r == ',') && i > 0 && i+1 < len(w) && w[i+1] >= '0' && w[i+1] <= '9') {
			end = i + 1
			continue
		}
		break
	}
	return w[:end]
}

// fractions are number words of a Result's measure ("cut it by a third",
// "40 percent") beyond the shared number words: the speech figures read
// "third" and "percent" as an ordinal and a unit, but in a Result they
// say how much.
var fractions = map[string]bool{"third": true, "thirds": true, "fifth": true, "tenth": true, "percent": true}

// isNumber reports whether the matching word w is a number: digits, a
// number word or a multiplier of the shared lists (the user's included),
// or a fraction.
func (l *Lexicon) isNumber(w string) bool {
	ws := l.Words()
	if ws.Number(w) || ws.Multiplier(w) || fractions[w] {
		return true
	}
	return w != "" && leadingDigits(w) == w
}

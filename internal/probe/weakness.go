package probe

import (
	"fmt"
	"strings"
	"sync"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/words"
)

// Weakness is one weak spot of an answer: what a probe is chosen for.
type Weakness struct {
	Name string
	// Strength ranks weaknesses: 4 the answer is not a story at all, 3 a
	// part is missing or "I" is hardly said, 2 a part is weak, 1 a
	// finishing touch is missing.
	Strength int
	Reason   string
}

// minActionWords is where an Action is too thin to show what was done:
// about 15 seconds of speech, two or three short steps.
const minActionWords = 35

// closingShare is the part of an answer, at its end, read for figures when
// the check found no Result.
const closingShare = 0.2

// Find lists the answer's weaknesses: the four the rules judge (NoNumber,
// WeOverI, ThinAction, NoReflection) and every finding of the STAR check,
// under its code. t may be nil; it is read only when the check found no
// Action, to weigh "we" against "I" over the whole answer.
func Find(t *transcript.Transcript, r star.Result) []Weakness { return find(t, r, nil) }

// find is Find counting numbers and pronouns with the word lists of lex
// (nil: the built-in ones).
func find(t *transcript.Transcript, r star.Result, lex *speech.Lexicon) []Weakness {
	if r.Words == 0 {
		return nil
	}
	var out []Weakness
	add := func(name string, strength int, format string, args ...any) {
		out = append(out, Weakness{name, strength, fmt.Sprintf(format, args...)})
	}
	codes := map[string]bool{}
	for _, f := range r.Findings {
		codes[f.Code] = true
	}
	actionWords := 0
	for _, s := range r.Sections {
		if s.Label == star.A {
			actionWords += s.Words
		}
	}

	switch {
	case codes["missing_result"]:
		// With no Result found, the answer's close may still give the
		// outcome in figures, under another section's name.
		if !hasFigure(closingWords(r), lex) {
			add(NoNumber, 3, "the answer has no Result")
		}
	case codes["result_vague"] || codes["result_no_number"]:
		// The check does not count "one" or "a" before a unit; "one a
		// day", "a week late" are still figures.
		if !hasFigure(sectionText(r, star.R), lex) {
			if codes["result_vague"] {
				add(NoNumber, 3, "the Result says no outcome and no number")
			} else {
				add(NoNumber, 2, "the Result has no number")
			}
		}
	}

	i, we, where := r.IAction, r.WeAction, "in the Action"
	if actionWords == 0 {
		i, we, where = countPronouns(t, orDefault(lex).Words())
	}
	if we > i && we >= 2 {
		strength := 2
		if we >= 3*i {
			strength = 3 // "I" hardly said: whose work was it?
		}
		add(WeOverI, strength, "\"we\" %s, \"I\" %s %s", figure.Times(we), figure.Times(i), where)
	}

	switch {
	case codes["generic"]:
		add(ThinAction, 4, "the answer sounds hypothetical, not one past story")
	case actionWords == 0:
		add(ThinAction, 3, "the answer has no Action")
	case actionWords < minActionWords:
		add(ThinAction, 2, "the Action is only %d words", actionWords)
	}

	if !r.Reflection.Present {
		add(NoReflection, 1, "the answer ends without a lesson")
	}

	for _, f := range r.Findings {
		if f.Code == WeOverI || f.Code == NoReflection {
			continue // judged above, under the same name
		}
		add(f.Code, severityStrength[f.Severity], "%s", f.Message)
	}
	return out
}

// sectionText joins the text of the answer's sections labelled l.
func sectionText(r star.Result, l star.Label) string {
	var parts []string
	for _, s := range r.Sections {
		if s.Label == l {
			parts = append(parts, s.Text)
		}
	}
	return strings.Join(parts, " ")
}

// closingWords is the last closingShare of the answer's words.
func closingWords(r star.Result) string {
	var words []string
	for _, s := range r.Sections {
		words = append(words, strings.Fields(s.Text)...)
	}
	from := len(words) - int(float64(len(words))*closingShare+0.5)
	return strings.Join(words[max(from, 0):], " ")
}

var (
	speechOnce sync.Once
	speechLex  *speech.Lexicon
)

// orDefault returns lex, or the built-in word lists for nil.
func orDefault(lex *speech.Lexicon) *speech.Lexicon {
	if lex != nil {
		return lex
	}
	speechOnce.Do(func() { speechLex = speech.DefaultLexicon() })
	return speechLex
}

// hasFigure reports whether text says a number: a figure, a number word
// ("forty minutes", "a third"), a multiplier ("twice", "doubled"), or an
// amount said with "a" ("a week late", "one a day"), which reads as "one";
// with the word lists of lex (nil: the built-in ones).
func hasFigure(text string, lex *speech.Lexicon) bool {
	if strings.TrimSpace(text) == "" {
		return false
	}
	lex = orDefault(lex)
	if len(speech.MeasureText(text, 0, 0, lex).Numbers) > 0 {
		return true
	}
	words := strings.Fields(text)
	for i, w := range words {
		if l := strings.ToLower(w); l == "a" || l == "an" {
			words[i] = "one"
		}
	}
	return len(speech.MeasureText(strings.Join(words, " "), 0, 0, lex).Numbers) > 0
}

var severityStrength = map[string]int{star.High: 3, star.Medium: 2, star.Low: 1}

// countPronouns counts "I" and "we" over the whole answer, for one the
// check found no Action in, as the pronoun lists ws say.
func countPronouns(t *transcript.Transcript, ws *words.Lists) (i, we int, where string) {
	if t == nil {
		return 0, 0, ""
	}
	text := t.Text
	if len(t.Words) > 0 {
		var words []string
		for _, w := range t.Words {
			words = append(words, w.Word)
		}
		text = strings.Join(words, " ")
	}
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch ws.Actor(words.Normalize(strings.Trim(w, `.,?!:;"()`))) {
		case words.I:
			i++
		case words.We:
			we++
		}
	}
	return i, we, "in the answer"
}

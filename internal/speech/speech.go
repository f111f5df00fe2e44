// Package speech measures how an answer was spoken from its transcript:
// words per minute, filler words, hedges, "I" against "we", and the numbers
// and metrics it mentions. The word lists come from words.toml and, for the
// pronouns and numbers, package words; the user extends both with their own
// file.
package speech

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/words"
)

// Reference figures from speech research: 140-160 words per minute is
// easiest to follow and sounds most competent (Street & Brady, 1982; TED
// talks average about 163); under about 110 sounds halting, over about 190
// rushed. Below 5 fillers a minute listeners show no measurable penalty;
// harm concentrates around 12 a minute (Laske et al., 2024).
const (
	HaltingWPM     = 110
	ComfortableWPM = 140
	BriskWPM       = 160
	RushedWPM      = 190

	FineFillersPerMin        = 5
	DistractingFillersPerMin = 12

	// Rates from fewer words or less speech than this are not judged.
	minWordsToJudge   = 15
	minSecondsToJudge = 10
)

// Figures are the speech figures of one answer.
type Figures struct {
	Words     int     `json:"words"`
	SpeakingS float64 `json:"speaking_s"`
	// RateOver says what the rates are per minute of: "speaking" (time
	// with speech, from the timing analysis) or "recording" (the whole
	// recording, when no timing was available).
	RateOver string  `json:"rate_over"`
	WPM      float64 `json:"wpm"`
	// Pace is halting, slow, comfortable, brisk or rushed; "" when the
	// answer is too short to judge.
	Pace    string   `json:"pace"`
	Fillers Fillers  `json:"fillers"`
	Hedges  Tally    `json:"hedges"`
	I       int      `json:"i"`
	We      int      `json:"we"`
	Numbers []string `json:"numbers"`
}

// Fillers counts filler words: hard ones (um, uh) and soft ones (discourse
// markers such as "like", "you know"). When the engine could not hear
// them, NotMeasured says why and every count is withheld (null in JSON),
// never 0.
type Fillers struct {
	NotMeasured string  `json:"not_measured,omitempty"`
	Count       int     `json:"count"`
	PerMin      float64 `json:"per_min"`
	Hard        int     `json:"hard"`
	HardPerMin  float64 `json:"hard_per_min"`
	Soft        int     `json:"soft"`
	SoftPerMin  float64 `json:"soft_per_min"`
	// Verdict is fine, noticeable or distracting; "" when too short to judge.
	Verdict string  `json:"verdict"`
	Top     []Count `json:"top"`
}

// Tally is a count with its most frequent entries.
type Tally struct {
	Count int     `json:"count"`
	Top   []Count `json:"top"`
}

// Count is how often one word or phrase was said.
type Count struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Measure computes the figures of transcript t. speakingS is the time spent
// speaking, from the timing analysis; 0 falls back to the recording's
// length. The fillers are not measured when t's engine could not hear
// them (see transcript.FillersHeard).
func Measure(t *transcript.Transcript, speakingS float64, lex *Lexicon) Figures {
	f := MeasureText(t.Text, speakingS, t.DurationS, lex)
	if heard, why := t.FillersHeard(f.Fillers.Hard > 0); !heard {
		f.Fillers = Fillers{NotMeasured: why}
	}
	// Hedges are counted on the words the engine was sure of: a doubted
	// word leaves a break, so that no "I think" is made across it (see
	// quality.SureText). Every view shows this count.
	if sure := quality.SureText(t); sure != t.PlainText() {
		f.Hedges = HedgesOf(sure, lex)
	}
	return f
}

// HedgesOf counts the hedges and weak words of text by the lexicon's list.
func HedgesOf(text string, lex *Lexicon) Tally {
	hedges := countPhrases(tokenize(text), lex.hedges, hedgeRule)
	return Tally{Count: total(hedges), Top: top(hedges)}
}

// Measured tells whether the fillers were counted.
func (f Fillers) Measured() bool { return f.NotMeasured == "" }

// fillersJSON is Fillers as JSON: the counts are null when not measured.
type fillersJSON struct {
	NotMeasured string   `json:"not_measured,omitempty"`
	Count       *int     `json:"count"`
	PerMin      *float64 `json:"per_min"`
	Hard        *int     `json:"hard"`
	HardPerMin  *float64 `json:"hard_per_min"`
	Soft        *int     `json:"soft"`
	SoftPerMin  *float64 `json:"soft_per_min"`
	Verdict     string   `json:"verdict"`
	Top         []Count  `json:"top"`
}

// MarshalJSON writes null counts, and the reason, for fillers not measured.
func (f Fillers) MarshalJSON() ([]byte, error) {
	v := fillersJSON{NotMeasured: f.NotMeasured, Verdict: f.Verdict, Top: f.Top}
	if f.Measured() {
		v.Count, v.PerMin, v.Hard, v.HardPerMin, v.Soft, v.SoftPerMin = &f.Count, &f.PerMin, &f.Hard, &f.HardPerMin, &f.Soft, &f.SoftPerMin
	}
	if v.Top == nil {
		v.Top = []Count{}
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Fillers) UnmarshalJSON(b []byte) error {
	var v fillersJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Fillers{NotMeasured: v.NotMeasured, Verdict: v.Verdict, Top: v.Top}
	deref := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	derefF := func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	}
	f.Count, f.Hard, f.Soft = deref(v.Count), deref(v.Hard), deref(v.Soft)
	f.PerMin, f.HardPerMin, f.SoftPerMin = derefF(v.PerMin), derefF(v.HardPerMin), derefF(v.SoftPerMin)
	return nil
}

// MeasureText computes the figures of text spoken in speakingS seconds of a
// recording of durationS seconds (speakingS 0: rates over durationS).
func MeasureText(text string, speakingS, durationS float64, lex *Lexicon) Figures {
	toks := tokenize(text)
	f := Figures{Words: len(toks), SpeakingS: round(speakingS, 1), RateOver: "speaking", Numbers: []string{}}
	if speakingS <= 0 || math.IsNaN(speakingS) {
		f.SpeakingS, f.RateOver = round(durationS, 1), "recording"
	}
	minutes := f.SpeakingS / 60
	perMin := func(n int) float64 {
		if minutes <= 0 {
			return 0
		}
		return round(float64(n)/minutes, 1)
	}
	judge := f.Words >= minWordsToJudge && f.SpeakingS >= minSecondsToJudge
	f.WPM = round(perMin(f.Words), 0)
	if judge {
		f.Pace = pace(f.WPM)
	}

	hard := countPhrases(toks, lex.hardFillers, nil)
	soft := countPhrases(toks, lex.softFillers, fillerRule)
	f.Fillers.Hard, f.Fillers.Soft = total(hard), total(soft)
	f.Fillers.Count = f.Fillers.Hard + f.Fillers.Soft
	f.Fillers.PerMin, f.Fillers.HardPerMin, f.Fillers.SoftPerMin = perMin(f.Fillers.Count), perMin(f.Fillers.Hard), perMin(f.Fillers.Soft)
	for k, v := range soft {
		hard[k] += v
	}
	f.Fillers.Top = top(hard)
	if judge {
		f.Fillers.Verdict = fillerVerdict(f.Fillers.PerMin)
	}

	f.Hedges = HedgesOf(text, lex)

	for _, t := range toks {
		switch {
		case lex.words.Person(t.low) == words.I:
			f.I++
		case lex.words.Person(t.low) == words.We && !(t.low == "us" && t.text == "US"):
			f.We++ // "US" in capitals is the country
		}
	}
	f.Numbers = numbers(toks, lex)
	return f
}

// PaceText says a pace (as Figures.Pace names it) in words a listener
// would use.
func PaceText(p string) string {
	switch p {
	case "halting":
		return "very slow, it sounds halting"
	case "slow":
		return "a little slow"
	case "comfortable":
		return "easy to follow"
	case "brisk":
		return "a little fast"
	case "rushed":
		return "too fast, it sounds rushed"
	}
	return p
}

func pace(wpm float64) string {
	switch {
	case wpm < HaltingWPM:
		return "halting"
	case wpm < ComfortableWPM:
		return "slow"
	case wpm <= BriskWPM:
		return "comfortable"
	case wpm < RushedWPM:
		return "brisk"
	default:
		return "rushed"
	}
}

func fillerVerdict(perMin float64) string {
	switch {
	case perMin < FineFillersPerMin:
		return "fine"
	case perMin < DistractingFillersPerMin:
		return "noticeable"
	default:
		return "distracting"
	}
}

func round(v float64, places int) float64 { return figure.Round(v, places) }

// token is one word of the text.
type token struct {
	text string // as written, without surrounding punctuation
	low  string // lower case, curly apostrophes straightened
	// breakBefore is set when punctuation separates this word from the one
	// before it (or it is the first).
	breakBefore bool
	// from and to are the word's place in the text, in runes.
	from, to int
}

// breakAfter reports whether punctuation (or the end) follows token i.
func breakAfter(toks []token, i int) bool { return i+1 >= len(toks) || toks[i+1].breakBefore }

func normalizeWord(s string) string { return words.Normalize(s) }

// tokenize splits text into words. Annotations an engine adds in brackets
// ("[BLANK_AUDIO]", "(laughs)") are not words. A word keeps inner
// apostrophes and hyphens ("don't", "on-call"), number punctuation ("1.5",
// "10,000") and the signs that belong to figures ("40%", "$200").
func tokenize(text string) []token {
	rs := []rune(text)
	var toks []token
	brk := true
	isWordRune := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '%' || r == '$' || r == '€' || r == '£'
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '[' || r == '(':
			closer := ']'
			if r == '(' {
				closer = ')'
			}
			j := i + 1
			for j < len(rs) && rs[j] != closer {
				j++
			}
			i = j + 1
			brk = true
			continue
		case isWordRune(r):
			j := i
			for j < len(rs) {
				c := rs[j]
				inner := j > i && j+1 < len(rs)
				switch {
				case isWordRune(c):
				case inner && (c == '.' || c == ',') && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]):
				case inner && c == '-' && (unicode.IsLetter(rs[j-1]) || unicode.IsDigit(rs[j-1])) && (unicode.IsLetter(rs[j+1]) || unicode.IsDigit(rs[j+1])):
				default:
					goto done
				}
				j++
			}
		done:
			word := strings.Trim(string(rs[i:j]), "'’")
			if strings.IndexFunc(word, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				from := i + len([]rune(strings.TrimRight(string(rs[i:j]), "'’"))) - len([]rune(word))
				toks = append(toks, token{text: word, low: normalizeWord(word), breakBefore: brk, from: from, to: from + len([]rune(word))})
				brk = false
			}
			i = j
			continue
		case unicode.IsSpace(r):
		default:
			brk = true // punctuation
		}
		i++
	}
	return toks
}

// rule decides whether phrase p matched at toks[i:] counts.
type rule func(toks []token, i int, p []string) bool

// countPhrases counts phrase matches, longest phrase first, never across
// punctuation; a word counts for one phrase at most.
func countPhrases(toks []token, ps phrases, accept rule) map[string]int {
	counts := map[string]int{}
	eachPhrase(toks, ps, accept, func(_ int, p []string) { counts[strings.Join(p, " ")]++ })
	return counts
}

// eachPhrase calls found for every phrase match that countPhrases counts,
// with the index of its first word.
func eachPhrase(toks []token, ps phrases, accept rule, found func(i int, p []string)) {
	for i := 0; i < len(toks); {
		matched := 0
		for _, p := range ps {
			if !matchAt(toks, i, p) || (accept != nil && !accept(toks, i, p)) {
				continue
			}
			found(i, p)
			matched = len(p)
			break
		}
		if matched == 0 {
			matched = 1
		}
		i += matched
	}
}

// Piece is a run of an answer's text; Filler marks a filler word or
// phrase that the figures count.
type Piece struct {
	Text   string
	Filler bool
}

// MarkFillers cuts text into pieces that, joined, are the text again, with
// each filler the figures count in a piece of its own, so that a report
// can highlight exactly what was counted.
func MarkFillers(text string, lex *Lexicon) []Piece {
	toks := tokenize(text)
	var spans [][2]int // rune ranges of the fillers
	mark := func(i int, p []string) { spans = append(spans, [2]int{toks[i].from, toks[i+len(p)-1].to}) }
	eachPhrase(toks, lex.hardFillers, nil, mark)
	eachPhrase(toks, lex.softFillers, fillerRule, mark)
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	rs := []rune(text)
	var out []Piece
	at := 0
	for _, s := range spans {
		if s[0] < at {
			continue // a word counted by both lists
		}
		if s[0] > at {
			out = append(out, Piece{Text: string(rs[at:s[0]])})
		}
		out = append(out, Piece{Text: string(rs[s[0]:s[1]]), Filler: true})
		at = s[1]
	}
	if at < len(rs) {
		out = append(out, Piece{Text: string(rs[at:])})
	}
	return out
}

func matchAt(toks []token, i int, p []string) bool {
	if i+len(p) > len(toks) {
		return false
	}
	for k, w := range p {
		if toks[i+k].low != w || (k > 0 && toks[i+k].breakBefore) {
			return false
		}
	}
	return true
}

// prev returns the word before toks[i] when no punctuation separates them.
func prev(toks []token, i int) string {
	if i == 0 || toks[i].breakBefore {
		return ""
	}
	return toks[i-1].low
}

// next returns the word after the phrase of n words at toks[i] when no
// punctuation separates them.
func next(toks []token, i, n int) string {
	if breakAfter(toks, i+n-1) {
		return ""
	}
	return toks[i+n].low
}

func oneOf(w string, list ...string) bool {
	for _, l := range list {
		if w == l {
			return true
		}
	}
	return false
}

var determiners = []string{"a", "an", "the", "this", "that", "these", "those", "what", "which", "some", "any", "every", "each", "no", "one", "same", "different", "another", "my", "our", "your", "his", "her", "their", "its", "whatever", "right", "wrong"}

// fillerRule keeps the uses of soft fillers that are not fillers out of the
// count. It is a heuristic on the neighbouring words, chosen to miss a
// filler rather than to count a real verb or preposition:
//
//   - "like" set off by punctuation (", like,") is a filler. After a
//     subject, a modal or a negation ("I like", "would like", "didn't
//     like", "to like") it is a verb; after a word of comparison ("looks
//     like", "something like", "just like") or before a determiner or
//     pronoun ("like a cache", "like this") it is a preposition. Anywhere
//     else ("we had like 40 alerts", "it was like crazy") it is a filler.
//   - "kind of" and "sort of" after a determiner ("what kind of database",
//     "the sort of problem") are nouns, not fillers.
//   - "you know" after "do", "did", "if", "as" and the like is a question or
//     a clause ("do you know"), not a filler; so is "I mean" after "what"
//     or "if".
func fillerRule(toks []token, i int, p []string) bool {
	switch strings.Join(p, " ") {
	case "like":
		before, after := prev(toks, i), next(toks, i, 1)
		if toks[i].breakBefore && breakAfter(toks, i) {
			return true
		}
		if oneOf(before, "i", "you", "we", "they", "he", "she", "who", "people", "users", "customers",
			"would", "i'd", "we'd", "you'd", "they'd", "he'd", "she'd", "will", "i'll", "we'll", "might", "may",
			"do", "does", "did", "don't", "doesn't", "didn't", "really", "to", "also", "always", "not", "never") {
			return false
		}
		if oneOf(before, "look", "looks", "looked", "looking", "sound", "sounds", "sounded", "seem", "seems", "seemed",
			"feel", "feels", "felt", "something", "anything", "nothing", "things", "stuff", "more", "much", "just",
			"exactly", "act", "acted", "behave", "behaved", "treat", "treated", "nothing") {
			return false
		}
		if oneOf(after, "a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "his", "her",
			"their", "its", "it", "them", "him", "me", "us", "you", "what", "how", "when", "if", "we", "they", "i") {
			return false
		}
		return true
	case "kind of", "sort of":
		return !oneOf(prev(toks, i), determiners...)
	case "you know":
		return !oneOf(prev(toks, i), "do", "did", "don't", "didn't", "if", "as", "would", "could", "should", "will", "to")
	case "i mean":
		return !oneOf(prev(toks, i), "what", "if")
	}
	return true
}

// hedgeRule applies the noun reading of "kind of" and "sort of" to hedges.
func hedgeRule(toks []token, i int, p []string) bool {
	switch strings.Join(p, " ") {
	case "kind of", "sort of":
		return !oneOf(prev(toks, i), determiners...)
	}
	return true
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// top lists counts, most frequent first.
func top(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{Text: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Text < out[j].Text
	})
	return out
}

// digitFigure matches numbers written with digits: "40", "1.5", "10,000", "$200",
// "40%", "3x", "10k", "200ms", "2nd". Names with digits ("Q3", "EC2", "2FA")
// do not match.
var digitFigure = regexp.MustCompile(`^[$€£]?[0-9][0-9.,]*(%|x|k|m|b|bn|ms|s|h|hr|hrs|min|mins|gb|tb|mb|kb|st|nd|rd|th|k\+|m\+|\+)?$`)

// numbers finds the numbers and metrics mentioned: figures in digits,
// numbers spelled out ("forty", "two hundred and fifty", "one point five"),
// multipliers ("twice", "tenfold"), each with the unit that follows it
// ("forty minutes", "6 minutes", "85%", "ten x", "$2 million", "500
// requests per second").
func numbers(toks []token, lex *Lexicon) []string {
	out := []string{}
	isNum := func(t token) bool {
		if digitFigure.MatchString(t.low) || lex.words.Number(t.low) {
			return true
		}
		// "twenty-five"
		parts := strings.Split(t.low, "-")
		for _, p := range parts {
			if !lex.words.Number(p) {
				return false
			}
		}
		return len(parts) > 1
	}
	for i := 0; i < len(toks); {
		t := toks[i]
		if lex.words.Multiplier(t.low) {
			out = append(out, t.text)
			i++
			continue
		}
		if !isNum(t) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].breakBefore {
			w := toks[j].low
			joiner := (w == "and" || w == "point") && j+1 < len(toks) && !toks[j+1].breakBefore && isNum(toks[j+1])
			if !isNum(toks[j]) && !joiner {
				break
			}
			j++
		}
		unit := unitAt(toks, j, lex)
		end := j + unit
		if unit > 0 && end < len(toks) && !toks[end].breakBefore && oneOf(toks[end].low, "per", "a", "an", "each") {
			if u := unitAt(toks, end+1, lex); u > 0 {
				end += 1 + u
			}
		}
		if !(j == i+1 && oneOf(t.low, "one", "half") && unit == 0) {
			parts := make([]string, 0, end-i)
			for _, tk := range toks[i:end] {
				parts = append(parts, tk.text)
			}
			out = append(out, strings.Join(parts, " "))
		}
		i = end
	}
	return out
}

// unitAt returns how many words of a unit start at toks[i] (0 for none),
// reading only within the clause.
func unitAt(toks []token, i int, lex *Lexicon) int {
	if i >= len(toks) || toks[i].breakBefore {
		return 0
	}
	for _, u := range lex.units {
		if matchAt(toks, i, u) {
			return len(u)
		}
	}
	return 0
}

// WriteText writes the figures as indented lines under an answer's heading.
func WriteText(w io.Writer, f Figures) error {
	var b strings.Builder
	over := "of speech"
	if f.RateOver == "recording" {
		over = "of recording"
	}
	fmt.Fprintf(&b, "  %d words", f.Words)
	if f.SpeakingS > 0 {
		fmt.Fprintf(&b, ", %.0f words a minute over %s %s", f.WPM, timefmt.Clock(f.SpeakingS), over)
	}
	switch f.Pace {
	case "":
		b.WriteString(": too short to judge the pace")
	case "comfortable":
		b.WriteString(": " + PaceText(f.Pace))
	default:
		fmt.Fprintf(&b, ": %s (%d-%d is easiest to follow)", PaceText(f.Pace), ComfortableWPM, BriskWPM)
	}
	b.WriteString("\n")

	if fl := f.Fillers; !fl.Measured() {
		fmt.Fprintf(&b, "  fillers: not measured: %s; %s\n", fl.NotMeasured, NotMeasuredFix)
	} else {
		writeFillers(&b, f)
	}

	fmt.Fprintf(&b, "  hedges (\"I think\", \"maybe\"): %d", f.Hedges.Count)
	writeTop(&b, f.Hedges.Top)
	b.WriteString("\n")

	fmt.Fprintf(&b, "  I %d, we %d", f.I, f.We)
	if f.We > f.I {
		b.WriteString(": more \"we\" than \"I\"; say what you did")
	}
	b.WriteString("\n")

	if len(f.Numbers) == 0 {
		b.WriteString("  numbers: none; a measurable result makes the answer\n")
	} else {
		fmt.Fprintf(&b, "  numbers: %s\n", strings.Join(f.Numbers, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// NotMeasuredFix is what to do when the fillers could not be measured.
const NotMeasuredFix = "transcribe with whisper (starcoach setup), which is run so that it keeps them"

// writeFillers writes the filler line of measured fillers.
func writeFillers(b *strings.Builder, f Figures) {
	fl := f.Fillers
	fmt.Fprintf(b, "  fillers: %d", fl.Count)
	if f.SpeakingS > 0 {
		fmt.Fprintf(b, ", %.1f a minute (um and uh %.1f, words like \"like\" and \"you know\" %.1f)", fl.PerMin, fl.HardPerMin, fl.SoftPerMin)
	}
	if fl.Verdict != "" {
		fmt.Fprintf(b, ": %s", fl.Verdict)
		if fl.Verdict != "fine" {
			fmt.Fprintf(b, " (under %d a minute goes unnoticed)", FineFillersPerMin)
		}
	}
	writeTop(b, fl.Top)
	b.WriteString("\n")
}

// writeTop appends the three most frequent entries: " (um 3, like 2)".
func writeTop(b *strings.Builder, counts []Count) {
	if len(counts) == 0 {
		return
	}
	parts := make([]string, 0, 3)
	for _, c := range counts[:min(3, len(counts))] {
		parts = append(parts, fmt.Sprintf("%s %d", c.Text, c.Count))
	}
	fmt.Fprintf(b, "; %s", strings.Join(parts, ", "))
}

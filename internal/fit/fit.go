// Package fit says whether an answer answers the question that was asked:
// for each signal an interviewer listens for under the question's
// principle (prompts' signals.toml, and the question's own), "covered" with
// the words that showed it or "not heard", an overall fit, and a finding
// when the story reads as another principle's. Words the engine doubted are
// not evidence.
//
// A signal is covered when one of its cue phrases is heard, matched the
// way the STAR check matches its cues (star.Phrase). Every principle's
// signals are checked, so that an answer which covers little of what was
// asked but much of another principle is told which one it reads as.
package fit

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Settings of the judgement, chosen on the training half of the fit
// benchmark (testdata/answers.toml, writer "a"); the held-out half's
// figures are in bench_test.go's report.
const (
	// MinWords is the fewest words an answer needs before its fit is
	// judged: a sentence or two cannot show the signals of any principle.
	MinWords = 40
	// fitsAt is the share of the asked signals heard from which an answer
	// fits, whatever else it also reads as.
	fitsAt = 0.5
	// otherWeight is how much the best other principle's share counts
	// against the asked one in Score.
	otherWeight = 0.5
	// offBelow is the Score under which an answer does not fit, when also
	// another principle is heard in at least readsAsAt of its signals:
	// without a clearly better reading, a thin answer is told what it
	// missed, not that it answers another question.
	offBelow  = -0.1
	readsAsAt = 0.6
)

// Word is one word of an answer as the engine gave it.
type Word struct {
	Text    string
	Doubted bool // the engine doubted it: not evidence
}

// WordsOf returns the words of t: the engine's timed words with the doubt
// rule of internal/quality when it gave them, its text otherwise.
func WordsOf(t *transcript.Transcript) []Word {
	if t == nil {
		return nil
	}
	if len(t.Words) > 0 {
		doubted := quality.Doubted(t.Words)
		out := make([]Word, len(t.Words))
		for i, w := range t.Words {
			out[i] = Word{Text: w.Word, Doubted: doubted[i]}
		}
		return out
	}
	text := t.Text
	if strings.TrimSpace(text) == "" {
		var parts []string
		for _, s := range t.Segments {
			parts = append(parts, s.Text)
		}
		text = strings.Join(parts, " ")
	}
	return TextWords(text)
}

// TextWords returns the words of a plain text, none doubted.
func TextWords(text string) []Word {
	var out []Word
	for _, f := range strings.Fields(text) {
		out = append(out, Word{Text: f})
	}
	return out
}

// Checker checks answers against compiled signals.
type Checker struct {
	lex     *star.Lexicon
	listens []listen
}

type listen struct {
	prompts.Listen
	cues [][]cue // by signal
}

// New compiles set's cues for matching with lex (nil for the built-in
// lexicon, whose hesitations and number words the cues share).
func New(set *prompts.SignalSet, lex *star.Lexicon) (*Checker, error) {
	if lex == nil {
		lex = star.DefaultLexicon()
	}
	c := &Checker{lex: lex}
	for _, l := range set.All() {
		cl := listen{Listen: l}
		for _, s := range l.Signals {
			ps, err := compile(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", l.Principle, err)
			}
			cl.cues = append(cl.cues, ps)
		}
		c.listens = append(c.listens, cl)
	}
	return c, nil
}

var defaultChecker = sync.OnceValue(func() *Checker {
	c, err := New(prompts.DefaultSignals(), nil)
	if err != nil {
		// The built-in signals are part of the source and tested.
		panic("fit: built-in signals: " + err.Error())
	}
	return c
})

// Default returns the checker of the built-in signals and lexicon,
// compiled once.
func Default() *Checker { return defaultChecker() }

// cue is one cue phrase compiled twice: as written, matched on the words
// as said, and stemmed, matched on the stems.
type cue struct{ raw, stemmed star.Phrase }

func compile(s prompts.Signal) ([]cue, error) {
	var cs []cue
	for _, c := range s.Cues {
		raw, err := star.CompilePhrase(c)
		if err != nil {
			return nil, fmt.Errorf("signal %q: %w", s.ID, err)
		}
		stemmed, err := star.CompilePhrase(stemPhrase(c))
		if err != nil {
			return nil, fmt.Errorf("signal %q: %w", s.ID, err)
		}
		cs = append(cs, cue{raw, stemmed})
	}
	return cs, nil
}

// Signal is one signal as heard in an answer.
type Signal struct {
	ID      string `json:"id"`
	Says    string `json:"says"`
	Covered bool   `json:"covered"`
	// Heard is the words that showed it, as said; empty when not heard.
	Heard string `json:"heard,omitempty"`
	// Doubted is set when a cue was heard only in words the engine
	// doubted, which do not count.
	Doubted string `json:"doubted,omitempty"`
}

// Principle is how much of one principle's signals an answer covered.
type Principle struct {
	Name    string  `json:"name"`
	Covered int     `json:"covered"`
	Total   int     `json:"total"`
	Share   float64 `json:"share"`
}

// Verdicts.
const (
	Fits    = "fits"
	Partly  = "partly"
	NotFits = "does-not-fit"
)

// Result is the fit of one answer to its question.
type Result struct {
	Question  string `json:"question"`
	Principle string `json:"principle"` // the one the question mainly tests
	// NotJudged says why there is no verdict; empty when there is one.
	NotJudged string   `json:"not_judged,omitempty"`
	Signals   []Signal `json:"signals"`
	Covered   int      `json:"covered"`
	Total     int      `json:"total"`
	// Score is the asked signals' share heard less half the best other
	// principle's share: what the benchmark ranks by.
	Score   float64 `json:"score"`
	Verdict string  `json:"verdict,omitempty"`
	// ReadsAs is the principle the story covers best when that is not the
	// one asked.
	ReadsAs *Principle `json:"reads_as,omitempty"`
	Finding string     `json:"finding,omitempty"`
	// Ask is the push for what was not heard: the asked principle's ask
	// (signals.toml), set with the finding.
	Ask string `json:"ask,omitempty"`
}

// matchable is an answer's words as cues match them.
type matchable struct {
	words   []string // normalised, hesitations out
	stems   []string // words, stemmed
	doubted []bool
	surface []int // index into the answer's words
	answer  []Word
}

func (c *Checker) prepare(ws []Word) matchable {
	m := matchable{answer: ws}
	for i, w := range ws {
		for _, mw := range star.MatchWords(w.Text) {
			if c.lex.Hesitation(mw) {
				continue
			}
			if n := len(m.words); n > 0 && m.words[n-1] == mw {
				continue // "I, uh, I went": once
			}
			m.words = append(m.words, mw)
			m.stems = append(m.stems, stem(mw))
			m.doubted = append(m.doubted, w.Doubted)
			m.surface = append(m.surface, i)
		}
	}
	return m
}

// hear looks for any of cues; heard is the first match in sure words,
// doubted the first in doubted ones when there is no sure match.
func (c *Checker) hear(m matchable, cues []cue) (heard, doubted string) {
	for i := range m.words {
		for _, p := range cues {
			end, ok := c.lex.MatchAt(m.words, i, p.raw)
			if !ok {
				end, ok = c.lex.MatchAt(m.stems, i, p.stemmed)
			}
			if !ok {
				continue
			}
			text := m.said(i, end)
			if !slices.Contains(m.doubted[i:end], true) {
				return text, ""
			}
			if doubted == "" {
				doubted = text
			}
		}
	}
	return "", doubted
}

// said is the answer's words from matching word i to end, as said.
func (m matchable) said(i, end int) string {
	var parts []string
	for k := m.surface[i]; k <= m.surface[end-1]; k++ {
		parts = append(parts, m.answer[k].Text)
	}
	return strings.Trim(strings.Join(parts, " "), ".,;:!?\"'")
}

func (c *Checker) signals(m matchable, sigs []prompts.Signal, cues [][]cue) ([]Signal, int) {
	out := make([]Signal, len(sigs))
	n := 0
	for i, s := range sigs {
		heard, doubted := c.hear(m, cues[i])
		out[i] = Signal{ID: s.ID, Says: s.Says, Covered: heard != "", Heard: heard, Doubted: doubted}
		if heard != "" {
			n++
		}
	}
	return out, n
}

// Heard is what an answer let an interviewer hear: every principle's
// signals, checked once, for fitting it to any question.
type Heard struct {
	c          *Checker
	m          matchable
	principles []heardPrinciple
}

type heardPrinciple struct {
	Principle
	signals []Signal
}

// Hear checks the answer ws against every principle's signals.
func (c *Checker) Hear(ws []Word) *Heard {
	h := &Heard{c: c, m: c.prepare(ws)}
	for _, l := range c.listens {
		sigs, n := c.signals(h.m, l.Signals, l.cues)
		p := Principle{Name: l.Principle, Covered: n, Total: len(l.Signals)}
		if p.Total > 0 {
			p.Share = round3(float64(n) / float64(p.Total))
		}
		h.principles = append(h.principles, heardPrinciple{p, sigs})
	}
	return h
}

// Principles returns how much of each principle's signals the answer
// covered, the best covered first: which principles the story can serve.
func (h *Heard) Principles() []Principle {
	out := make([]Principle, len(h.principles))
	for i, p := range h.principles {
		out[i] = p.Principle
	}
	slices.SortStableFunc(out, func(a, b Principle) int {
		switch {
		case a.Share > b.Share:
			return -1
		case a.Share < b.Share:
			return 1
		}
		return 0
	})
	return out
}

// Check says how well the answer ws fits question q.
func (c *Checker) Check(ws []Word, q prompts.Question) Result { return c.Hear(ws).Fit(q) }

// Fit says how well the answer fits question q.
func (h *Heard) Fit(q prompts.Question) Result {
	r := Result{Question: q.ID, Signals: []Signal{}}
	if len(q.Principles) > 0 {
		r.Principle = q.Principles[0]
	}
	asked, askedOK := h.c.listen(r.Principle)
	if askedOK {
		for _, p := range h.principles {
			if p.Name == r.Principle {
				r.Signals = append(r.Signals, p.signals...)
				r.Covered = p.Covered
			}
		}
	}
	var sigs []prompts.Signal
	var cues [][]cue
	for _, s := range q.Signals {
		ps, err := compile(s)
		if err != nil {
			continue // checked when the bank was read
		}
		sigs = append(sigs, s)
		cues = append(cues, ps)
	}
	own, n := h.c.signals(h.m, sigs, cues)
	r.Signals = append(r.Signals, own...)
	r.Covered += n
	r.Total = len(r.Signals)
	if r.Total == 0 {
		r.NotJudged = "the question names no principle with signals and has none of its own"
		return r
	}
	if len(h.m.words) < MinWords {
		r.NotJudged = fmt.Sprintf("only %d words: too few to tell what the story shows", len(h.m.words))
		return r
	}
	share := float64(r.Covered) / float64(r.Total)
	var best *Principle
	for _, p := range h.principles {
		if slices.Contains(q.Principles, p.Name) || p.Total == 0 {
			continue
		}
		if best == nil || p.Share > best.Share {
			best = &p.Principle
		}
	}
	other := 0.0
	if best != nil {
		other = best.Share
	}
	r.Score = round3(share - otherWeight*other)
	ask := "say how your story shows it"
	if askedOK && asked.Ask != "" {
		ask = asked.Ask
	}
	if r.Covered < r.Total {
		r.Ask = ask
	}
	switch {
	case share >= fitsAt:
		r.Verdict = Fits
	case r.Score >= offBelow || other < readsAsAt:
		r.Verdict = Partly
		r.Finding = fmt.Sprintf("the answer touches %d of the %d things %s listens for: %s", r.Covered, r.Total, r.label(), ask)
	default:
		r.Verdict = NotFits
		bp := *best
		r.ReadsAs = &bp
		r.Finding = fmt.Sprintf("this reads as %s %s story; the question asks for %s: %s", article(bp.Name), bp.Name, r.label(), ask)
	}
	return r
}

// article is "a" or "an" before name.
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an"
	}
	return "a"
}

// label names what the question asks for.
func (r Result) label() string {
	if r.Principle == "" {
		return "the question"
	}
	return r.Principle
}

func (c *Checker) listen(p string) (listen, bool) {
	for _, l := range c.listens {
		if l.Principle == p {
			return l, true
		}
	}
	return listen{}, false
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

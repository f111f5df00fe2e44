package star

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/words"
)

//go:embed lexicon.toml
var defaultLexiconTOML string

// maxLexiconBytes bounds what LoadLexicon reads: a cue list is a few
// kilobytes, so anything near this is not one.
const maxLexiconBytes = 1 << 20

// Lexicon holds the cue phrases and word lists the check uses. Build one
// with DefaultLexicon, LoadLexicon and Merge; the zero value has no cues.
type Lexicon struct {
	labels        map[string]Label // spoken section names: "situation" -> S
	cues          []cue
	hesitations   map[string]bool
	splitMarkers  []pattern
	generic       []pattern
	outcomes      []pattern
	reflection    []pattern
	irregularPast map[string]bool
	stativePast   map[string]bool
	// words are the pronoun and number lists; nil for the built-in ones.
	words *words.Lists
}

// Words returns the pronoun and number lists the check counts with.
func (l *Lexicon) Words() *words.Lists {
	if l == nil || l.words == nil {
		return words.Default()
	}
	return l.words
}

// WithWords returns a lexicon like l that counts pronouns and numbers with
// ws: the speech figures' lists, with the user's entries, so that the STAR
// check and the speech figures read the same words. l is unchanged.
func (l *Lexicon) WithWords(ws *words.Lists) *Lexicon {
	out := *l
	out.words = ws
	return &out
}

type cue struct {
	section Label
	weight  float64
	pat     pattern
}

// pattern is one phrase of the lexicon, compiled.
type pattern struct {
	words   []string // literal words or the specials below
	atStart bool
	source  string
}

const (
	wNum  = "#num"
	wAct  = "#act"
	wPast = "#past"
	wIng  = "#ing"
	wAny  = "*"
	wGap  = "~"
)

// lexiconFile is the TOML layout of lexicon.toml and of a user's extension.
type lexiconFile struct {
	Labels  map[string][]string `toml:"labels"`
	Fillers struct {
		Hesitations []string `toml:"hesitations"`
	} `toml:"fillers"`
	Split struct {
		Markers []string `toml:"markers"`
	} `toml:"split"`
	Generic struct {
		Phrases []string `toml:"phrases"`
	} `toml:"generic"`
	Result struct {
		Outcomes   []string `toml:"outcomes"`
		Reflection []string `toml:"reflection"`
	} `toml:"result"`
	Grammar struct {
		IrregularPast []string `toml:"irregular_past"`
		StativePast   []string `toml:"stative_past"`
	} `toml:"grammar"`
	Cue []struct {
		Section string   `toml:"section"`
		Weight  *float64 `toml:"weight"`
		Phrases []string `toml:"phrases"`
	} `toml:"cue"`
}

var (
	defaultOnce sync.Once
	defaultLex  *Lexicon
)

// DefaultLexicon returns the lexicon built into starcoach. It is shared and
// must not be changed; Merge returns a new one.
func DefaultLexicon() *Lexicon {
	defaultOnce.Do(func() {
		lex, err := LoadLexicon(strings.NewReader(defaultLexiconTOML))
		if err != nil {
			// The embedded file is part of the source and tested; a broken
			// one is a build defect, not bad input.
			panic("star: built-in lexicon: " + err.Error())
		}
		defaultLex = lex
	})
	return defaultLex
}

// LoadLexicon reads a lexicon in the lexicon.toml format. Errors name the
// line or key at fault; the caller adds the file name.
func LoadLexicon(r io.Reader) (*Lexicon, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxLexiconBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxLexiconBytes {
		return nil, fmt.Errorf("larger than %d KB, which no cue list needs", maxLexiconBytes>>10)
	}
	var f lexiconFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("line %d: %s", pe.Position.Line, config.ParseMessage(pe))
		}
		return nil, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		if md.IsDefined("fillers", "markers") {
			// The check once counted these itself; the filler rate is now
			// the speech figures' alone, so the words belong in their list.
			return nil, fmt.Errorf("fillers.markers: fillers are counted from the speech word list; move these words to soft_fillers in %s", speechUserFile)
		}
		if len(und[0]) == 1 {
			return nil, fmt.Errorf("unknown key %q (known: labels, fillers, split, generic, result, grammar, cue)", und[0].String())
		}
		return nil, fmt.Errorf("unknown key %q", und[0].String())
	}
	return compileLexicon(&f)
}

func compileLexicon(f *lexiconFile) (*Lexicon, error) {
	lex := &Lexicon{
		labels:        map[string]Label{},
		hesitations:   map[string]bool{},
		irregularPast: map[string]bool{},
		stativePast:   map[string]bool{},
	}
	for key, words := range f.Labels {
		l, ok := ParseLabel(key)
		if !ok {
			return nil, fmt.Errorf("labels: unknown section %q: use S, T, A or R", key)
		}
		for _, w := range words {
			n := strings.ToLower(strings.TrimSpace(w))
			if n == "" || strings.Contains(n, " ") {
				return nil, fmt.Errorf("labels.%s: %q: a label is one word", key, w)
			}
			lex.labels[n] = l
		}
	}
	for _, w := range f.Fillers.Hesitations {
		if n := strings.ToLower(strings.TrimSpace(w)); n != "" {
			lex.hesitations[n] = true
		}
	}
	for _, w := range f.Grammar.IrregularPast {
		lex.irregularPast[strings.ToLower(strings.TrimSpace(w))] = true
	}
	for _, w := range f.Grammar.StativePast {
		lex.stativePast[strings.ToLower(strings.TrimSpace(w))] = true
	}
	var err error
	compileAll := func(where string, phrases []string) []pattern {
		var out []pattern
		for _, ph := range phrases {
			p, perr := compilePattern(ph)
			if perr != nil && err == nil {
				err = fmt.Errorf("%s: %w", where, perr)
			}
			if perr == nil {
				out = append(out, p)
			}
		}
		return out
	}
	lex.splitMarkers = compileAll("split.markers", f.Split.Markers)
	lex.generic = compileAll("generic.phrases", f.Generic.Phrases)
	lex.outcomes = compileAll("result.outcomes", f.Result.Outcomes)
	lex.reflection = compileAll("result.reflection", f.Result.Reflection)
	for i, c := range f.Cue {
		where := fmt.Sprintf("cue %d", i+1)
		l, ok := ParseLabel(c.Section)
		if !ok {
			return nil, fmt.Errorf("%s: section %q: use S, T, A or R", where, c.Section)
		}
		if c.Weight == nil {
			return nil, fmt.Errorf("%s: weight is missing (e.g. weight = 2)", where)
		}
		w := *c.Weight
		if math.IsNaN(w) || w < -10 || w > 10 {
			return nil, fmt.Errorf("%s: weight %v: use a number between -10 and 10", where, w)
		}
		for _, p := range compileAll(where, c.Phrases) {
			lex.cues = append(lex.cues, cue{section: l, weight: w, pat: p})
		}
	}
	if err != nil {
		return nil, err
	}
	return lex, nil
}

func compilePattern(phrase string) (pattern, error) {
	p := pattern{source: phrase}
	s := strings.ToLower(strings.TrimSpace(phrase))
	if strings.HasPrefix(s, "^") {
		p.atStart = true
		s = strings.TrimSpace(s[1:])
	}
	for _, w := range strings.Fields(s) {
		switch {
		case strings.HasPrefix(w, "#"):
			if w != wNum && w != wAct && w != wPast && w != wIng {
				return p, fmt.Errorf("phrase %q: unknown %s (use #num, #act, #past or #ing)", phrase, w)
			}
			p.words = append(p.words, w)
		case w == wAny || w == wGap:
			p.words = append(p.words, w)
		default:
			// Match the phrase the way speech is normalised: "40%" and
			// "a/b" become several words.
			p.words = append(p.words, matchWords(w)...)
		}
	}
	if len(p.words) == 0 {
		return p, fmt.Errorf("empty phrase")
	}
	return p, nil
}

// Merge returns a lexicon with the cues and lists of both; base is unchanged.
func Merge(base, extra *Lexicon) *Lexicon {
	out := &Lexicon{
		labels:        map[string]Label{},
		hesitations:   map[string]bool{},
		irregularPast: map[string]bool{},
		stativePast:   map[string]bool{},
	}
	for _, l := range []*Lexicon{base, extra} {
		if l == nil {
			continue
		}
		for k, v := range l.labels {
			out.labels[k] = v
		}
		for k := range l.hesitations {
			out.hesitations[k] = true
		}
		for k := range l.irregularPast {
			out.irregularPast[k] = true
		}
		for k := range l.stativePast {
			out.stativePast[k] = true
		}
		out.cues = append(out.cues, l.cues...)
		out.splitMarkers = append(out.splitMarkers, l.splitMarkers...)
		out.generic = append(out.generic, l.generic...)
		out.outcomes = append(out.outcomes, l.outcomes...)
		out.reflection = append(out.reflection, l.reflection...)
		if l.words != nil {
			out.words = l.words
		}
	}
	return out
}

// Cues reports how many cue phrases the lexicon holds.
func (l *Lexicon) Cues() int { return len(l.cues) }

// UserFileName is the file in the config directory that extends the
// built-in lexicon.
const UserFileName = "star-lexicon.toml"

// speechUserFile is the speech word list's user file (internal/speech
// owns it), named when a STAR lexicon asks to count fillers.
const speechUserFile = "speech-words.toml"

// LoadUserLexicon returns the built-in lexicon extended by
// <configDir>/star-lexicon.toml when there is one; with no config folder
// ("") only the built-in one, never a file in the current folder. An
// error names the file.
func LoadUserLexicon(configDir string) (*Lexicon, error) {
	if configDir == "" {
		return DefaultLexicon(), nil
	}
	path := filepath.Join(configDir, UserFileName)
	f, err := safefile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return DefaultLexicon(), nil
	}
	if err != nil {
		return nil, err // names the file
	}
	defer f.Close()
	user, err := LoadLexicon(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v; fix it or move it away", path, err)
	}
	return Merge(DefaultLexicon(), user), nil
}

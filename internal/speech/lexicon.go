package speech

import (
	"bytes"
	_ "embed"
	"errors"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/words"
)

//go:embed words.toml
var defaultWords []byte

// UserFileName is the file in the config directory that extends the word
// lists.
const UserFileName = "speech-words.toml"

// wordLists is the layout of words.toml and of the user's file.
type wordLists struct {
	HardFillers   []string `toml:"hard_fillers"`
	SoftFillers   []string `toml:"soft_fillers"`
	Hedges        []string `toml:"hedges"`
	FirstSingular []string `toml:"first_singular"`
	FirstPlural   []string `toml:"first_plural"`
	NumberWords   []string `toml:"number_words"`
	Multipliers   []string `toml:"multipliers"`
	Units         []string `toml:"units"`
	Ignore        []string `toml:"ignore"`
}

// Lexicon holds the word lists the figures are counted with. The
// pronouns, number words and multipliers are the shared lists of package
// words, which the STAR check reads too (Words).
type Lexicon struct {
	hardFillers phrases
	softFillers phrases
	hedges      phrases
	words       *words.Lists
	units       phrases
}

// Words returns the pronoun, number and multiplier lists, with the user's
// entries, for the other measures of an answer to count with. They must
// not be changed.
func (l *Lexicon) Words() *words.Lists { return l.words }

// phrases are word sequences, longest first so that "i feel like" wins
// over "like".
type phrases [][]string

func (p *phrases) add(entries []string) {
	for _, e := range entries {
		if words := splitPhrase(e); len(words) > 0 && !p.has(words) {
			*p = append(*p, words)
		}
	}
	sort.SliceStable(*p, func(i, j int) bool { return len((*p)[i]) > len((*p)[j]) })
}

func (p phrases) has(words []string) bool {
	for _, q := range p {
		if strings.Join(q, " ") == strings.Join(words, " ") {
			return true
		}
	}
	return false
}

func (p *phrases) remove(words []string) {
	out := (*p)[:0]
	for _, q := range *p {
		if strings.Join(q, " ") != strings.Join(words, " ") {
			out = append(out, q)
		}
	}
	*p = out
}

func splitPhrase(s string) []string {
	var words []string
	for _, f := range strings.Fields(s) {
		if w := normalizeWord(f); w != "" {
			words = append(words, w)
		}
	}
	return words
}

// DefaultLexicon returns starcoach's own word lists.
func DefaultLexicon() *Lexicon {
	l := &Lexicon{words: words.Default().Clone()}
	if err := l.Extend(bytes.NewReader(defaultWords), "words.toml"); err != nil {
		panic("speech: built-in word lists: " + err.Error())
	}
	return l
}

// LoadLexicon returns the default word lists extended by the user's file
// at path; a missing file is fine.
func LoadLexicon(path string) (*Lexicon, error) {
	l := DefaultLexicon()
	f, err := safefile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err // names the file
	}
	defer f.Close()
	if err := l.Extend(f, path); err != nil {
		return nil, err
	}
	return l, nil
}

// Extend adds the lists in the TOML read from r (named name in messages)
// and then drops every entry listed under ignore.
func (l *Lexicon) Extend(r io.Reader, name string) error {
	var w wordLists
	if err := config.Decode(r, name, &w); err != nil {
		return err
	}
	l.hardFillers.add(w.HardFillers)
	l.softFillers.add(w.SoftFillers)
	l.hedges.add(w.Hedges)
	l.words.Add(words.FirstSingular, w.FirstSingular)
	l.words.Add(words.FirstPlural, w.FirstPlural)
	l.words.Add(words.NumberWords, w.NumberWords)
	l.words.Add(words.Multipliers, w.Multipliers)
	l.units.add(w.Units)
	for _, e := range w.Ignore {
		ws := splitPhrase(e)
		if len(ws) == 0 {
			continue
		}
		for _, p := range []*phrases{&l.hardFillers, &l.softFillers, &l.hedges, &l.units} {
			p.remove(ws)
		}
		if len(ws) == 1 {
			l.words.Remove(ws[0])
		}
	}
	return nil
}

// Package probe chooses the follow-up question a Bar Raiser would push
// with after an answer ("What was the measurable impact?", "What did you
// personally do?"), from the answer's own weakest spot. It works offline,
// by rules over the STAR check; the questions come from a data file that
// users can extend.
package probe

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/speech"
	builtinprompts "github.com/starcoach/starcoach/prompts"

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

// FileName is the user's probes file in the config directory.
const FileName = "probes.toml"

// maxFileBytes bounds a probes file: a list of questions is a few
// kilobytes, so anything near this is not one.
const maxFileBytes = 1 << 20

// maxTextLen bounds one probe's question.
const maxTextLen = 300

// The weaknesses the rules judge; a probe may also name any finding code
// of the STAR check (star.FindingCodes).
const (
	NoNumber     = "no_number"     // the Result has no number, or there is no Result
	WeOverI      = "we_over_i"     // "we" outweighs "I" in the Action
	ThinAction   = "thin_action"   // the Action is missing, short or hypothetical
	NoReflection = "no_reflection" // no closing lesson
)

var ruleWeaknesses = []string{NoNumber, WeOverI, ThinAction, NoReflection}

// Probe is one follow-up question, with why it was chosen.
type Probe struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Set is the probes starcoach can ask, in the order of the files they came
// from. Build one with Load or Parse.
type Set struct {
	probes []entry
	// speech holds the word lists numbers and pronouns are counted with;
	// nil for the built-in ones.
	speech *speech.Lexicon
}

// WithSpeech returns a set like s that counts numbers and pronouns with
// the speech word lists of lex, the user's entries included, as the speech
// figures and the STAR check do. s is unchanged.
func (s *Set) WithSpeech(lex *speech.Lexicon) *Set {
	out := *s
	out.speech = lex
	return &out
}

type entry struct {
	id, weakness, text string
}

// Len reports how many probes the set holds.
func (s *Set) Len() int { return len(s.probes) }

// Default returns the built-in probes.
func Default() *Set {
	s, err := Parse(bytes.NewReader(builtinprompts.Probes()), "built-in probes.toml")
	if err != nil {
		// The embedded file is part of the source and tested.
		panic("probe: " + err.Error())
	}
	return s
}

// Load returns the built-in probes extended by <userConfigDir>/probes.toml
// when there is one ("" for none). A probe there with a built-in probe's id
// replaces it; others are added after the built-in ones. A malformed file
// is an error naming the file and line.
func Load(userConfigDir string) (*Set, error) {
	set := Default()
	if userConfigDir == "" {
		return set, nil
	}
	path := filepath.Join(userConfigDir, FileName)
	f, err := safefile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return set, nil
	}
	if err != nil {
		return nil, err // names the file
	}
	defer f.Close()
	user, err := Parse(f, path)
	if err != nil {
		return nil, fmt.Errorf("%w; fix it or move it away", err)
	}
	return set.merge(user), nil
}

// fileFormat is the TOML layout of probes.toml.
type fileFormat struct {
	Probe []struct {
		ID       string `toml:"id"`
		Weakness string `toml:"weakness"`
		Text     string `toml:"text"`
	} `toml:"probe"`
}

var validID = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// Parse reads probes in the probes.toml format from r; name is the file
// named in errors, which have the form "name:line: problem".
func Parse(r io.Reader, name string) (*Set, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d KB, which no list of probes needs", name, maxFileBytes>>10)
	}
	var f fileFormat
	if err := config.Decode(bytes.NewReader(data), name, &f); err != nil {
		return nil, err
	}
	lines := tableLines(data, "probe")
	known := knownWeaknesses()
	set := &Set{}
	seen := map[string]bool{}
	for i, p := range f.Probe {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: probe %d: %s", name, line, i+1, fmt.Sprintf(format, args...))
		}
		id, weakness, text := strings.TrimSpace(p.ID), strings.TrimSpace(p.Weakness), strings.TrimSpace(p.Text)
		switch {
		case id == "":
			return nil, fail("id is missing (e.g. id = \"impact\")")
		case !validID.MatchString(id):
			return nil, fail("id %q: use letters, digits, '-', '_' and '.' only", id)
		case seen[id]:
			return nil, fail("id %q is used twice", id)
		case weakness == "":
			return nil, fail("weakness is missing: use one of %s", strings.Join(ruleWeaknesses, ", "))
		case !known[weakness]:
			return nil, fail("unknown weakness %q: use one of %s, or a STAR finding code (%s)", weakness, strings.Join(ruleWeaknesses, ", "), strings.Join(star.FindingCodes(), ", "))
		case text == "":
			return nil, fail("text is missing: the question to ask")
		case len(text) > maxTextLen:
			return nil, fail("text is %d characters: keep a probe under %d", len(text), maxTextLen)
		}
		seen[id] = true
		set.probes = append(set.probes, entry{id: id, weakness: weakness, text: text})
	}
	return set, nil
}

// tableLines returns the line number of each [[name]] header in data.
func tableLines(data []byte, name string) []int {
	var out []int
	header := "[[" + name + "]]"
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if k, _, _ := strings.Cut(l, "#"); strings.ReplaceAll(k, " ", "") == header {
			out = append(out, i+1)
		}
	}
	return out
}

func knownWeaknesses() map[string]bool {
	known := map[string]bool{}
	for _, w := range ruleWeaknesses {
		known[w] = true
	}
	for _, c := range star.FindingCodes() {
		known[c] = true
	}
	return known
}

// merge returns the probes of s with those of extra: same id replaces,
// new ids come after.
func (s *Set) merge(extra *Set) *Set {
	out := &Set{probes: append([]entry(nil), s.probes...), speech: s.speech}
	for _, e := range extra.probes {
		replaced := false
		for i := range out.probes {
			if out.probes[i].id == e.id {
				out.probes[i], replaced = e, true
				break
			}
		}
		if !replaced {
			out.probes = append(out.probes, e)
		}
	}
	return out
}

// Choose returns the probe for the answer's strongest weakness, or false
// for an answer with none the set has a probe for.
func (s *Set) Choose(t *transcript.Transcript, r star.Result) (Probe, bool) {
	if !r.Judged() {
		return Probe{}, false // nothing to push on in words that were not heard
	}
	// The push follows the answer's top finding that a probe covers: a
	// probe named for the finding's own code, else for the weakness the
	// rules judge it under.
	ws := map[string]Weakness{}
	for _, w := range find(t, r, s.speech) {
		if _, ok := ws[w.Name]; !ok {
			ws[w.Name] = w
		}
	}
	for _, f := range r.Findings {
		for _, name := range []string{f.Code, findingWeakness[f.Code]} {
			if name == "" {
				continue
			}
			w, found := ws[name]
			if !found && !missingSection[f.Code] {
				continue // the rules judged it not weak (a figure said elsewhere)
			}
			if !found {
				w = Weakness{Reason: lowerFirst(strings.TrimSuffix(strings.SplitN(f.Message, ":", 2)[0], "."))}
			}
			for _, e := range s.probes {
				if e.weakness == name {
					return Probe{ID: e.id, Text: e.text, Reason: w.Reason}, true
				}
			}
		}
	}
	all := s.All(t, r)
	if len(all) == 0 {
		return Probe{}, false
	}
	return all[0], true
}

// missingSection are the findings of a missing section: the push asks for
// it whatever else the answer says.
var missingSection = map[string]bool{"missing_result": true, "missing_action": true}

// findingWeakness is the rule weakness each finding of the STAR check is
// judged under.
var findingWeakness = map[string]string{
	"missing_result": NoNumber, "result_vague": NoNumber, "result_no_number": NoNumber,
	"we_over_i": WeOverI,
	"generic":   ThinAction, "missing_action": ThinAction,
	"no_reflection": NoReflection,
}

// All returns a probe for each weakness of the answer that the set has a
// probe for, strongest weakness first (between equally strong ones, in
// the set's order).
func (s *Set) All(t *transcript.Transcript, r star.Result) []Probe {
	type candidate struct {
		w     Weakness
		probe int
	}
	var cands []candidate
	for _, w := range find(t, r, s.speech) {
		for i, e := range s.probes {
			if e.weakness == w.Name {
				cands = append(cands, candidate{w, i})
				break
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].w.Strength != cands[j].w.Strength {
			return cands[i].w.Strength > cands[j].w.Strength
		}
		return cands[i].probe < cands[j].probe
	})
	out := make([]Probe, 0, len(cands))
	for _, c := range cands {
		e := s.probes[c.probe]
		out = append(out, Probe{ID: e.id, Text: e.text, Reason: c.w.Reason})
	}
	return out
}

// lowerFirst starts a finding's message as a reason: "No Result" -> "no
// Result".
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

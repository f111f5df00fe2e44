package star

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// labelledDir holds the hand-labelled answers: one answer per file, one
// unit per line as "S| text", comments with "#". Files named heldout-*
// were never looked at while the method was tuned.
var labelledDir = filepath.Join("..", "..", "testdata", "star", "labelled")

type labelledLine struct {
	label Label
	text  string
}

type labelledAnswer struct {
	name    string
	heldOut bool
	lines   []labelledLine
	header  map[string]string // "# key: value" comments
}

// style is what the answer was written to show ("we only, fillers").
func (a labelledAnswer) style() string { return a.header["style"] }

func loadLabelled(t testing.TB) []labelledAnswer {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(labelledDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no labelled answers in %s: %v", labelledDir, err)
	}
	var out []labelledAnswer
	for _, p := range paths {
		a, err := readLabelled(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func readLabelled(path string) (labelledAnswer, error) {
	f, err := os.Open(path)
	if err != nil {
		return labelledAnswer{}, err
	}
	defer f.Close()
	name := filepath.Base(path)
	a := labelledAnswer{name: name, heldOut: strings.HasPrefix(name, "heldout-"), header: map[string]string{}}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if c, ok := strings.CutPrefix(line, "#"); ok {
			if k, v, ok := strings.Cut(c, ":"); ok {
				a.header[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
			continue
		}
		tag, text, ok := strings.Cut(line, "|")
		l, okLabel := ParseLabel(tag)
		if !ok || !okLabel || strings.TrimSpace(text) == "" {
			return a, fmt.Errorf("%s:%d: want \"S| text\" (S, T, A or R), got %q", path, n, line)
		}
		a.lines = append(a.lines, labelledLine{l, strings.TrimSpace(text)})
	}
	if len(a.lines) == 0 {
		return a, fmt.Errorf("%s: no labelled lines", path)
	}
	return a, sc.Err()
}

// engineLike reports an answer written as an engine without punctuation
// would give it.
func (a labelledAnswer) engineLike() bool {
	for _, l := range a.lines {
		if strings.ContainsAny(l.text, ".?!,") {
			return false
		}
	}
	return true
}

// words returns the answer's words and each one's true label.
func (a labelledAnswer) words() ([]string, []Label) {
	var words []string
	var labels []Label
	for _, l := range a.lines {
		for _, w := range strings.Fields(l.text) {
			words = append(words, w)
			labels = append(labels, l.label)
		}
	}
	return words, labels
}

// variant is one way of presenting an answer to the check.
type variant struct {
	tr     *transcript.Transcript
	labels []Label
}

// punctuatedVariant gives the text as written, untimed (as from --text).
func (a labelledAnswer) punctuatedVariant() variant {
	words, labels := a.words()
	return variant{&transcript.Transcript{Text: strings.Join(words, " ")}, labels}
}

// unpunctuatedVariant makes what a plain engine would give from the same
// answer: lower case, no punctuation, hyphens split, and about one word in
// twenty lost. With timed set it also gets word times at a natural rate,
// with a pause at most (not all) sentence ends and a few hesitation pauses
// elsewhere.
func (a labelledAnswer) unpunctuatedVariant(timed bool) variant {
	h := fnv.New64a()
	h.Write([]byte(a.name))
	rng := rand.New(rand.NewSource(int64(h.Sum64())))
	var words []transcript.Word
	var labels []Label
	var plain []string
	at := 0.3
	for _, l := range a.lines {
		raw := strings.Fields(strings.NewReplacer("-", " ", "/", " ").Replace(l.text))
		for i, w := range raw {
			sentenceEnd := strings.ContainsAny(w, ".?!") && i == len(raw)-1
			comma := strings.ContainsAny(w, ",;:")
			w = strings.ToLower(strings.Trim(w, `.,?!:;"()`))
			if w == "" {
				continue
			}
			if rng.Float64() < 0.05 {
				continue
			}
			dur := 0.12 + 0.045*float64(len(w))
			words = append(words, transcript.Word{StartS: at, EndS: at + dur, Word: w})
			labels = append(labels, l.label)
			plain = append(plain, w)
			at += dur + 0.04
			switch {
			case sentenceEnd && rng.Float64() < 0.7:
				at += 0.6 + rng.Float64()*0.6
			case comma && rng.Float64() < 0.5:
				at += 0.25 + rng.Float64()*0.3
			case rng.Float64() < 0.03:
				at += 0.6 + rng.Float64()*0.8
			}
		}
		if !strings.ContainsAny(l.text, ".?!") && rng.Float64() < 0.6 {
			at += 0.6 + rng.Float64()*0.5 // engine-like lines end sentences too
		}
	}
	tr := &transcript.Transcript{Text: strings.Join(plain, " ")}
	if timed {
		tr.Words = words
		tr.DurationS = at
	}
	return variant{tr, labels}
}

func TestLabelledSetIsWellFormed(t *testing.T) {
	answers := loadLabelled(t)
	if len(answers) < 40 {
		t.Errorf("%d labelled answers, want at least 40", len(answers))
	}
	heldOut, engine := 0, 0
	for _, a := range answers {
		if a.heldOut {
			heldOut++
		}
		if a.engineLike() {
			engine++
		}
		v := a.punctuatedVariant()
		toks, _ := tokenize(v.tr)
		if len(toks) != len(v.labels) {
			t.Errorf("%s: %d tokens for %d labelled words", a.name, len(toks), len(v.labels))
		}
		for _, uv := range []variant{a.unpunctuatedVariant(false), a.unpunctuatedVariant(true)} {
			toks, _ := tokenize(uv.tr)
			if len(toks) != len(uv.labels) {
				t.Errorf("%s unpunctuated: %d tokens for %d labelled words", a.name, len(toks), len(uv.labels))
			}
		}
	}
	if heldOut < 10 || engine < 5 {
		t.Errorf("%d held-out and %d engine-like answers, want at least 10 and 5", heldOut, engine)
	}
}

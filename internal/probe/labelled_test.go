package probe

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

var (
	answersDir = filepath.Join("..", "..", "testdata", "star", "labelled")
	labelsFile = filepath.Join("..", "..", "testdata", "probe", "labels.txt")
)

type labelledAnswer struct {
	name  string
	text  string
	weak  map[string]bool
	label string
}

// loadLabelled reads the weak spots judged for each labelled STAR answer
// and the answer's text (its "S| text" lines, labels dropped).
func loadLabelled(t *testing.T) []labelledAnswer {
	t.Helper()
	f, err := os.Open(labelsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledAnswer
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			t.Fatalf("%s:%d: want \"FILE WEAKNESS...\" or \"FILE -\"", labelsFile, n)
		}
		a := labelledAnswer{name: fields[0], weak: map[string]bool{}, label: strings.Join(fields[1:], " ")}
		for _, w := range fields[1:] {
			switch w {
			case "-":
			case NoNumber, WeOverI, ThinAction, NoReflection:
				a.weak[w] = true
			default:
				t.Fatalf("%s:%d: unknown weakness %q", labelsFile, n, w)
			}
		}
		a.text = readAnswerText(t, filepath.Join(answersDir, a.name))
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readAnswerText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		_, text, ok := strings.Cut(line, "|")
		if !ok {
			t.Fatalf("%s: line %q is not \"S| text\"", path, line)
		}
		lines = append(lines, strings.TrimSpace(text))
	}
	return strings.Join(lines, " ")
}

// unpunctuated is the answer as an engine without punctuation writes it.
func unpunctuated(text string) string {
	var words []string
	for _, w := range strings.Fields(strings.NewReplacer("-", " ", "/", " ").Replace(text)) {
		if w = strings.ToLower(strings.Trim(w, `.,?!:;"()`)); w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

type counts struct{ tp, fp, fn, tn int }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestRulesOnLabelledAnswers runs each probe rule on the labelled answers
// and compares it with the weak spots judged by reading them: precision and
// recall per rule, for the answers as written and as an engine without
// punctuation gives them (lower floor there: without punctuation the STAR
// check's Result boundary moves, and the number rule reads the Result as
// the check found it). A strong answer as written gets no probe at all.
func TestRulesOnLabelledAnswers(t *testing.T) {
	answers := loadLabelled(t)
	if len(answers) < 20 {
		t.Fatalf("%d labelled answers, want at least 20", len(answers))
	}
	set := Default()
	variants := []struct {
		name  string
		text  func(string) string
		floor float64
	}{
		{"as written", func(s string) string { return s }, 0.8},
		{"unpunctuated", unpunctuated, 0.65},
	}
	for _, v := range variants {
		per := map[string]*counts{}
		for _, w := range ruleWeaknesses {
			per[w] = &counts{}
		}
		strong, strongQuiet := 0, 0
		for _, a := range answers {
			tr := &transcript.Transcript{Text: v.text(a.text)}
			r := star.Check(tr, nil, nil)
			found := map[string]bool{}
			for _, w := range Find(tr, r) {
				found[w.Name] = true
			}
			for _, w := range ruleWeaknesses {
				c := per[w]
				switch {
				case found[w] && a.weak[w]:
					c.tp++
				case found[w]:
					c.fp++
					t.Logf("%s (%s): %s found, not judged weak", a.name, v.name, w)
				case a.weak[w]:
					c.fn++
					t.Logf("%s (%s): %s missed", a.name, v.name, w)
				default:
					c.tn++
				}
			}
			if len(a.weak) == 0 {
				strong++
				if p, ok := set.Choose(tr, r); ok && v.name == "as written" {
					t.Errorf("%s (%s): strong answer probed with %q (%s)", a.name, v.name, p.Text, p.Reason)
				} else if !ok {
					strongQuiet++
				}
			}
		}
		names := append([]string(nil), ruleWeaknesses...)
		sort.Strings(names)
		for _, w := range names {
			c := per[w]
			t.Logf("%-13s %-14s precision %.2f recall %.2f (fired right %d, wrongly %d, missed %d, quiet right %d)", v.name, w, c.precision(), c.recall(), c.tp, c.fp, c.fn, c.tn)
			if c.tp+c.fn < 5 {
				t.Errorf("%s: only %d answers judged weak, want at least 5", w, c.tp+c.fn)
			}
			if c.precision() < v.floor || c.recall() < v.floor {
				t.Errorf("%s, %s: precision %.2f, recall %.2f, want at least %.2f", v.name, w, c.precision(), c.recall(), v.floor)
			}
		}
		t.Logf("%-13s strong answers without a probe: %d of %d", v.name, strongQuiet, strong)
		if strong < 5 {
			t.Errorf("%d strong answers, want at least 5", strong)
		}
	}
}

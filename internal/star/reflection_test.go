package star

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// reflectionLabels is the hand judgement of which labelled answers close on
// a lesson: "FILE yes WORDS" (WORDS start the lesson) or "FILE no".
var reflectionLabels = filepath.Join("..", "..", "testdata", "star", "reflection.txt")

type reflectionTruth struct {
	present bool
	words   []string // the lesson's first words, normalised
}

func loadReflectionTruth(t *testing.T) map[string]reflectionTruth {
	t.Helper()
	f, err := os.Open(reflectionLabels)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]reflectionTruth{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		switch {
		case len(fields) == 2 && fields[1] == "no":
			out[fields[0]] = reflectionTruth{}
		case len(fields) > 2 && fields[1] == "yes":
			out[fields[0]] = reflectionTruth{true, normalWords(strings.Join(fields[2:], " "))}
		default:
			t.Fatalf("%s:%d: want \"FILE yes WORDS\" or \"FILE no\", got %q", reflectionLabels, n, line)
		}
	}
	return out
}

func normalWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(strings.NewReplacer("-", " ", "/", " ").Replace(s)) {
		if w = strings.ToLower(strings.Trim(w, `.,?!:;"()`)); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// lessonLine returns the words of the labelled line holding the lesson.
func lessonLine(a labelledAnswer, lesson []string) []string {
	start := strings.Join(lesson, " ")
	for _, l := range a.lines {
		words := normalWords(l.text)
		if strings.Contains(" "+strings.Join(words, " ")+" ", " "+start+" ") {
			return words
		}
	}
	return nil
}

// inLesson reports whether the span the check found is the lesson: most of
// its words come from the lesson's sentence, and it holds some of them
// (an engine's cut can start it a few words early or late).
func inLesson(span string, line []string) bool {
	in := map[string]bool{}
	for _, w := range line {
		in[w] = true
	}
	words := normalWords(span)
	hit := 0
	for _, w := range words {
		if in[w] {
			hit++
		}
	}
	return hit >= 3 && 2*hit >= len(words)
}

// TestReflectionDetection measures the reflection against the hand
// judgement of every labelled answer, as written and as an engine without
// punctuation gives it (with and without word times): precision, recall,
// and whether the span found is the lesson.
func TestReflectionDetection(t *testing.T) {
	answers := loadLabelled(t)
	truth := loadReflectionTruth(t)
	type variantPick struct {
		name  string
		pick  func(labelledAnswer) variant
		floor float64
	}
	picks := []variantPick{
		{"punctuated", labelledAnswer.punctuatedVariant, 0.9},
		{"unpunctuated, no times", func(a labelledAnswer) variant { return a.unpunctuatedVariant(false) }, 0.8},
		{"unpunctuated, word times", func(a labelledAnswer) variant { return a.unpunctuatedVariant(true) }, 0.8},
	}
	positives := 0
	for _, a := range answers {
		want, ok := truth[a.name]
		if !ok {
			t.Fatalf("%s has no line in %s", a.name, reflectionLabels)
		}
		if want.present {
			positives++
			if lessonLine(a, want.words) == nil {
				t.Fatalf("%s: no line starts the lesson %q", a.name, strings.Join(want.words, " "))
			}
		}
	}
	if positives < 10 || len(answers)-positives < 10 {
		t.Fatalf("%d answers with a reflection and %d without, want at least 10 of each", positives, len(answers)-positives)
	}
	for _, p := range picks {
		tp, fp, fn, wrongSpan := 0, 0, 0, 0
		for _, a := range answers {
			want := truth[a.name]
			v := p.pick(a)
			got := Check(v.tr, nil, nil).Reflection
			switch {
			case got.Present && want.present:
				tp++
				if !inLesson(got.Text, lessonLine(a, want.words)) {
					wrongSpan++
					t.Logf("%s (%s): reflection found in %q, not in the lesson %q", a.name, p.name, got.Text, strings.Join(want.words, " "))
				}
			case got.Present:
				fp++
				t.Logf("%s (%s): reflection %q (%q) in an answer without one", a.name, p.name, got.Text, got.Phrase)
			case want.present:
				fn++
				t.Logf("%s (%s): lesson %q missed", a.name, p.name, strings.Join(want.words, " "))
			}
		}
		precision, recall := ratio(tp, tp+fp), ratio(tp, tp+fn)
		t.Logf("reflection %-26s precision %.2f recall %.2f (%d found right, %d false, %d missed, %d in the wrong place; %d answers)", p.name, precision, recall, tp, fp, fn, wrongSpan, len(answers))
		if precision < p.floor || recall < p.floor {
			t.Errorf("%s: reflection precision %.2f, recall %.2f, want at least %.2f", p.name, precision, recall, p.floor)
		}
		if wrongSpan > 0 {
			t.Errorf("%s: %d reflections found outside the lesson", p.name, wrongSpan)
		}
	}
}

func TestReflection(t *testing.T) {
	setup := "Last spring our checkout page was timing out during sales. My job was to make it hold the load. "
	action := "I profiled the service, I found a slow query, and I added an index and a cache. "
	result := "Timeouts dropped from two percent to zero point one percent. "
	cases := []struct {
		name, text, phrase string
		present            bool
	}{
		{"learned", setup + action + result + "I learned to measure before I optimize.", "i learned", true},
		{"next time", setup + action + result + "Next time I would load test before the sale, not during it.", "next time", true},
		{"in hindsight", setup + action + result + "In hindsight, I should have asked for help sooner.", "in hindsight", true},
		{"none", setup + action + result, "", false},
		{"realized in the action", setup + "I realized the query was slow, so I added an index and a cache. " + result, "", false},
		{"learned in the situation", "I had just learned Go when our checkout page started timing out. My job was to make it hold the load. " + action + result, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Check(&transcript.Transcript{Text: c.text}, nil, nil)
			ref := r.Reflection
			if ref.Present != c.present || ref.Phrase != c.phrase {
				t.Fatalf("reflection %+v, want present %v phrase %q", ref, c.present, c.phrase)
			}
			part := r.ScoreParts["reflection"]
			if c.present {
				if part.Points != part.Max || part.Max == 0 {
					t.Errorf("reflection part %+v, want full points", part)
				}
				words := strings.Fields(r.Reflection.Text)
				all := strings.Fields(c.text)
				if strings.Join(all[ref.FirstWord:ref.FirstWord+ref.Words], " ") != strings.Join(words, " ") {
					t.Errorf("span words %d+%d do not give %q", ref.FirstWord, ref.Words, ref.Text)
				}
				if !strings.HasSuffix(c.text, ref.Text) {
					t.Errorf("reflection %q is not the closing sentence", ref.Text)
				}
			} else if part.Points != 0 {
				t.Errorf("reflection part %+v without a reflection", part)
			}
		})
	}
}

func TestReflectionRewardsScore(t *testing.T) {
	base := "Last spring our checkout page was timing out during sales. My job was to make it hold the load. I profiled the service, I found a slow query, and I added an index and a cache. Timeouts dropped from two percent to zero point one percent."
	without := Check(&transcript.Transcript{Text: base}, nil, nil)
	with := Check(&transcript.Transcript{Text: base + " I learned to measure before I optimize."}, nil, nil)
	if with.Score <= without.Score {
		t.Errorf("score %d with a reflection, %d without", with.Score, without.Score)
	}
}

func TestReflectionJSON(t *testing.T) {
	timed := &transcript.Transcript{Words: []transcript.Word{}}
	text := "Our deploys took forty minutes. My goal was ten. I split the tests into shards and I ran them in parallel. Deploys dropped to seven minutes. I learned to measure first."
	for i, w := range strings.Fields(text) {
		timed.Words = append(timed.Words, transcript.Word{StartS: float64(i) * 0.4, EndS: float64(i)*0.4 + 0.3, Word: w})
	}
	r := Check(timed, nil, nil)
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Reflection map[string]any `json:"reflection"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Reflection["present"] != true || doc.Reflection["phrase"] != "i learned" || doc.Reflection["start_s"] == nil {
		t.Errorf("reflection JSON %v", doc.Reflection)
	}
	var back Result
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Reflection.Text != r.Reflection.Text || !back.Reflection.Timed() || back.Reflection.StartS != round2(r.Reflection.StartS) {
		t.Errorf("read back %+v, wrote %+v", back.Reflection, r.Reflection)
	}
	// Checks saved before the reflection had its span held a plain bool.
	var old Result
	if err := json.Unmarshal([]byte(`{"reflection": true}`), &old); err != nil || !old.Reflection.Present {
		t.Errorf("old form: %+v, %v", old.Reflection, err)
	}
	none, _ := json.Marshal(Check(&transcript.Transcript{Text: "We shipped it."}, nil, nil).Reflection)
	if string(none) != `{"present":false}` {
		t.Errorf("absent reflection as %s", none)
	}
}

package star

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/starcoach/starcoach/internal/transcript"
)

// checkContract verifies what the --json contract promises: sections in
// order, not overlapping, their texts together giving back every word;
// findings with severity, code and message; a score with its parts.
func checkContract(t *testing.T, name string, tr *transcript.Transcript, r Result) {
	t.Helper()
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var doc struct {
		Sections []struct {
			Label     string   `json:"label"`
			Text      *string  `json:"text"`
			StartS    *float64 `json:"start_s"`
			EndS      *float64 `json:"end_s"`
			Share     *float64 `json:"share"`
			Words     int      `json:"words"`
			FirstWord int      `json:"first_word"`
		} `json:"sections"`
		Findings []struct {
			Severity, Code, Message string
		} `json:"findings"`
		Score      *int `json:"score"`
		ScoreParts map[string]struct {
			Points, Max int
		} `json:"score_parts"`
		Missing   []string `json:"missing"`
		Timed     bool     `json:"timed"`
		NotJudged string   `json:"not_judged"`
		Fillers   *int     `json:"fillers"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v in %s", name, err, data)
	}
	var texts []string
	next, shares := 0, 0.0
	for i, s := range doc.Sections {
		if _, ok := ParseLabel(s.Label); !ok || len(s.Label) != 1 || s.Text == nil || s.Share == nil {
			t.Fatalf("%s: section %d malformed: %+v", name, i, s)
		}
		if i > 0 && s.Label == doc.Sections[i-1].Label {
			t.Errorf("%s: sections %d and %d are both %s", name, i-1, i, s.Label)
		}
		if s.FirstWord != next || s.Words != len(strings.Fields(*s.Text)) {
			t.Errorf("%s: section %d starts at word %d with %d words, want %d", name, i, s.FirstWord, s.Words, next)
		}
		next += s.Words
		texts = append(texts, *s.Text)
		shares += *s.Share
		if doc.Timed != (s.StartS != nil && s.EndS != nil) {
			t.Errorf("%s: section %d times %v-%v in a transcript timed %v", name, i, s.StartS, s.EndS, doc.Timed)
		}
		if doc.Timed {
			if *s.EndS < *s.StartS || (i > 0 && *s.StartS != *doc.Sections[i-1].EndS) {
				t.Errorf("%s: section %d spans %.2f-%.2f after one ending at %.2f", name, i, *s.StartS, *s.EndS, *doc.Sections[i-1].EndS)
			}
		}
	}
	if len(doc.Sections) > 0 && math.Abs(shares-1) > 0.01 {
		t.Errorf("%s: shares add up to %.3f", name, shares)
	}
	if got, want := strings.Fields(strings.Join(texts, " ")), transcriptWords(tr); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s: sections give back\n%q\nnot the transcript's words\n%q", name, got, want)
	}
	for _, f := range doc.Findings {
		if f.Code == "" || f.Message == "" || (f.Severity != High && f.Severity != Medium && f.Severity != Low) {
			t.Errorf("%s: finding %+v", name, f)
		}
	}
	if doc.NotJudged != "" {
		// Not judged: no score, no fillers, only the parts and findings
		// that come from the audio's timing, after one saying why.
		if doc.Score != nil || doc.Fillers != nil || len(doc.ScoreParts) != len(timeParts) || len(doc.Findings) == 0 || doc.Findings[0].Code != "not_judged" {
			t.Errorf("%s: not judged (%s) but score %v, fillers %v, parts %v, findings %v", name, doc.NotJudged, doc.Score, doc.Fillers, doc.ScoreParts, doc.Findings)
		}
		for _, f := range doc.Findings[1:] {
			if !timeCodes[f.Code] {
				t.Errorf("%s: not judged, yet finding %s", name, f.Code)
			}
		}
		return
	}
	if doc.Score == nil || doc.Fillers == nil || len(doc.ScoreParts) != len(ScoreOrder) || doc.Missing == nil {
		t.Errorf("%s: score %v, parts %v, missing %v", name, doc.Score, doc.ScoreParts, doc.Missing)
	}
}

// transcriptWords is every word of the transcript in the form the check
// reads it: the engine's words (punctuation tokens joined to the word
// before), else the segments' or the text's words.
func transcriptWords(tr *transcript.Transcript) []string {
	var out []string
	switch {
	case len(tr.Words) > 0:
		for _, w := range tr.Words {
			s := strings.TrimSpace(w.Word)
			if s == "" {
				continue
			}
			if len(matchWords(s)) == 0 && len(out) > 0 {
				out[len(out)-1] += s
				continue
			}
			out = append(out, s)
		}
	case segmentsTimed(tr.Segments):
		for _, s := range tr.Segments {
			out = append(out, strings.Fields(s.Text)...)
		}
	default:
		out = strings.Fields(tr.Text)
	}
	return out
}

func TestJSONContract(t *testing.T) {
	for _, a := range loadLabelled(t) {
		for name, v := range map[string]variant{
			"punctuated":         a.punctuatedVariant(),
			"unpunctuated":       a.unpunctuatedVariant(false),
			"unpunctuated timed": a.unpunctuatedVariant(true),
		} {
			checkContract(t, a.name+" "+name, v.tr, spoken(v.tr, nil, nil))
		}
	}
	checkContract(t, "engine words", &transcript.Transcript{Words: []transcript.Word{
		{StartS: 0.2, EndS: 0.5, Word: " At"}, {StartS: 0.5, EndS: 0.9, Word: " my"}, {StartS: 0.9, EndS: 1.2, Word: " job"},
		{StartS: 1.2, EndS: 1.3, Word: "."}, {StartS: 2.0, EndS: 2.3, Word: " I"}, {StartS: 2.3, EndS: 2.6, Word: " fixed"},
		{StartS: 2.6, EndS: 2.9, Word: " it"}, {StartS: 2.9, EndS: 3.0, Word: "."},
	}}, spoken(&transcript.Transcript{Words: []transcript.Word{
		{StartS: 0.2, EndS: 0.5, Word: " At"}, {StartS: 0.5, EndS: 0.9, Word: " my"}, {StartS: 0.9, EndS: 1.2, Word: " job"},
		{StartS: 1.2, EndS: 1.3, Word: "."}, {StartS: 2.0, EndS: 2.3, Word: " I"}, {StartS: 2.3, EndS: 2.6, Word: " fixed"},
		{StartS: 2.6, EndS: 2.9, Word: " it"}, {StartS: 2.9, EndS: 3.0, Word: "."},
	}}, nil, nil))
	empty := &transcript.Transcript{}
	checkContract(t, "empty", empty, spoken(empty, nil, nil))
	checkContract(t, "nil", &transcript.Transcript{}, spoken(nil, nil, nil))
}

// FuzzCheck feeds the check arbitrary text, with and without word times:
// it must never panic and must always give back every word.
func FuzzCheck(f *testing.F) {
	f.Add(answer(goodS, goodT, goodA, goodR), false)
	f.Add("situation: um. task - uh... action — so then after that. result: 40% $2m 10x", true)
	f.Add(". . . : : — – - ...", false)
	f.Add("so so so so so so so so in the end in the end first first i i i", true)
	f.Fuzz(func(t *testing.T, s string, timed bool) {
		if !utf8.ValidString(s) {
			return // transcripts are JSON, always UTF-8
		}
		tr := &transcript.Transcript{Text: s}
		if timed {
			tr = timedWords(s, 0.3)
		}
		r := spoken(tr, &Timing{DurationS: 60, LimitS: 120}, nil)
		checkContract(t, "fuzz", tr, r)
	})
}

func BenchmarkCheck(b *testing.B) {
	a, err := readLabelled(labelledDir + "/10-clinic-reminders-rambling.txt")
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range []struct {
		name string
		v    variant
	}{{"punctuated", a.punctuatedVariant()}, {"unpunctuated", a.unpunctuatedVariant(true)}} {
		b.Run(v.name, func(b *testing.B) {
			lex := DefaultLexicon()
			b.ReportAllocs()
			for b.Loop() {
				Check(v.v.tr, nil, lex)
			}
		})
	}
}

package star

import (
	"reflect"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// unitTexts splits t into units and returns each unit's text.
func unitTexts(t *transcript.Transcript) []string {
	lex := DefaultLexicon()
	toks, _ := tokenize(t)
	var out []string
	for _, u := range lex.splitUnits(toks) {
		var words []string
		for _, tk := range toks[u.from:u.to] {
			words = append(words, tk.text)
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}

func TestMatchWords(t *testing.T) {
	tests := map[string][]string{
		"Latency.":     {"latency"},
		"40%":          {"40", "percent"},
		"$2m,":         {"2", "million", "dollars"},
		"10x":          {"10", "times"},
		"A/B":          {"a", "b"},
		"end-to-end":   {"end", "to", "end"},
		"“didn’t”":     {"didn't"},
		"3.5":          {"3.5"},
		"1,200":        {"1,200"},
		"—":            nil,
		"(Situation:)": {"situation"},
		"thirty-five.": {"thirty", "five"},
	}
	for in, want := range tests {
		if got := matchWords(in); !reflect.DeepEqual(got, want) {
			t.Errorf("matchWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTokenizeSources(t *testing.T) {
	// Engine words with punctuation as tokens of their own.
	toks, timed := tokenize(&transcript.Transcript{Words: []transcript.Word{
		{StartS: 0.5, EndS: 0.8, Word: " We"}, {StartS: 0.8, EndS: 1.2, Word: " shipped"},
		{StartS: 1.2, EndS: 1.3, Word: "."}, {StartS: 2.5, EndS: 2.8, Word: " Then"},
	}})
	if !timed || len(toks) != 3 || toks[1].text != "shipped." || !toks[1].sentEnd || toks[2].pause < 1.1 {
		t.Errorf("words: timed %v, tokens %+v", timed, toks)
	}

	// Unpunctuated words beside punctuated text: the sentence ends carry over.
	toks, _ = tokenize(&transcript.Transcript{
		Text: "I fixed it. It worked.",
		Words: []transcript.Word{
			{StartS: 0, EndS: 0.2, Word: "i"}, {StartS: 0.2, EndS: 0.5, Word: "fixed"}, {StartS: 0.5, EndS: 0.7, Word: "it"},
			{StartS: 1.5, EndS: 1.7, Word: "it"}, {StartS: 1.7, EndS: 2.0, Word: "worked"},
		},
	})
	if len(toks) != 5 || !toks[2].sentEnd || toks[3].sentEnd || !toks[4].sentEnd {
		t.Errorf("punctuation transfer: %+v", toks)
	}

	// Timed segments: words share the segment's time.
	toks, timed = tokenize(&transcript.Transcript{Segments: []transcript.Segment{
		{StartS: 1, EndS: 3, Text: " At my last job."}, {StartS: 4, EndS: 5, Text: " I fixed it."},
	}})
	if !timed || len(toks) != 7 || toks[0].start != 1 || toks[3].end > 3.01 || toks[4].start != 4 || toks[4].pause < 0.9 {
		t.Errorf("segments: timed %v, tokens %+v", timed, toks)
	}

	// Untimed segments and plain text.
	toks, timed = tokenize(&transcript.Transcript{Segments: []transcript.Segment{{Text: "one two"}, {Text: "three"}}})
	if timed || len(toks) != 3 {
		t.Errorf("untimed segments: timed %v, %d tokens", timed, len(toks))
	}
	if toks, _ := tokenize(&transcript.Transcript{Text: "We use e.g. Go. Then we shipped."}); countSentenceEnds(toks) != 2 {
		t.Errorf("abbreviation ends a sentence: %+v", toks)
	}
}

func TestUnitsFollowSentences(t *testing.T) {
	got := unitTexts(text("At my last job, e.g. at Acme, we were slow. I fixed it! Did it work? Yes, by 40%."))
	want := []string{"At my last job, e.g. at Acme, we were slow.", "I fixed it!", "Did it work?", "Yes, by 40%."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("units %q, want %q", got, want)
	}
}

func TestSpokenLabels(t *testing.T) {
	lex := DefaultLexicon()
	for _, tc := range []struct {
		text string
		want []string // spoken label of each unit, "" for none
	}{
		{"Situation. Our checkout was slow. Task: fix it in a sprint. Action. I profiled it. Result: it got faster.", []string{"S", "T", "A", "R"}},
		{"Okay, um, situation: I was at a bank. The result was good.", []string{"S", ""}},
		{"situation i was at a bank and loans were slow task my manager asked me to fix it action so i mapped the process result the time went down", []string{"S", "T", "A", "R"}},
		{"we took action quickly and the end result was good as a result we won", []string{"", ""}},
	} {
		toks, _ := tokenize(text(tc.text))
		var got []string
		for _, u := range lex.splitUnits(toks) {
			l := ""
			if u.said {
				l = u.spoken.String()
			}
			got = append(got, l)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: spoken labels %q, want %q (units %q)", tc.text, got, tc.want, unitTexts(text(tc.text)))
		}
	}
}

func TestUnpunctuatedUnits(t *testing.T) {
	got := unitTexts(text("um so at my last job our deploys took forty minutes and failed every week " +
		"so first i measured every stage of the pipeline and it turned out the tests ran one by one " +
		"after that i split them into shards so that they ran in parallel " +
		"in the end deploys took about seven minutes or so"))
	joined := "|" + strings.Join(got, "|") + "|"
	// Discourse markers open units ...
	for _, start := range []string{"|so first i measured", "|after that i split", "|in the end deploys"} {
		if !strings.Contains(joined, start) {
			t.Errorf("no unit starts at %q: %q", start[1:], got)
		}
	}
	// ... but not where they do not open a clause.
	for _, inside := range []string{"shards so that they", "minutes or so|"} {
		if !strings.Contains(joined, inside) {
			t.Errorf("%q is cut: %q", inside, got)
		}
	}
}

func TestPausesSplitUnpunctuatedSpeech(t *testing.T) {
	tr := &transcript.Transcript{}
	at := 0.0
	add := func(s string, pause float64) {
		at += pause
		for _, w := range strings.Fields(s) {
			tr.Words = append(tr.Words, transcript.Word{StartS: at, EndS: at + 0.3, Word: w})
			at += 0.32
		}
	}
	add("our checkout service kept timing out at peak hours", 0.2)
	add("i profiled it and found a lock held for the whole request", 1.2)
	add("it was a short pause here", 0.2)
	got := unitTexts(tr)
	want := []string{"our checkout service kept timing out at peak hours", "i profiled it and found a lock held for the whole request it was a short pause here"}
	if len(got) < 2 || got[0] != want[0] {
		t.Errorf("units %q, want the first to end at the long pause: %q", got, want[0])
	}
}

func TestMarkersThatDoNotOpenAClause(t *testing.T) {
	for _, s := range []string{
		"we had about ten minutes or so to fix it before the launch",
		"i wanted it to be so fast that nobody noticed the change at all",
	} {
		if got := unitTexts(text(s)); len(got) != 1 {
			t.Errorf("%q cut into %q", s, got)
		}
	}
}

func TestUnitsKeepEveryWord(t *testing.T) {
	for _, s := range []string{
		"Situation. Um. Our checkout was slow. Uh.",
		"um uh like so then after that",
		"Result:",
		"a",
	} {
		toks, _ := tokenize(text(s))
		units := DefaultLexicon().splitUnits(toks)
		next := 0
		for _, u := range units {
			if u.from != next || u.to <= u.from {
				t.Fatalf("%q: unit [%d,%d) after %d", s, u.from, u.to, next)
			}
			next = u.to
		}
		if next != len(toks) {
			t.Errorf("%q: units end at %d of %d tokens", s, next, len(toks))
		}
	}
}

// After "to" and a verb, a noun phrase is the verb's object, not a new
// clause: "my target was to save the renewal" is one unit, so the Task
// frame keeps its goal.
func TestObjectAfterAnInfinitiveGoesOn(t *testing.T) {
	lex := DefaultLexicon()
	said := "so my target that quarter was to save the renewal that everyone had written off"
	toks, _ := tokenize(&transcript.Transcript{Text: said})
	if starts := lex.nounStarts(toks, [2]int{0, len(toks)}); len(starts) > 0 {
		t.Errorf("%q: a unit may open at %q", said, toks[starts[0]].text)
	}
	said = "we lost the contract the team was furious"
	toks, _ = tokenize(&transcript.Transcript{Text: said})
	if starts := lex.nounStarts(toks, [2]int{0, len(toks)}); len(starts) != 1 || starts[0] != 4 {
		t.Errorf("%q: unit starts %v, want one at word 4 (\"the team\")", said, starts)
	}
}

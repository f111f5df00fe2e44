package speech

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// answer is a spoken answer whose figures were counted by hand.
const answer = "Um, so at my last job our deploys took forty minutes and, like, failed every week. " +
	"I think I basically owned the fix. " +
	"I rebuilt the pipeline, uh, and we cut it to 6 minutes, which is like 85% faster. " +
	"I like that we did it in two sprints. " +
	"It looks like a small thing, but I guess it saved us maybe twenty-five hours a week. " +
	"You know, what kind of team ships twice a day? We do now. " +
	"I mean it sort of changed how we work."

func TestMeasureKnownCounts(t *testing.T) {
	f := MeasureText(answer, 30, 34, DefaultLexicon())
	if f.Words != 88 {
		t.Errorf("words %d, want 88", f.Words)
	}
	if f.SpeakingS != 30 || f.RateOver != "speaking" || f.WPM != 176 || f.Pace != "brisk" {
		t.Errorf("rate: %v s over %s, %v wpm, %q; want 30 s of speaking, 176 wpm, brisk", f.SpeakingS, f.RateOver, f.WPM, f.Pace)
	}
	fl := f.Fillers
	if fl.Hard != 2 || fl.Soft != 6 || fl.Count != 8 || fl.PerMin != 16 || fl.HardPerMin != 4 || fl.SoftPerMin != 12 || fl.Verdict != "distracting" {
		t.Errorf("fillers %+v; want hard 2, soft 6, 16/min (4 + 12), distracting", fl)
	}
	wantTop := []Count{{"like", 2}, {"basically", 1}, {"i mean", 1}, {"sort of", 1}, {"uh", 1}, {"um", 1}, {"you know", 1}}
	if !reflect.DeepEqual(fl.Top, wantTop) {
		t.Errorf("top fillers %v, want %v", fl.Top, wantTop)
	}
	wantHedges := Tally{Count: 4, Top: []Count{{"i guess", 1}, {"i think", 1}, {"maybe", 1}, {"sort of", 1}}}
	if !reflect.DeepEqual(f.Hedges, wantHedges) {
		t.Errorf("hedges %+v, want %+v", f.Hedges, wantHedges)
	}
	if f.I != 7 || f.We != 6 {
		t.Errorf("I %d we %d, want 7 and 6", f.I, f.We)
	}
	wantNumbers := []string{"forty minutes", "6 minutes", "85%", "two sprints", "twenty-five hours a week", "twice"}
	if !reflect.DeepEqual(f.Numbers, wantNumbers) {
		t.Errorf("numbers %q, want %q", f.Numbers, wantNumbers)
	}
}

func TestMeasureFallsBackToDuration(t *testing.T) {
	tr := &transcript.Transcript{Text: answer, DurationS: 45}
	f := Measure(tr, 0, DefaultLexicon())
	if f.RateOver != "recording" || f.SpeakingS != 45 || f.WPM != 117 || f.Pace != "slow" {
		t.Errorf("%+v; want 117 wpm over 45 s of recording, slow", f)
	}
}

func TestMeasureShortAnswerNotJudged(t *testing.T) {
	f := MeasureText("um we shipped it", 3, 3, DefaultLexicon())
	if f.Pace != "" || f.Fillers.Verdict != "" || f.Fillers.Hard != 1 {
		t.Errorf("%+v; want counts but no verdicts", f)
	}
	f = MeasureText("", 0, 0, DefaultLexicon())
	if f.Words != 0 || f.WPM != 0 || f.Numbers == nil {
		t.Errorf("empty: %+v", f)
	}
}

func TestPaceBands(t *testing.T) {
	for wpm, want := range map[float64]string{90: "halting", 109: "halting", 110: "slow", 139: "slow", 140: "comfortable", 160: "comfortable", 161: "brisk", 189: "brisk", 190: "rushed", 240: "rushed"} {
		if got := pace(wpm); got != want {
			t.Errorf("%v wpm: %q, want %q", wpm, got, want)
		}
	}
	for rate, want := range map[float64]string{0: "fine", 4.9: "fine", 5: "noticeable", 11.9: "noticeable", 12: "distracting"} {
		if got := fillerVerdict(rate); got != want {
			t.Errorf("%v/min: %q, want %q", rate, got, want)
		}
	}
}

// TestFillerRules checks each rule that keeps a real verb, preposition or
// question out of the filler count.
func TestFillerRules(t *testing.T) {
	lex := DefaultLexicon()
	for _, c := range []struct {
		text       string
		hard, soft int
	}{
		{"I would like to add a cache", 0, 0},
		{"customers like the new page", 0, 0},
		{"it looks like a bug in the parser", 0, 0},
		{"a system like this one", 0, 0},
		{"something like that", 0, 0},
		{"we had, like, forty alerts", 0, 1},
		{"we had like forty alerts a night", 0, 1},
		{"it was like crazy", 0, 1},
		{"Like, nobody owned it", 0, 1},
		{"what kind of database did you pick", 0, 0},
		{"the sort of problem that recurs", 0, 0},
		{"it kind of worked", 0, 1},
		{"do you know the answer", 0, 0},
		{"you know, it broke on Friday", 0, 1},
		{"what I mean is the cache was cold", 0, 0},
		{"I mean, the cache was cold", 0, 1},
		{"actually it was basically done anyway", 0, 3},
		{"Um uh erm", 3, 0},
		{"UMM, hmm. Ah.", 3, 0},
		{"the umbrella under the hummingbird", 0, 0},
		{"you. Know", 0, 0}, // not across punctuation
	} {
		f := MeasureText(c.text, 60, 60, lex)
		if f.Fillers.Hard != c.hard || f.Fillers.Soft != c.soft {
			t.Errorf("%q: hard %d soft %d, want %d and %d (%v)", c.text, f.Fillers.Hard, f.Fillers.Soft, c.hard, c.soft, f.Fillers.Top)
		}
	}
}

func TestPronouns(t *testing.T) {
	lex := DefaultLexicon()
	for _, c := range []struct {
		text  string
		i, we int
	}{
		{"I'm sure I’ve done it; I'd say my team and me", 5, 0},
		{"The US team helped us and our customers", 0, 2},
		{"we're done, we've shipped, ourselves", 0, 3},
		{"i think we i", 2, 1},
		{"It is Irish, Iceland, mine", 1, 0},
	} {
		f := MeasureText(c.text, 60, 60, lex)
		if f.I != c.i || f.We != c.we {
			t.Errorf("%q: I %d we %d, want %d and %d", c.text, f.I, f.We, c.i, c.we)
		}
	}
}

func TestNumbers(t *testing.T) {
	lex := DefaultLexicon()
	for _, c := range []struct {
		text string
		want []string
	}{
		{"we cut latency from 200ms to 40 ms", []string{"200ms", "40 ms"}},
		{"three x faster and 3x cheaper", []string{"three x", "3x"}},
		{"we deployed ten times a day", []string{"ten times a day"}},
		{"one of the engineers left", []string{}},
		{"it took one hour", []string{"one hour"}},
		{"half the team", []string{}},
		{"two hundred and fifty thousand users", []string{"two hundred and fifty thousand users"}},
		{"one point five million dollars", []string{"one point five million dollars"}},
		{"forty percent, then forty per cent", []string{"forty percent", "forty per cent"}},
		{"we moved to EC2 in Q3 with 2FA", []string{}},
		{"revenue doubled", []string{"doubled"}},
		{"it saved $2 million", []string{"$2 million"}},
		{"10,000 requests per second", []string{"10,000 requests per second"}},
		{"about 1.5 hours. Then 3", []string{"1.5 hours", "3"}},
		{"in 2019 we had 12 incidents", []string{"2019", "12 incidents"}},
		{"from ninety-nine to forty", []string{"ninety-nine", "forty"}},
	} {
		f := MeasureText(c.text, 60, 60, lex)
		if !reflect.DeepEqual(f.Numbers, c.want) {
			t.Errorf("%q: numbers %q, want %q", c.text, f.Numbers, c.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	toks := tokenize("[BLANK_AUDIO] Don’t stop (laughs) the on-call rota — 10,000 users, 1.5x.")
	var got []string
	for _, tk := range toks {
		got = append(got, tk.low)
	}
	want := []string{"don't", "stop", "the", "on-call", "rota", "10,000", "users", "1.5x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokens %q, want %q", got, want)
	}
	if !toks[0].breakBefore || toks[1].breakBefore || !toks[2].breakBefore || !toks[5].breakBefore || !toks[7].breakBefore {
		t.Errorf("breaks wrong: %+v", toks)
	}
}

func TestUserWords(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, UserFileName)
	os.WriteFile(path, []byte("# mine\nhard_fillers = [\"mm\"]\nsoft_fillers = [\"so\", \"right\"]\nhedges = [\"I reckon\"]\nignore = [\"actually\"]\nunits = [\"story points\"]\n"), 0o644)
	lex, err := LoadLexicon(path)
	if err != nil {
		t.Fatal(err)
	}
	f := MeasureText("So, mm, I reckon it was actually right. Um. We closed 30 story points", 60, 60, lex)
	if f.Fillers.Hard != 2 || f.Fillers.Soft != 2 || f.Hedges.Count != 1 || !reflect.DeepEqual(f.Numbers, []string{"30 story points"}) {
		t.Errorf("with the user's words: fillers %+v, hedges %+v, numbers %q", f.Fillers, f.Hedges, f.Numbers)
	}
	// The defaults are not changed by one user's file.
	if f := MeasureText("actually", 60, 60, DefaultLexicon()); f.Fillers.Soft != 1 {
		t.Error("the default lists lost actually")
	}

	os.WriteFile(path, []byte("hard_fillers = [\"mm\"]\n\nfilers = [\"so\"]\n"), 0o644)
	_, err = LoadLexicon(path)
	if err == nil || err.Error() != path+":3: unknown key filers" {
		t.Errorf("unknown key: %v", err)
	}
	if _, err := LoadLexicon(filepath.Join(dir, "none.toml")); err != nil {
		t.Errorf("missing file: %v", err)
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	f := MeasureText(answer, 30, 34, DefaultLexicon())
	if err := WriteText(&b, f); err != nil {
		t.Fatal(err)
	}
	want := `  88 words, 176 words a minute over 0:30 of speech: a little fast (140-160 is easiest to follow)
  fillers: 8, 16.0 a minute (um and uh 4.0, words like "like" and "you know" 12.0): distracting (under 5 a minute goes unnoticed); like 2, basically 1, i mean 1
  hedges ("I think", "maybe"): 4; i guess 1, i think 1, maybe 1
  I 7, we 6
  numbers: forty minutes, 6 minutes, 85%, two sprints, twenty-five hours a week, twice
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	WriteText(&b, MeasureText("we shipped it", 0, 2, DefaultLexicon()))
	if !strings.Contains(b.String(), "3 words, 90 words a minute over 0:02 of recording: too short to judge the pace") ||
		!strings.Contains(b.String(), `I 0, we 1: more "we" than "I"; say what you did`) ||
		!strings.Contains(b.String(), "numbers: none; a measurable result makes the answer") {
		t.Errorf("short answer:\n%s", b.String())
	}
}

func BenchmarkMeasure(b *testing.B) {
	text := strings.Repeat(answer+" ", 20) // about 12 minutes of speech
	lex := DefaultLexicon()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		MeasureText(text, 700, 720, lex)
	}
}

// The pieces join back into the text, and the marked ones are exactly
// the fillers Measure counts: "like" as a verb or a preposition is not one.
func TestMarkFillers(t *testing.T) {
	lex := DefaultLexicon()
	text := "Um, so I like the design, and we had, like, 40 alerts. It looks like a cache, uh, you know?"
	pieces := MarkFillers(text, lex)
	var joined strings.Builder
	var marked []string
	for _, p := range pieces {
		joined.WriteString(p.Text)
		if p.Filler {
			marked = append(marked, p.Text)
		}
	}
	if joined.String() != text {
		t.Fatalf("pieces join to %q, want the text", joined.String())
	}
	if got := MeasureText(text, 60, 60, lex).Fillers.Count; got != len(marked) {
		t.Errorf("marked %q (%d), Measure counts %d", marked, len(marked), got)
	}
	for _, want := range []string{"Um", "like", "uh", "you know"} {
		found := false
		for _, m := range marked {
			found = found || m == want
		}
		if !found {
			t.Errorf("%q not marked in %q", want, marked)
		}
	}
	for _, m := range marked {
		if strings.Contains(m, ",") || strings.HasPrefix(m, " ") {
			t.Errorf("marked piece %q holds punctuation or space", m)
		}
	}
}

// Fillers are measured only where the engine could hear them: an engine
// that declares it drops hesitations gets "not measured" with the reason,
// null in JSON, never a 0 that reads as fluent speech.
func TestFillersNotMeasuredWhereTheEngineDropsThem(t *testing.T) {
	lex := DefaultLexicon()
	fluent := "At my last job our deploys took forty minutes and failed every week, and I rebuilt the pipeline."
	for _, c := range []struct {
		name     string
		t        transcript.Transcript
		measured bool
		count    int
	}{
		{"typed text", transcript.Transcript{Text: answer}, true, 8},
		{"whisper, primed to keep them", transcript.Transcript{Engine: "whisper", Hesitations: transcript.HesitationsKept, Text: fluent}, true, 0},
		{"pocketsphinx", transcript.Transcript{Engine: "pocketsphinx", Hesitations: transcript.HesitationsDropped, Text: fluent}, false, 0},
		{"pocketsphinx with an um in it", transcript.Transcript{Engine: "pocketsphinx", Hesitations: transcript.HesitationsDropped, Text: answer}, false, 0},
		{"an engine that declares nothing and wrote none", transcript.Transcript{Engine: "command", Text: fluent}, false, 0},
		{"an engine that declares nothing but wrote them", transcript.Transcript{Engine: "command", Text: answer}, true, 8},
	} {
		f := Measure(&c.t, 30, lex)
		if f.Fillers.Measured() != c.measured || (c.measured && f.Fillers.Count != c.count) {
			t.Errorf("%s: measured %v (%q), %d fillers; want measured %v, %d", c.name, f.Fillers.Measured(), f.Fillers.NotMeasured, f.Fillers.Count, c.measured, c.count)
		}
		b, err := json.Marshal(f.Fillers)
		if err != nil {
			t.Fatal(err)
		}
		if !c.measured {
			if !strings.Contains(string(b), `"count":null`) || !strings.Contains(string(b), `"per_min":null`) || !strings.Contains(string(b), `"not_measured":"`+c.t.Engine) {
				t.Errorf("%s: JSON %s, want null counts and the reason", c.name, b)
			}
			var text bytes.Buffer
			WriteText(&text, f)
			if !strings.Contains(text.String(), "  fillers: not measured: "+c.t.Engine) {
				t.Errorf("%s: text says\n%s", c.name, text.String())
			}
		}
		var back Fillers
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back.Measured(), f.Fillers.Measured()) || back.Count != f.Fillers.Count || back.PerMin != f.Fillers.PerMin {
			t.Errorf("%s: JSON does not read back: %+v (%v), want %+v", c.name, back, err, f.Fillers)
		}
	}
}

// TestHedgesOnSureWords: hedges are counted on the words the engine was
// sure of, as every view shows them; "just" is a weak word.
func TestHedgesOnSureWords(t *testing.T) {
	words := func(confs ...float64) *transcript.Transcript {
		text := []string{"I", "think", "I", "just", "fixed", "it", "maybe", "today"}
		tr := &transcript.Transcript{Text: strings.Join(text, " ")}
		for i, w := range text {
			tr.Words = append(tr.Words, transcript.Word{StartS: float64(i) * 0.4, EndS: float64(i)*0.4 + 0.3, Word: w, Conf: confs[i]})
		}
		return tr
	}
	sure := Measure(words(0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9), 10, DefaultLexicon())
	if sure.Hedges.Count != 3 {
		t.Errorf("every word sure: %d hedges %v, want 3 (i think, just, maybe)", sure.Hedges.Count, sure.Hedges.Top)
	}
	// "think" and "maybe" doubted: neither "I think" nor "maybe" is
	// the speaker's for certain.
	doubted := Measure(words(0.9, 0.2, 0.9, 0.9, 0.9, 0.9, 0.3, 0.9), 10, DefaultLexicon())
	if doubted.Hedges.Count != 1 || doubted.Hedges.Top[0].Text != "just" {
		t.Errorf("doubted words: hedges %+v, want only just", doubted.Hedges)
	}
}

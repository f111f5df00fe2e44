package star

import (
	"fmt"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/words"
)

func TestDefaultLexicon(t *testing.T) {
	lex := DefaultLexicon()
	if lex.Cues() < 200 {
		t.Errorf("%d cues in the built-in lexicon", lex.Cues())
	}
	for _, w := range []string{"situation", "task", "action", "result"} {
		if _, ok := lex.labels[w]; !ok {
			t.Errorf("label word %q missing", w)
		}
	}
	if !lex.hesitations["um"] || len(lex.splitMarkers) == 0 || len(lex.generic) == 0 || len(lex.reflection) == 0 {
		t.Error("built-in word lists missing")
	}
}

func TestLoadLexiconErrors(t *testing.T) {
	tests := []struct{ toml, want string }{
		{"[colours]\nred = 1\n", `unknown key "colours" (known: labels,`},
		{"[[cue]]\nsectoin = \"R\"\nweight = 1\n", `unknown key "cue.sectoin"`},
		{"[[cue]]\nsection = \"X\"\nweight = 1\nphrases = [\"a\"]\n", `cue 1: section "X": use S, T, A or R`},
		{"[[cue]]\nsection = \"R\"\nphrases = [\"a\"]\n", "cue 1: weight is missing"},
		{"[[cue]]\nsection = \"R\"\nweight = 50\nphrases = [\"a\"]\n", "cue 1: weight 50: use a number between -10 and 10"},
		{"[[cue]]\nsection = \"R\"\nweight = 1\nphrases = [\"#money saved\"]\n", "unknown #money"},
		{"[labels]\nR = [\"the end\"]\n", "a label is one word"},
		{"[labels]\nZ = [\"end\"]\n", `unknown section "Z"`},
		{"[generic]\nphrases = [\"open\n", "line 2:"},
		{"[generic]\nphrases = [\"\"]\n", "empty phrase"},
		{"# " + strings.Repeat("x", maxLexiconBytes) + "\n", "larger than"},
	}
	for _, tc := range tests {
		_, err := LoadLexicon(strings.NewReader(tc.toml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadLexicon(%.40q) error %v, want %q", tc.toml, err, tc.want)
		}
	}
}

func TestUserLexiconExtendsTheDefault(t *testing.T) {
	user, err := LoadLexicon(strings.NewReader(`
[labels]
R = ["payoff"]

[[cue]]
section = "A"
weight = 6
phrases = ["we rolled out"]
`))
	if err != nil {
		t.Fatal(err)
	}
	merged := Merge(DefaultLexicon(), user)
	if merged.Cues() != DefaultLexicon().Cues()+1 {
		t.Errorf("%d cues after merging one into %d", merged.Cues(), DefaultLexicon().Cues())
	}
	ans := text(answer(goodS, goodT, goodA, "Payoff: the finance team was happy."))
	if got := sectionString(Check(ans, nil, DefaultLexicon())); got == "STAR" {
		t.Errorf("without the user's label word the vague close is already a Result: pick another example")
	}
	if got := sectionString(Check(ans, nil, merged)); got != "STAR" {
		t.Errorf("with the user's label word: sections %s, want STAR", got)
	}
	// The built-in lexicon is not changed by the merge.
	if _, ok := DefaultLexicon().labels["payoff"]; ok {
		t.Error("merge changed the built-in lexicon")
	}
}

// A pronoun of the user's list reads as "I" in every cue, so an engine
// that writes "ive" for "I've" gets the check an answer with "I" gets.
func TestUserPronounReadsAsI(t *testing.T) {
	const answer = "Our checkout page went down every Friday night. My task was to stop the outages. " +
		"%s rolled back the bad deploy, then %s added a load test to the pipeline. " +
		"As a result the outages stopped and the team saved ten hours."
	ws := words.Default().Clone()
	ws.Add(words.FirstSingular, []string{"ive"})
	lex := DefaultLexicon().WithWords(ws)
	withI := Check(&transcript.Transcript{Text: fmt.Sprintf(answer, "I", "I")}, nil, lex)
	withIve := Check(&transcript.Transcript{Text: fmt.Sprintf(answer, "Ive", "ive")}, nil, lex)
	if withIve.Score != withI.Score || withIve.IAction != withI.IAction || withI.IAction != 2 {
		t.Errorf("with \"ive\" in the user's list: score %v, I in Action %d; with \"I\": score %v, I in Action %d",
			withIve.Score, withIve.IAction, withI.Score, withI.IAction)
	}
	plain := Check(&transcript.Transcript{Text: fmt.Sprintf(answer, "Ive", "ive")}, nil, DefaultLexicon())
	if plain.IAction != 0 {
		t.Errorf("with the built-in lists \"ive\" counts as I: %d", plain.IAction)
	}
}

package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	builtinprompts "github.com/starcoach/starcoach/prompts"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/testaudio"
)

var (
	update  = flag.Bool("update", false, "rewrite the golden files")
	fixture = flag.Bool("fixture", false, "record the fixture session in testdata/report again with espeak-ng")
)

// fixtureDir holds a recorded session without its WAVs (they are spoken
// again by the test), and the golden reports of it.
var fixtureDir = filepath.Join("..", "..", "testdata", "report")

const fixtureID = "2026-11-20T09-30-00"

var fixtureQuestions = []session.Question{
	{ID: "co-1", Bank: "amazon-lp", Text: "Tell me about a time you went above and beyond for a customer.", Principles: []string{"Customer Obsession"}, LimitS: 120},
	{ID: "own-2", Bank: "amazon-lp", Text: "Tell me about a time you took on something outside your area.", Principles: []string{"Ownership"}, LimitS: 20},
	{ID: "dr-1", Bank: "amazon-lp", Text: "Tell me about a time you delivered under a tight deadline.", Principles: []string{"Deliver Results"}, LimitS: 120},
	{ID: "hb-1", Bank: "amazon-lp", Text: "Tell me about a time you disagreed with your manager.", Principles: []string{"Have Backbone; Disagree and Commit"}, LimitS: 120},
}

// fixtureAnswers is a marathon with what a report has to show: a sound
// answer with a long pause, one over its limit with lost audio and more
// "we" than "I", one that retells the first story and whose recording is
// gone, one whose transcription failed, and a follow-up whose STAR check
// was never saved. Three answers name their story: the checkout story is
// told twice, under two spellings.
var fixtureAnswers = []answerSpec{
	{question: 0, leadS: 1.2, tailS: 0.8, pausesS: []float64{0.6, 1.4, 0.5, 3.2}, story: "checkout outage", sentences: []string{
		"At my last job I ran the payment service for an online shop.",
		"Before Black Friday, um, the checkout failed for one customer in ten.",
		"I had to fix it within two weeks.",
		"I traced the failures to a slow database query, and I rewrote it with a cache.",
		"As a result, checkout errors fell by ninety percent, and I learned to load test early.",
	}},
	{question: 1, leadS: 2.5, tailS: 0.5, pausesS: []float64{1.1, 0.4, 2.0}, overflows: 3, story: "build server move", sentences: []string{
		"So, like, our team owned the build system, and we were always busy.",
		"We decided that we should move everything to a new server.",
		"We worked on it together for, like, a month, you know, and we wrote new scripts and tested them.",
		"We finished it and the builds were, um, faster.",
	}},
	{question: 2, leadS: 0.9, tailS: 0.4, pausesS: []float64{0.5, 0.5, 0.7}, noWAV: true, story: "Checkout Outage", sentences: []string{
		"Before Black Friday our checkout failed for one customer in ten at the online shop.",
		"I owned the payment service, so I traced the failures to a slow database query.",
		"I rewrote the query with a cache over two weeks.",
		"Checkout errors fell by ninety percent.",
	}},
	{question: 3, leadS: 1.0, tailS: 0.3, pausesS: []float64{0.8}, noScript: true, status: session.StatusFailed,
		err: "pocketsphinx exited with status 1: Input audio file has sample rate [22050], but decoder expects [16000]",
		sentences: []string{
			"I disagreed with my manager about the release date.",
			"In the end I committed to the plan.",
		}},
	{question: 0, kind: session.KindFollowUp, parent: 1, prompt: "What would you do differently?", leadS: 0.7, tailS: 0.3, noStarFile: true, sentences: []string{
		"I would add load tests before every big sale, and I would warn support a week earlier.",
	}},
}

// loadFixture copies the fixture session into a fresh store and speaks
// its recordings again, so that the files a report looks for are there.
func loadFixture(t *testing.T) *session.Store {
	t.Helper()
	if *fixture {
		recordFixture(t)
	}
	store := &session.Store{Dir: filepath.Join(t.TempDir(), "sessions")}
	dir := filepath.Join(store.Dir, fixtureID)
	copyDir(t, filepath.Join(fixtureDir, "sessions", fixtureID), dir)
	scratch := t.TempDir()
	for i, spec := range fixtureAnswers {
		if spec.noWAV {
			continue
		}
		var parts []string
		for _, s := range spec.sentences {
			parts = append(parts, testaudio.Speak(t, scratch, s, testaudio.Rate))
		}
		parts = append(parts, testaudio.Silence(t, scratch, 0.5, testaudio.Rate))
		testaudio.Join(t, filepath.Join(dir, answerStem(i, spec, fixtureQuestions[spec.question].ID)+".wav"), parts...)
	}
	return store
}

func recordFixture(t *testing.T) {
	t.Helper()
	tmp := &session.Store{Dir: filepath.Join(t.TempDir(), "sessions")}
	sess, _ := makeSession(t, tmp, session.Settings{Bank: "amazon-lp", Count: 4, Seed: 42, FollowUp: true, LimitS: 120, SampleRate: 16000},
		fixtureQuestions, fixtureAnswers, fixedCreated)
	if sess.ID != fixtureID {
		t.Fatalf("fixture session is %s, want %s", sess.ID, fixtureID)
	}
	src := filepath.Join(tmp.Dir, sess.ID)
	for _, name := range []string{".lock"} {
		os.Remove(filepath.Join(src, name))
	}
	matches, _ := filepath.Glob(filepath.Join(src, "*.wav"))
	for _, m := range matches {
		os.Remove(m)
	}
	dst := filepath.Join(fixtureDir, "sessions", fixtureID)
	os.RemoveAll(dst)
	copyDir(t, src, dst)
}

// fixtureBank is the story bank of the store, with the built-in question
// banks for the suggestions, as the report command adds it.
func fixtureBank(t *testing.T, store *session.Store) *storybank.Bank {
	t.Helper()
	lib, err := prompts.Load(builtinprompts.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	var questions []prompts.Question
	for _, b := range lib.Banks() {
		questions = append(questions, b.Questions...)
	}
	b, err := storybank.Load(store, questions, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &b
}

// TestGolden renders the fixture session in every text format and
// compares the output with testdata/report/golden.*. The JSON carries the
// story bank.
func TestGolden(t *testing.T) {
	store := loadFixture(t)
	r, err := Load(store, "2026-11-20", Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.Stories = fixtureBank(t, store)
	for _, format := range []string{"text", "md", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			var got bytes.Buffer
			if err := Write(&got, r, format); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(fixtureDir, "golden."+format)
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s--- want\n%s", golden, got.Bytes(), want)
			}
		})
	}
}

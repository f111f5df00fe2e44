package fit

import (
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/transcript"
	builtinprompts "github.com/starcoach/starcoach/prompts"
)

func checker(t *testing.T) (*Checker, *prompts.Library) {
	t.Helper()
	c, err := New(prompts.DefaultSignals(), nil)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := prompts.Load(builtinprompts.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	return c, lib
}

func question(t *testing.T, lib *prompts.Library, id string) prompts.Question {
	t.Helper()
	q, err := lib.Find(id)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// A disagree-and-commit story told for its question covers its signals,
// each with the words that showed it.
const disagreeStory = `Our team lead wanted to rebuild the mobile login screen before the
spring release. I disagreed, because the crash reports showed the real
problem was the password reset email, which failed for one user in eight.
I wrote a short document with the numbers and presented it at planning. The
lead heard me out but decided to keep the rebuild, since the design was
already paid for. Once the decision was made I committed fully: I took the
hardest part of the rebuild myself and we shipped it on time, and the next
quarter we fixed the reset email too.`

func TestCheckCoversSignalsWithTheirWords(t *testing.T) {
	c, lib := checker(t)
	r := c.Check(TextWords(disagreeStory), question(t, lib, "backbone-2"))
	if r.NotJudged != "" || r.Verdict != Fits {
		t.Fatalf("verdict %q (%s), want fits: %+v", r.Verdict, r.NotJudged, r)
	}
	heard := map[string]string{}
	for _, s := range r.Signals {
		heard[s.ID] = s.Heard
	}
	for id, want := range map[string]string{
		"disagreed": "I disagreed", "case": "presented", "decision": "decided", "committed": "committed",
	} {
		if heard[id] != want {
			t.Errorf("signal %s heard %q, want %q", id, heard[id], want)
		}
	}
	if r.Covered != 5 || r.Total != 5 {
		t.Errorf("covered %d of %d, want 5 of 5", r.Covered, r.Total)
	}
}

// make demo's checkout story, given as the answer to "a time you went
// looking for views that disagreed with yours", reads as another
// principle's story, and the finding asks for what the question wants.
const demoStory = `Last spring I was the backend engineer on our checkout team, and our payment service was timing out during peak sales.
My task was to get checkout errors under one percent before the holiday sale, six weeks away.
First I pulled a week of traces and found that every timeout came from the connection pool to the card processor.
I wrote a load test that reproduced it in staging, then I changed the pool to grow with demand and added a circuit breaker with a fallback queue.
I rolled it out to five percent of traffic, watched the dashboards for two days, and then to everyone.
As a result, checkout errors fell from four percent to zero point two percent, and we took forty percent more orders on the sale day than the year before.
I learned to measure before I change anything, and I now start every performance fix with a load test.`

func TestOffTopicAnswerReadsAsAnotherPrinciple(t *testing.T) {
	c, lib := checker(t)
	r := c.Check(TextWords(demoStory), question(t, lib, "are-right-3"))
	if r.Verdict != NotFits || r.ReadsAs == nil {
		t.Fatalf("verdict %q, reads as %v; want does-not-fit with another principle", r.Verdict, r.ReadsAs)
	}
	if !strings.HasPrefix(r.Finding, "this reads as a "+r.ReadsAs.Name+" story; the question asks for Are Right, A Lot: where did you seek out views") {
		t.Errorf("finding = %q", r.Finding)
	}
	// The same story told for a Dive Deep question fits.
	if r := c.Check(TextWords(demoStory), question(t, lib, "dive-deep-2")); r.Verdict != Fits {
		t.Errorf("for dive-deep-2: %q %s", r.Verdict, r.Finding)
	}
}

func TestDoubtedWordsAreNotEvidence(t *testing.T) {
	c, lib := checker(t)
	var ws []transcript.Word
	for _, w := range strings.Fields(disagreeStory) {
		conf := 0.9
		if w == "disagreed," || w == "committed" {
			conf = 0.2
		}
		ws = append(ws, transcript.Word{Word: w, Conf: conf})
	}
	r := c.Check(WordsOf(&transcript.Transcript{Words: ws}), question(t, lib, "backbone-2"))
	for _, s := range r.Signals {
		switch s.ID {
		case "disagreed":
			// "disagreed" was doubted; no other cue of it was said.
			if s.Covered || s.Doubted != "I disagreed" {
				t.Errorf("disagreed: %+v, want not covered, heard only in doubted words", s)
			}
		case "committed":
			// "committed" was doubted, and no other cue of it was said.
			if s.Covered {
				t.Errorf("committed counted from a doubted word: %+v", s)
			}
		}
	}
	// Without confidences, nothing is doubted.
	plain := make([]transcript.Word, len(ws))
	for i, w := range ws {
		plain[i] = transcript.Word{Word: w.Word}
	}
	if r := c.Check(WordsOf(&transcript.Transcript{Words: plain}), question(t, lib, "backbone-2")); r.Covered != 5 {
		t.Errorf("no confidences: covered %d, want 5", r.Covered)
	}
}

func TestShortAnswerIsNotJudged(t *testing.T) {
	c, lib := checker(t)
	r := c.Check(TextWords("I disagreed and then I committed."), question(t, lib, "backbone-2"))
	if r.NotJudged == "" || r.Verdict != "" || r.Finding != "" {
		t.Errorf("short answer judged: %+v", r)
	}
}

func TestQuestionsOwnSignalsCount(t *testing.T) {
	c, _ := checker(t)
	q := prompts.Question{ID: "mine", Signals: []prompts.Signal{
		{ID: "q1", Says: "you named the trade-off", Cues: []string{"trade off", "gave up"}},
	}}
	r := c.Check(TextWords(disagreeStory+" We gave up a week of polish for it."), q)
	if r.Total != 1 || r.Covered != 1 || r.Signals[0].Heard != "gave up" {
		t.Errorf("own signals: %+v", r)
	}
}

func TestHeardPrinciplesRankTheStory(t *testing.T) {
	c, _ := checker(t)
	ps := c.Hear(TextWords(disagreeStory)).Principles()
	if len(ps) != len(prompts.Principles()) || ps[0].Name != "Have Backbone; Disagree and Commit" {
		t.Errorf("principles = %+v", ps)
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"disagreed": "disagr", "disagree": "disagr", "disagreeing": "disagr", "customers": "customer",
		"stories": "story", "boss": "boss", "focus": "focus", "i": "i", "40": "40", "pushes": "push",
	} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

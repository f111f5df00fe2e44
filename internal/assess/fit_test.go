package assess

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/starcoach/starcoach/internal/fit"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
	builtinprompts "github.com/starcoach/starcoach/prompts"
)

// checkoutStory is a Dive Deep story, told well: a full STAR answer with
// a number and a lesson.
const checkoutStory = `Last spring I was the backend engineer on our checkout team, and our payment service was timing out during peak sales.
My task was to get checkout errors under one percent before the holiday sale, six weeks away.
First I pulled a week of traces and found that every timeout came from the connection pool to the card processor.
I wrote a load test that reproduced it in staging, then I changed the pool to grow with demand and added a circuit breaker with a fallback queue.
I rolled it out to five percent of traffic, watched the dashboards for two days, and then to everyone.
As a result, checkout errors fell from four percent to zero point two percent, and we took forty percent more orders on the sale day than the year before.
I learned to measure before I change anything, and I now start every performance fix with a load test.`

func bankQuestion(t *testing.T, id string) prompts.Question {
	t.Helper()
	lib, err := prompts.Load(builtinprompts.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	q, err := lib.Find(id)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// The same well-told story is ready for the question it answers, and for
// one it does not it loses NotFitCost points, falls out of the top band,
// has the fit as its top finding and tip, and is pushed with the asked
// principle's ask.
func TestAnswerThatDoesNotFitCannotBeReady(t *testing.T) {
	tr := &transcript.Transcript{Text: checkoutStory}
	right := OfQuestion(bankQuestion(t, "dive-deep-1"), DefaultLimitS, nil, tr, nil, Options{})
	if right.Fit == nil || right.Fit.Verdict != fit.Fits || right.Fit.ScoreCost != 0 {
		t.Fatalf("asked as dive-deep-1: fit %+v, want fits at no cost", right.Fit)
	}
	if right.Star.Band != star.BandReady {
		t.Fatalf("asked as dive-deep-1: score %d (%s), want ready", *right.Star.Score, right.Star.Band)
	}
	wrong := OfQuestion(bankQuestion(t, "are-right-3"), DefaultLimitS, nil, tr, nil, Options{})
	f := wrong.Fit
	if f == nil || f.Verdict != fit.NotFits || f.ReadsAs == nil || f.ReadsAs.Name != "Dive Deep" {
		t.Fatalf("asked as are-right-3: fit %+v, want does not fit, reads as Dive Deep", f)
	}
	if got, want := *wrong.Star.Score, *right.Star.Score-NotFitCost; got != want || f.ScoreCost != NotFitCost {
		t.Errorf("asked as are-right-3: score %d (cost %d), want %d", got, f.ScoreCost, want)
	}
	if wrong.Star.Band == star.BandReady || wrong.Check.Band != wrong.Star.Band || wrong.Check.Score != *wrong.Star.Score {
		t.Errorf("asked as are-right-3: band %q, check %d (%s)", wrong.Star.Band, wrong.Check.Score, wrong.Check.Band)
	}
	if top := wrong.Check.Findings[0]; top.Code != CodeNotFits || wrong.Star.Tips[0] != top.Message {
		t.Errorf("top finding %+v, tips %q: want the fit first", top, wrong.Star.Tips)
	}
	asked, _ := prompts.DefaultSignals().For("Are Right, A Lot")
	if p := wrong.Star.Push; p == nil || p.ID != "fit" || p.Text[1:] != asked.Ask[1:] {
		t.Errorf("push %+v, want the ask of Are Right, A Lot (%q)", p, asked.Ask)
	}
}

// A session's answer is fitted to its question with the question's own
// signals from the banks, and a STAR check saved beside it is charged
// once, however many times it is read.
func TestBuildFitsTheSessionQuestion(t *testing.T) {
	dir := t.TempDir()
	tr := &transcript.Transcript{Text: checkoutStory}
	writeJSON(t, filepath.Join(dir, "01.transcript.json"), tr)
	sr := Check(tr, nil, DefaultLimitS, Options{})
	writeJSON(t, filepath.Join(dir, "01.star.json"), sr)
	q := bankQuestion(t, "are-right-3")
	q.Signals = []prompts.Signal{{ID: "pool", Says: "you named the pool", Cues: []string{"connection pool"}}}
	s := &session.Session{
		Questions: []session.Question{{ID: q.ID, Text: q.Text, Principles: q.Principles}},
		Answers:   []session.Answer{{Question: 0, Kind: session.KindAnswer, Status: session.StatusTranscribed, WAV: "01.wav", Transcript: "01.transcript.json", Star: "01.star.json"}},
	}
	o := Options{Questions: fakeBank{q}}
	a := Build(s, dir, 0, o)
	b := Build(s, dir, 0, o)
	if a.Fit == nil || a.Fit.Total != 5 || a.Fit.Signals[4].Heard != "connection pool" {
		t.Fatalf("fit %+v: want the 4 signals of Are Right, A Lot and the question's own, heard", a.Fit)
	}
	if *a.Star.Score != *b.Star.Score || *a.Star.Score != sr.Score-NotFitCost {
		t.Errorf("scores %d and %d, saved %d: want the saved less %d, once", *a.Star.Score, *b.Star.Score, sr.Score, NotFitCost)
	}
	if _, err := os.Stat(filepath.Join(dir, "01.star.json")); err != nil {
		t.Fatal(err)
	}
	// An answer with no question has no fit.
	if l := Of(DefaultLimitS, nil, tr, nil, Options{}); l.Fit != nil {
		t.Errorf("no question: fit %+v", l.Fit)
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

type fakeBank struct{ q prompts.Question }

func (f fakeBank) Find(id string) (prompts.Question, error) {
	if id == f.q.ID {
		return f.q, nil
	}
	return prompts.Question{}, os.ErrNotExist
}

package assess

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/fit"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Fit is how well an answer fits the question it was asked (see
// internal/fit), and what that cost its score.
type Fit struct {
	fit.Result
	// ScoreCost is the points the fit took off the STAR score: an answer
	// that does not fit its question loses NotFitCost and cannot be
	// "ready".
	ScoreCost int `json:"score_cost"`
}

// NotFitCost is what an answer that does not fit its question costs of
// its score. An answer that fits only partly costs nothing: about a fifth
// to a half of the right answers in the fit benchmark are told so, and
// the finding says what to add.
const NotFitCost = 20

// FitPushID is the id of the push made from the fit's finding.
const FitPushID = "fit"

// Finding codes of the fit.
const (
	CodeNotFits = "does_not_fit"
	CodePartly  = "fits_partly"
)

// Questions finds a question of the banks by id (prompts.Library does):
// a question's own signals are kept in its bank, not in the session.
type Questions interface {
	Find(id string) (prompts.Question, error)
}

// askedQuestion is the question an answer was asked, with its own signals
// from the banks when they have it; ok is false when no question is known.
func askedQuestion(q session.Question, o Options) (prompts.Question, bool) {
	if q.ID == "" && len(q.Principles) == 0 {
		return prompts.Question{}, false
	}
	pq := prompts.Question{ID: q.ID, Text: q.Text, Principles: q.Principles}
	if o.Questions != nil && q.ID != "" {
		if bq, err := o.Questions.Find(q.ID); err == nil {
			pq.Signals = bq.Signals
			if len(pq.Principles) == 0 {
				pq.Principles = bq.Principles
			}
		}
	}
	return pq, true
}

// fitOf is the fit of the answer tr to q, with the STAR check sr it
// changes: not judged where the STAR check was not (words that were not
// heard say nothing of the story).
func fitOf(q prompts.Question, tr *transcript.Transcript, sr *star.Result, o Options) *Fit {
	if !sr.Judged() {
		why, _, _ := strings.Cut(sr.NotJudged, " (")
		r := fit.Result{Question: q.ID, Signals: []fit.Signal{}, NotJudged: why}
		if len(q.Principles) > 0 {
			r.Principle = q.Principles[0]
		}
		return &Fit{Result: r}
	}
	f := &Fit{Result: o.Fit.Check(fit.WordsOf(tr), q)}
	f.ScoreCost = chargeFit(sr, f.Result)
	return f
}

// chargeFit puts the fit's finding among the STAR check's findings, most
// important first, and charges the score for it: an answer that does not
// fit its question loses NotFitCost points and is kept out of the top
// band, however well its story is told. It returns the points taken.
func chargeFit(sr *star.Result, r fit.Result) int {
	if r.Finding == "" || slices.ContainsFunc(sr.Findings, func(f star.Finding) bool { return f.Code == CodeNotFits || f.Code == CodePartly }) {
		return 0
	}
	msg := strings.ToUpper(r.Finding[:1]) + r.Finding[1:]
	if !strings.ContainsAny(msg[len(msg)-1:], ".?!") {
		msg += "."
	}
	var f star.Finding
	cost := 0
	switch r.Verdict {
	case fit.NotFits:
		f, cost = star.Finding{Severity: star.High, Code: CodeNotFits, Message: msg}, NotFitCost
	case fit.Partly:
		f = star.Finding{Severity: star.Low, Code: CodePartly, Message: msg}
	default:
		return 0
	}
	// A story that answers another question is the first thing to fix;
	// a partial fit comes after every finding of its weight or more.
	at := 0
	if f.Severity != star.High {
		at = len(sr.Findings)
	}
	sr.Findings = slices.Insert(sr.Findings, at, f)
	if cost == 0 {
		return 0
	}
	before := sr.Score
	sr.Score = max(sr.Score-cost, 0)
	if sr.Score >= star.BandReadyFrom {
		sr.Score = star.BandReadyFrom - 1
	}
	sr.Band = star.BandOf(sr.Score)
	return before - sr.Score
}

// fitPush is the push for an answer whose top finding is its fit: the
// question's ask for what was not heard.
func fitPush(sr star.Result, r *Fit) (probe.Probe, bool) {
	if r == nil || r.Ask == "" || len(sr.Findings) == 0 {
		return probe.Probe{}, false
	}
	if c := sr.Findings[0].Code; c != CodeNotFits && c != CodePartly {
		return probe.Probe{}, false
	}
	reason := "the answer does not fit the question"
	if r.Verdict == fit.Partly {
		reason = "the answer touches little of what the question listens for"
	}
	return probe.Probe{ID: FitPushID, Text: strings.ToUpper(r.Ask[:1]) + r.Ask[1:], Reason: reason}, true
}

// Line is the fit in one line, as every view says it: "fit: does not fit
// Are Right, A Lot: 0 of 4 signals heard; reads as Dive Deep (3 of 4),
// 20 points off the score".
func (f *Fit) Line() string {
	s := "fit: " + f.Result.Line()
	if f.ScoreCost > 0 {
		s += fmt.Sprintf(", %d points off the score", f.ScoreCost)
	}
	return s
}

// WriteFit writes the fit for reading: its line, then each signal,
// covered with the words that showed it or not heard; nothing when no
// question is known.
func WriteFit(w io.Writer, f *Fit) error {
	if f == nil {
		return nil
	}
	var b strings.Builder
	b.WriteString(f.Line() + "\n")
	for _, l := range f.SignalLines() {
		b.WriteString("  " + l + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

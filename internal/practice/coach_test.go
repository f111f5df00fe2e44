package practice

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/fit"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

const (
	noNumberStory = "Last year I was the on-call lead for our search team, and the nightly index build kept failing. My goal was to make it reliable before the holiday traffic. I read a month of build logs and found that one shard ran out of memory. I split that shard in two, added a memory alarm, and wrote a runbook for the on-call engineers. As a result the builds were much more stable and the team was happy."
	impactReply   = "I cut the failed builds from four a week to none in the following two months."
	salad         = "the we team result two hundred percent customer led I owned drove impact the data we launch percent I customer result the team our impact million saved I we drove the metric result led customer the percent two owned and team we I the launch result data percent impact customer hundred the we led"
	saladAgain    = "result the customer we percent led the team I impact two owned data hundred launch the we drove percent result I customer the million team impact our saved we the led metric I drove result customer percent the owned two team and the we I launch data result impact percent hundred customer we the led"
)

// The summary coaches: each judged answer's top findings and the next
// push; a reply judged against its push, not as a STAR answer; and
// nothing judged, no fillers and no same story from transcripts that look
// unreliable.
func TestSummaryCoaches(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 3)
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	eng := &fakeEngine{ev: ev, texts: map[string]string{"01-q-1": noNumberStory, "02-q-1": impactReply, "03-q-2": salad, "04-q-2": impactReply, "05-q-3": saladAgain, "06-q-3": impactReply}}
	asked := 0
	chooser := func(tr *transcript.Transcript, r *star.Result) (string, string, bool) {
		asked++
		if asked == 1 {
			return "What was the measurable impact?", "the Result has no number", true
		}
		return "", "", false
	}
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng, FollowUp: true, Chooser: chooser}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := WriteText(&text, sum); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	blocks := strings.Split(out, "\n\n")
	block := func(prefix string) string {
		for _, b := range blocks {
			if strings.HasPrefix(b, prefix) {
				return b
			}
		}
		t.Fatalf("no block %q in:\n%s", prefix, out)
		return ""
	}
	first := block("1. q-1")
	if !strings.Contains(first, "\n   tip: Result has no number") || !strings.Contains(first, "\n   next push: What was the measurable impact? (the Result has no number)") {
		t.Errorf("answer 1 without its tips and push:\n%s", first)
	}
	reply := block("2. follow-up to answer 1")
	if !strings.Contains(reply, "\n   reply: answers the push with a number") || strings.Contains(reply, "score") || strings.Contains(reply, "STAR") {
		t.Errorf("the reply is judged against its push only:\n%s", reply)
	}
	if sum.Answers[1].Timing == nil || sum.Answers[1].Timing.Verdict == analyze.Short {
		t.Errorf("a short reply is not short: %+v", sum.Answers[1].Timing)
	}
	for _, prefix := range []string{"3. q-2", "5. q-3"} {
		b := block(prefix)
		if !strings.Contains(b, "\n   STAR: not judged: the transcript looks unreliable (the words are in no English order): run `starcoach doctor`") {
			t.Errorf("salad judged:\n%s", b)
		}
	}
	if strings.Contains(out, "same story") {
		t.Errorf("same story claimed from unreliable transcripts:\n%s", out)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sum); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Answers []struct {
			Star *struct {
				Score     *int   `json:"score"`
				NotJudged string `json:"not_judged"`
			} `json:"star"`
			Speech *struct {
				Fillers *int `json:"fillers"`
			} `json:"speech"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Answers) != 6 {
		t.Fatalf("%d answers", len(doc.Answers))
	}
	salad := doc.Answers[2]
	if salad.Star == nil || salad.Star.Score != nil || salad.Star.NotJudged == "" || salad.Speech == nil || salad.Speech.Fillers != nil {
		t.Errorf("salad in JSON: %s", buf.String())
	}
	if doc.Answers[0].Star == nil || doc.Answers[0].Star.Score == nil || doc.Answers[1].Star != nil {
		t.Errorf("answer scored, reply not: %s", buf.String())
	}
}

// An answer that tells another principle's story is pushed, after it as
// in the summary, with what its question asks for, not with the weakness
// the probes would pick.
func TestFollowUpAsksWhatTheQuestionWants(t *testing.T) {
	const disagreeStory = "Last year my manager wanted to rewrite our billing service in a new language before the busy season. I disagreed, because our error logs showed the real problem was one slow database query. I wrote a short document with the numbers and presented it to the team. My manager heard me out, but decided to go ahead with the rewrite. Once the decision was made, I committed fully, and I took the hardest part myself. We shipped the rewrite two weeks early, and later we fixed the slow query too, which cut our page load time by forty percent."
	ev := &events{}
	st := session.NewStore(t.TempDir())
	qs := questions(1)
	qs[0].Principles = []string{"Customer Obsession"}
	h, err := st.Create(session.Settings{Bank: "test", Count: 1}, qs, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	eng := &fakeEngine{ev: ev, texts: map[string]string{"01-q-1": disagreeStory, "02-q-1": impactReply}}
	chooser := func(*transcript.Transcript, *star.Result) (string, string, bool) {
		return "What was the measurable impact?", "the Result has no number", true
	}
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng, FollowUp: true, Chooser: chooser}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	a := sum.Answers[0]
	if a.Fit == nil || a.Fit.Verdict != fit.NotFits || a.Star.Push == nil {
		t.Fatalf("fit %+v, push %+v: want does not fit, pushed", a.Fit, a.Star.Push)
	}
	if got := h.Answers[1].Prompt; got != a.Star.Push.Text || !strings.HasPrefix(got, "Who was the customer") {
		t.Errorf("follow-up asked %q, summary's push %q: want the ask of Customer Obsession in both", got, a.Star.Push.Text)
	}
}

package practice

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/testaudio"
)

// distinctTexts gives each question its own story, so that only a take
// of the same question again could look like a retelling.
var distinctTexts = map[string]string{
	"q-1": "In my last role I owned the deploy pipeline. I had to make builds faster. I profiled every step and cached the dependencies. As a result builds took half the time.",
	"q-2": "At the clinic our booking form lost patients. My task was to win them back. I interviewed nurses and rebuilt the calendar widget. As a result bookings rose by thirty percent.",
	"q-3": "When our warehouse scanners dropped orders I had to find out why. I logged every access point and moved two of them. As a result lost orders fell to zero in a month.",
}

// A retake asks that question again and only that, keeps the earlier
// take, and counts the question once: never "3 of 2 answered", never the
// same story as the take it replaces; the summary says what changed.
func TestRetakeCountsTheQuestionOnce(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	eng := &fakeEngine{ev: ev, texts: distinctTexts}
	if _, err := (&Runner{Handle: h, Recorder: &fakeRecorder{src: spoken(t), ev: ev}, Transcriber: eng}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	sum, err := (&Runner{Handle: h, Recorder: rec, Transcriber: eng, Retake: 1}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.takes) != 1 || !strings.Contains(rec.takes[0].Context, "again (answer 1)") || rec.takes[0].Question != "Tell me about time 1." {
		t.Fatalf("retake recorded %+v", rec.takes)
	}
	if len(sum.Answers) != 3 || sum.Answered != 2 || sum.Questions != 2 || !sum.Finished {
		t.Fatalf("after the retake: %d answers, %d of %d answered, finished %v", len(sum.Answers), sum.Answered, sum.Questions, sum.Finished)
	}
	first, again := sum.Answers[0], sum.Answers[2]
	if first.Counted || !again.Counted || again.Retakes != 1 {
		t.Errorf("counted: first take %v, retake %v (retakes %d)", first.Counted, again.Counted, again.Retakes)
	}
	if len(again.SameStory) != 0 {
		t.Errorf("the retake is flagged as a retelling: %+v", again.SameStory)
	}
	if !strings.HasPrefix(again.Change, "0:0") || !strings.Contains(again.Change, " -> ") {
		t.Errorf("retake's change line %q", again.Change)
	}
	if line, ok := sum.LastChange(); !ok || line != "answer 3 against answer 1: "+again.Change {
		t.Errorf("last change %q", line)
	}
	var text bytes.Buffer
	WriteText(&text, sum)
	for _, want := range []string{
		": 2 of 2 questions answered, finished",
		"the latest take of a question counts",
		"3. q-1 (Ownership), again (answer 1): Tell me about time 1.",
		"   against answer 1: " + again.Change,
		"   an earlier take: not counted",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, text.String())
		}
	}
	saved, err := st.Load(h.ID)
	if err != nil || len(saved.Answers) != 3 || saved.Answers[2].Retake != 1 {
		t.Fatalf("saved: %+v %v", saved, err)
	}
}

// After Ctrl-C mid-answer, --resume with Redo asks that question again
// (the cut take is kept, not counted) and then carries on; with
// follow-ups on, the answers owed a follow-up get it.
func TestResumeRedoesTheAnswerCutShort(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &fakeRecorder{src: spoken(t), hold: 20 * time.Millisecond, ev: ev, onTake: func(n int) {
		if n == 1 {
			cancel()
		}
	}}
	eng := &fakeEngine{ev: ev, texts: distinctTexts}
	if _, err := (&Runner{Handle: h, Recorder: rec, Transcriber: eng, FollowUp: true}).Run(ctx); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Run: %v", err)
	}
	if CutShort(h.Session) != 0 {
		t.Fatalf("the answer cut short is not offered again: %+v", h.Answers)
	}
	rec2 := &fakeRecorder{src: spoken(t), ev: ev}
	sum, err := (&Runner{Handle: h, Recorder: rec2, Transcriber: eng, FollowUp: true, Redo: true}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, a := range h.Answers {
		k := a.Kind
		if a.Retake > 0 {
			k += " again"
		}
		kinds = append(kinds, k)
	}
	want := "answer,answer again,follow-up,answer,follow-up"
	if strings.Join(kinds, ",") != want {
		t.Fatalf("takes %s, want %s", strings.Join(kinds, ","), want)
	}
	if h.Answers[2].Parent != 2 {
		t.Errorf("the follow-up follows answer %d, want the take again (2)", h.Answers[2].Parent)
	}
	if !sum.Finished || sum.Answered != 2 {
		t.Errorf("after resume: finished %v, %d answered", sum.Finished, sum.Answered)
	}
}

// Kept (no Redo), the take cut short stands, and its follow-up is asked.
func TestResumeKeepsTheAnswerCutShortAndAsksItsFollowUp(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &fakeRecorder{src: spoken(t), hold: 20 * time.Millisecond, ev: ev, onTake: func(int) { cancel() }}
	eng := &fakeEngine{ev: ev}
	sum, err := (&Runner{Handle: h, Recorder: rec, Transcriber: eng, FollowUp: true}).Run(ctx)
	if !errors.Is(err, ErrInterrupted) || sum.Finished {
		t.Fatalf("Run: %v, finished %v", err, sum.Finished)
	}
	rec2 := &fakeRecorder{src: spoken(t), ev: ev}
	if _, err := (&Runner{Handle: h, Recorder: rec2, Transcriber: eng, FollowUp: true}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(rec2.takes) != 1 || !strings.HasPrefix(rec2.takes[0].Context, "follow-up to question 1 of 1") {
		t.Fatalf("resume recorded %+v", rec2.takes)
	}
}

// A take in which no speech was heard is kept, not scored, and the
// question asked again at once; it never counts.
func TestNoSpeechIsAskedAgain(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	silent := testaudio.Silence(t, t.TempDir(), 2, testaudio.Rate)
	rec := &fakeRecorder{src: spoken(t), ev: ev, silent: silent, silentTakes: map[int]bool{1: true}}
	eng := &fakeEngine{ev: ev, texts: distinctTexts}
	var out bytes.Buffer
	sum, err := (&Runner{Handle: h, Recorder: rec, Transcriber: eng, Out: &out}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.takes) != 3 || rec.takes[1].Question != "Tell me about time 1." {
		t.Fatalf("takes %+v", rec.takes)
	}
	if !strings.Contains(out.String(), NoSpeechAgain+"\n") {
		t.Errorf("out:\n%s", out.String())
	}
	if eng.calls != 2 {
		t.Errorf("%d transcriptions, want 2: a take with no speech is not transcribed", eng.calls)
	}
	silentTake := sum.Answers[0]
	if !silentTake.NoSpeech || silentTake.Counted || silentTake.Star != nil {
		t.Errorf("the silent take: no speech %v, counted %v, star %+v", silentTake.NoSpeech, silentTake.Counted, silentTake.Star)
	}
	if sum.Answered != 2 || sum.Pending != 0 || !sum.Finished {
		t.Errorf("summary: %d answered, %d pending, finished %v", sum.Answered, sum.Pending, sum.Finished)
	}
	var text bytes.Buffer
	WriteText(&text, sum)
	if !strings.Contains(text.String(), "no speech heard: not scored, not counted") || strings.Contains(text.String(), "not transcribed") {
		t.Errorf("summary:\n%s", text.String())
	}

	// Twice in a row is the microphone: the session stops, resumable.
	h2 := newSession(t, st, 1)
	rec2 := &fakeRecorder{src: spoken(t), ev: ev, silent: silent, silentTakes: map[int]bool{1: true, 2: true}}
	if _, err := (&Runner{Handle: h2, Recorder: rec2, Transcriber: eng}).Run(context.Background()); !errors.Is(err, ErrNoSpeech) {
		t.Fatalf("two silent takes: %v", err)
	}
	if len(rec2.takes) != 2 || h2.Finished {
		t.Errorf("%d takes, finished %v", len(rec2.takes), h2.Finished)
	}
}

// The --resume question: yes unless the reply is no.
func TestAskRedo(t *testing.T) {
	s := &session.Session{Questions: []session.Question{{ID: "own-1"}}, Answers: []session.Answer{{Question: 0, Kind: session.KindAnswer, DurationS: 15.2, Interrupted: true}}}
	for reply, want := range map[string]bool{"\n": true, "y\n": true, "Yes\n": true, "n\n": false, " NO \n": false, "": true} {
		var out bytes.Buffer
		if got := AskRedo(strings.NewReader(reply), &out, s, 0); got != want {
			t.Errorf("reply %q: redo %v, want %v", reply, got, want)
		}
		if out.String() != "answer 1 (own-1) was cut short at 0:15: take the question again? [Y/n] " {
			t.Errorf("asked %q", out.String())
		}
	}
}

package replay

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

// starAnswer is an answer with spoken section names, so that the STAR
// check finds each section where it was said.
var starParts = []any{
	0.6, "Situation. Our release was slipping by two weeks.",
	2.5, "Action. I split the work into two streams.",
	1.2, "Result. We shipped on time.",
	1.5,
}

// makeSession stores a session with one answer the way practice does:
// the recording, its timing, a transcript with word times and the STAR
// check, beside session.json. The transcript's words are spread evenly
// over each spoken part.
func makeSession(t *testing.T, parts ...any) (store *session.Store, id string, rec recording) {
	t.Helper()
	root := t.TempDir()
	store = session.NewStore(root)
	rec = spoken(t, t.TempDir(), parts...)
	h, err := store.Create(session.Settings{}, []session.Question{{ID: "q1", Text: "Tell me about a deadline you rescued.", LimitS: 120}}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	wavName := "q1.wav"
	data, err := os.ReadFile(rec.path)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, v any) {
		t.Helper()
		var b []byte
		if raw, ok := v.([]byte); ok {
			b = raw
		} else if b, err = json.MarshalIndent(v, "", "  "); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(h.Path(name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(wavName, data)
	f, err := os.Open(h.Path(wavName))
	if err != nil {
		t.Fatal(err)
	}
	timing, err := analyze.Stream(f, analyze.DefaultOptions())
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	write(wavName+".timing.json", timing)

	tr := &transcript.Transcript{Engine: "test", DurationS: timing.DurationS}
	k := 0
	for _, p := range parts {
		text, ok := p.(string)
		if !ok {
			continue
		}
		span := rec.speech[k]
		k++
		words := strings.Fields(text)
		step := span.Len() / float64(len(words))
		for i, w := range words {
			tr.Words = append(tr.Words, transcript.Word{StartS: span.StartS + float64(i)*step, EndS: span.StartS + float64(i+1)*step, Word: w, Conf: 1})
		}
		tr.Segments = append(tr.Segments, transcript.Segment{StartS: span.StartS, EndS: span.EndS, Text: text})
		tr.Text = strings.TrimSpace(tr.Text + " " + text)
	}
	write("q1.transcript.json", tr)
	check := star.Check(tr, &star.Timing{DurationS: timing.DurationS, LimitS: 120}, nil)
	write("q1.star.json", check)

	h.Answers = append(h.Answers, session.Answer{
		Question: 0, Kind: session.KindAnswer, Status: session.StatusTranscribed,
		WAV: wavName, Timing: wavName + ".timing.json", Transcript: "q1.transcript.json", Star: "q1.star.json",
		DurationS: timing.DurationS,
	})
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	return store, h.ID, rec
}

func loadOnly(t *testing.T, store *session.Store, id string, n int) Loaded {
	t.Helper()
	sess, err := store.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	l, err := LoadAnswer(store.SessionDir(id), sess, n)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLoadAnswerFromSession(t *testing.T) {
	store, id, rec := makeSession(t, starParts...)
	l := loadOnly(t, store, id, 1)
	if want := float64(len(rec.samples)) / rate; math.Abs(l.Answer.DurationS-want) > 1e-6 {
		t.Errorf("duration %.4f s, want %.4f", l.Answer.DurationS, want)
	}
	if l.Track.Question != "Tell me about a deadline you rescued." || l.Track.WAV != filepath.Join(store.SessionDir(id), "q1.wav") {
		t.Errorf("track %+v", l.Track)
	}
	// The timing found the two long silences where they were made.
	var long []Span
	for _, g := range l.Answer.Gaps {
		if g.Len() > 1 {
			long = append(long, g)
		}
	}
	made := []Span{{rec.speech[0].EndS, rec.speech[1].StartS}, {rec.speech[1].EndS, rec.speech[2].StartS}}
	if len(long) != 2 {
		t.Fatalf("gaps over 1 s: %v, want about %v", long, made)
	}
	for i := range made {
		if math.Abs(long[i].StartS-made[i].StartS) > 0.05 || math.Abs(long[i].EndS-made[i].EndS) > 0.05 {
			t.Errorf("gap %v, made %v", long[i], made[i])
		}
	}
	if len(l.Track.Lines) != 3 || l.Answer.Sections == nil {
		t.Fatalf("lines %v, sections %v", l.Track.Lines, l.Answer.Sections)
	}
	mid := (rec.speech[1].StartS + rec.speech[1].EndS) / 2
	if got := l.Track.SectionAt(mid); got != "Action" {
		t.Errorf("section at %.2f s: %q, want Action", mid, got)
	}
	if got := l.Track.LineAt(mid); !strings.HasPrefix(got, "Action. I split") {
		t.Errorf("line at %.2f s: %q", mid, got)
	}
}

// The answer's action, with its pauses shortened, reaches the speaker
// sample for sample, and is as much shorter as the pauses were cut.
func TestReplaySectionWithPausesCut(t *testing.T) {
	store, id, rec := makeSession(t, starParts...)
	l := loadOnly(t, store, id, 1)
	full, _ := Plan([]Answer{l.Answer}, Options{})
	cutItems, _ := Plan([]Answer{l.Answer}, Options{SkipPauses: true})
	// Made: 0.6 s before the first word (0.1 s cut), pauses of 2.5 s
	// (1.5 cut) and 1.2 s (0.2 cut), 1.5 s after the last word (1 cut).
	// The silences are measured from the sound, whose words fade out over
	// tens of milliseconds.
	shorter := full[0].DurationS() - cutItems[0].DurationS()
	t.Logf("--skip-pauses shortens %.3f s by %.3f s", full[0].DurationS(), shorter)
	if math.Abs(shorter-2.8) > 0.15 {
		t.Errorf("--skip-pauses shortens by %.3f s, want 2.8 s (within 0.15 s)", shorter)
	}

	items, skips := Plan([]Answer{l.Answer}, Options{Sections: []star.Label{star.A}, SkipPauses: true})
	if len(skips) != 0 {
		t.Fatal(skips)
	}
	spans := items[0].Spans
	// Section times are kept to the hundredth of a second.
	if spans[0].StartS < rec.speech[0].EndS || spans[len(spans)-1].EndS > rec.speech[2].StartS+0.01 {
		t.Errorf("action spans %v reach outside the second sentence's surroundings %v", spans, rec.speech)
	}
	tr := l.Track
	tr.Spans = spans
	fake := &audio.Fake{}
	if err := (&Player{System: fake}).Play(context.Background(), []Track{tr}); err != nil {
		t.Fatal(err)
	}
	sameSamples(t, "action", fake.Played(), cut(rec.samples, spans))
}

func TestLoadAnswerErrors(t *testing.T) {
	store, id, _ := makeSession(t, "Hello there.")
	dir := store.SessionDir(id)
	sess, _ := store.Load(id)

	os.WriteFile(filepath.Join(dir, "q1.star.json"), []byte("{not json"), 0o644)
	if _, err := LoadAnswer(dir, sess, 1); err == nil || !strings.Contains(err.Error(), "q1.star.json") {
		t.Errorf("broken STAR check: %v", err)
	}
	os.Remove(filepath.Join(dir, "q1.star.json"))
	if l, err := LoadAnswer(dir, sess, 1); err != nil || l.Answer.Sections != nil {
		t.Errorf("missing STAR check: %v, sections %v", err, l.Answer.Sections)
	}
	// Without its timing the answer is measured from the recording.
	os.Remove(filepath.Join(dir, "q1.wav.timing.json"))
	if l, err := LoadAnswer(dir, sess, 1); err != nil || !(l.Answer.DurationS > 0) || l.Answer.Speech.Len() <= 0 {
		t.Errorf("missing timing: %v, %+v", err, l.Answer)
	}
	os.WriteFile(filepath.Join(dir, "q1.wav"), []byte("RIFF\x00\x00\x00\x00WAVEjunk"), 0o644)
	if _, err := LoadAnswer(dir, sess, 1); err == nil || !strings.Contains(err.Error(), "q1.wav") {
		t.Errorf("broken recording: %v", err)
	}
	os.Remove(filepath.Join(dir, "q1.wav"))
	_, err := LoadAnswer(dir, sess, 1)
	if err == nil || !strings.Contains(err.Error(), "q1.wav: the recording is missing") {
		t.Errorf("missing recording: %v", err)
	}
}

// A follow-up's reply is timed against its own limit and judged as a
// reply, as every view judges it: not "short" because it is not a full
// answer.
func TestFollowUpTimeIsJudgedAsAReply(t *testing.T) {
	store, id, _ := makeSession(t, starParts...)
	sess, err := store.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := LoadAnswer(store.SessionDir(id), sess, 1); err != nil || !strings.HasSuffix(l.Track.Time, "of 2:00, short") {
		t.Fatalf("the answer: %q (%v)", l.Track.Time, err)
	}
	sess.Answers[0].Kind, sess.Answers[0].Prompt = session.KindFollowUp, "Why that approach?"
	l, err := LoadAnswer(store.SessionDir(id), sess, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(l.Track.Time, "of 1:00, ok") {
		t.Errorf("the follow-up: %q, want ok against 1:00", l.Track.Time)
	}
}

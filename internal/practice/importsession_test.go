package practice

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/testaudio"
)

var importQuestion = prompts.Question{ID: "ownership-1", Bank: "amazon-lp", Text: "Tell me about a time you owned something.", Principles: []string{"Ownership"}}

// An import makes a session for the recording, copies, times, transcribes
// and checks it, and summarises it; a second import joins that session,
// spelling its story as the first did.
func TestImportAnswerMakesOrJoinsASession(t *testing.T) {
	st := session.NewStore(t.TempDir())
	src := testaudio.Tone(t, filepath.Join(t.TempDir(), "take.wav"), 2, testaudio.Rate)
	engine := &fakeEngine{ev: &events{}}
	first, err := ImportAnswer(context.Background(), st, ImportRequest{File: src, Question: importQuestion, Story: "Checkout Outage", Transcriber: engine})
	if err != nil {
		t.Fatal(err)
	}
	a := first.Answer()
	if a.N != 1 || a.Status != session.StatusTranscribed || a.Timing == nil || engine.calls != 1 || a.Story != "Checkout Outage" {
		t.Errorf("first import: answer %d, status %s, timing %v, %d transcriptions, story %q", a.N, a.Status, a.Timing, engine.calls, a.Story)
	}
	second, err := ImportAnswer(context.Background(), st, ImportRequest{File: src, Question: importQuestion, Story: "checkout outage", Session: first.Session})
	if err != nil {
		t.Fatal(err)
	}
	if b := second.Answer(); second.Session != first.Session || b.N != 2 || b.Status != session.StatusRecorded || b.Story != "Checkout Outage" {
		t.Errorf("second import: session %s (want %s), answer %d, status %s, story %q", second.Session, first.Session, b.N, b.Status, b.Story)
	}
	var out bytes.Buffer
	if err := WriteAnswer(&out, second.Summary, second.Index); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2. ownership-1") || strings.Contains(out.String(), "1. ownership-1") || !strings.Contains(out.String(), "1 answer not transcribed") {
		t.Errorf("WriteAnswer:\n%s", out.String())
	}
}

// A failed import into a new session leaves no session behind; one into
// an existing session leaves it as it was.
func TestImportAnswerFailingLeavesNothing(t *testing.T) {
	st := session.NewStore(t.TempDir())
	if _, err := ImportAnswer(context.Background(), st, ImportRequest{File: t.TempDir(), Question: importQuestion}); err == nil {
		t.Fatal("a folder was imported")
	}
	if ids, err := st.IDs(); err != nil || len(ids) != 0 {
		t.Errorf("sessions left after a failed import: %v, %v", ids, err)
	}
}

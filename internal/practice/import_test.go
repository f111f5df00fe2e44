package practice

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/jsonfile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/wav"
)

func TestImportCopiesAndTimes(t *testing.T) {
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 1)
	src := spoken(t)
	orig, _ := os.ReadFile(src)

	q := session.Question{ID: "dd-1", Text: "Dig deep.", LimitS: 90}
	i, err := Import(h, src, q, "deploy pipeline")
	if err != nil {
		t.Fatal(err)
	}
	a := h.Answers[i]
	if a.WAV != "01-dd-1.wav" || a.Status != session.StatusRecorded || a.Imported == "" || a.Story != "deploy pipeline" || h.Questions[a.Question].ID != "dd-1" || len(h.Questions) != 2 {
		t.Fatalf("answer %+v, questions %+v", a, h.Questions)
	}
	copied, _ := os.ReadFile(h.Path(a.WAV))
	now, _ := os.ReadFile(src)
	if !bytes.Equal(copied, orig) || !bytes.Equal(now, orig) {
		t.Fatal("the copy differs from the original, or the original changed")
	}
	var tm analyze.Result
	err = jsonfile.Read(h.Path(a.Timing), &tm)
	if err != nil || tm.LimitS != 90 || !tm.SpeechFound {
		t.Fatalf("timing %+v %v", tm, err)
	}
	// Question 1 of the session is still unanswered.
	if h.Finished {
		t.Error("session marked finished")
	}

	// Not a WAV: refused, nothing added.
	bad := filepath.Join(t.TempDir(), "notes.wav")
	os.WriteFile(bad, []byte("not audio at all, just some words"), 0o644)
	_, err = Import(h, bad, q, "")
	var fe *wav.FormatError
	if !errors.As(err, &fe) || len(h.Answers) != 1 {
		t.Fatalf("err %v, %d answers", err, len(h.Answers))
	}
}

func TestTranscribeRetriesWhatFailed(t *testing.T) {
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	ev := &events{}
	_, err := (&Runner{Handle: h, Recorder: &fakeRecorder{src: spoken(t), ev: ev}, Transcriber: &fakeEngine{ev: ev, fail: errors.New("engine down")}}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h.Answers[0].Status != session.StatusFailed {
		t.Fatalf("%+v", h.Answers[0])
	}
	var done []int
	eng := &fakeEngine{ev: ev}
	if err := Transcribe(context.Background(), h, eng, assess.Options{}, false, func(i int) { done = append(done, i) }); err != nil {
		t.Fatal(err)
	}
	if len(done) != 2 || h.Answers[0].Status != session.StatusTranscribed || h.Answers[1].Error != "" {
		t.Fatalf("done %v, answers %+v", done, h.Answers)
	}
	// Nothing left: a second run does nothing, unless all.
	eng.calls = 0
	Transcribe(context.Background(), h, eng, assess.Options{}, false, nil)
	if eng.calls != 0 {
		t.Errorf("%d runs on transcribed answers", eng.calls)
	}
	Transcribe(context.Background(), h, eng, assess.Options{}, true, nil)
	if eng.calls != 2 {
		t.Errorf("all: %d runs", eng.calls)
	}
	saved, _ := st.Load(h.ID)
	if saved.Answers[1].Status != session.StatusTranscribed {
		t.Errorf("not saved: %+v", saved.Answers[1])
	}
}

// An import taken back after its transcription leaves the session as it
// was: the same session file, none of the answer's files.
func TestUnimportRestoresTheSession(t *testing.T) {
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 1)
	beforeFiles := dirNames(t, h.Dir())
	questions, finished := len(h.Questions), h.Finished

	i, err := Import(h, spoken(t), session.Question{ID: "dd-1", Text: "Dig deep.", LimitS: 90}, "")
	if err != nil {
		t.Fatal(err)
	}
	h.Answers[i] = TranscribeAnswer(context.Background(), h.Dir(), h.Answers[i], 90, &fakeEngine{ev: &events{}}, assess.Options{})
	if h.Answers[i].Status != session.StatusTranscribed {
		t.Fatalf("test setup: %+v", h.Answers[i])
	}
	if err := Unimport(h, i, questions, finished); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, h.Dir()); got != beforeFiles {
		t.Errorf("files %s, want %s as before", got, beforeFiles)
	}
	saved, err := st.Load(h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Answers) != 0 || len(saved.Questions) != questions || saved.Finished != finished {
		t.Errorf("saved %d answers, %d questions, finished %v; want 0, %d, %v", len(saved.Answers), len(saved.Questions), saved.Finished, questions, finished)
	}
	// Only the last answer can be taken back.
	if err := Unimport(h, 0, questions, finished); err == nil {
		t.Error("taking back an answer that is not there: no error")
	}
}

func dirNames(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

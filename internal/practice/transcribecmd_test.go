package practice

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/ui"
)

// Files are printed in the order named whatever finishes first; a file
// that fails is one line on the error stream, the others are still
// printed, and the failure shows in the error returned.
func TestTranscribeFilesReportsEachInOrder(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"b.wav", "a.wav"} {
		p := testaudio.Tone(t, filepath.Join(dir, name), 1, 16000)
		if _, err := stt.Save(p, &transcript.Transcript{Engine: "vosk", Text: "I fixed " + name, DurationS: 1}); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	paths = append(paths[:1], filepath.Join(dir, "missing.wav"), paths[1])
	streams, _, out, errOut := ui.Test()
	err := TranscribeFiles(context.Background(), &stt.Transcriber{Engine: stt.Engine{Name: "vosk"}}, paths, 3, false, speech.DefaultLexicon(), streams, false)
	if !errors.Is(err, ui.ErrReported) {
		t.Fatalf("err %v, want the failure reported", err)
	}
	b, a := strings.Index(out.String(), "I fixed b.wav"), strings.Index(out.String(), "I fixed a.wav")
	if b < 0 || a < b {
		t.Errorf("want b.wav then a.wav:\n%s", out)
	}
	if lines := strings.Split(strings.TrimSpace(errOut.String()), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "missing.wav") {
		t.Errorf("stderr %q, want one line naming missing.wav", errOut)
	}
}

// Only the answers without a transcript are transcribed; one that fails
// again is named on the error stream, and the summary is printed anyway.
func TestTranscribeSessionRetriesAndSummarises(t *testing.T) {
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 1)
	ev := &events{}
	if _, err := (&Runner{Handle: h, Recorder: &fakeRecorder{src: spoken(t), ev: ev}, Transcriber: &fakeEngine{ev: ev, fail: errors.New("engine down")}}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := h.ID
	h.Close()

	streams, _, out, errOut := ui.Test()
	err := TranscribeSession(context.Background(), st, id, &fakeEngine{ev: ev, fail: errors.New("still down")}, assess.Options{}, false, streams, false)
	if !errors.Is(err, ui.ErrReported) || !strings.Contains(errOut.String(), "answer 1 (01-") || !strings.Contains(errOut.String(), "still down") {
		t.Fatalf("err %v, stderr %q; want answer 1's failure said", err, errOut)
	}
	if out.Len() == 0 {
		t.Error("no summary after a failed answer")
	}

	streams, _, out, _ = ui.Test()
	eng := &fakeEngine{ev: ev}
	if err := TranscribeSession(context.Background(), st, id, eng, assess.Options{}, false, streams, true); err != nil || eng.calls != 1 {
		t.Fatalf("err %v, %d engine runs; want one", err, eng.calls)
	}
	if !strings.HasPrefix(strings.TrimSpace(out.String()), "{") {
		t.Errorf("--json summary is not JSON: %s", out)
	}
	eng.calls = 0
	if err := TranscribeSession(context.Background(), st, id, eng, assess.Options{}, false, streams, false); err != nil || eng.calls != 0 {
		t.Errorf("nothing left to do: err %v, %d engine runs", err, eng.calls)
	}
	if _, err := os.Stat(st.SessionDir(id)); err != nil {
		t.Fatal(err)
	}
}

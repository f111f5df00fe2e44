package practice

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/ui"
)

// The imported answer is printed as the summary shows it; a failed
// transcription keeps the answer, is said on the error stream, and fails
// the command; with JSON the answer's object carries the error instead.
func TestImportAndWrite(t *testing.T) {
	st := session.NewStore(t.TempDir())
	src := testaudio.Tone(t, filepath.Join(t.TempDir(), "take.wav"), 2, testaudio.Rate)
	if err := CheckRecording(src); err != nil {
		t.Fatal(err)
	}
	streams, _, out, errOut := ui.Test()
	req := ImportRequest{File: src, Question: importQuestion, Transcriber: &fakeEngine{ev: &events{}, fail: errors.New("engine down")}}
	err := ImportAndWrite(context.Background(), st, req, "", streams, false)
	if !errors.Is(err, ui.ErrReported) || !strings.Contains(out.String(), "imported "+src+" as answer 1 of session ") || !strings.Contains(errOut.String(), "transcription failed: engine down") {
		t.Fatalf("err %v\nstdout %s\nstderr %s", err, out, errOut)
	}

	streams, _, out, errOut = ui.Test()
	req.Transcriber = &fakeEngine{ev: &events{}}
	req.Session = "latest"
	if err := ImportAndWrite(context.Background(), st, req, "", streams, true); err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	var a AnswerSummary
	if err := json.Unmarshal(out.Bytes(), &a); err != nil || a.N != 2 || a.Status != session.StatusTranscribed {
		t.Errorf("JSON answer %+v, %v:\n%s", a, err, out)
	}
}

func TestCheckRecordingNamesTheFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "notes.wav")
	os.WriteFile(bad, []byte("not audio at all, just some words"), 0o600)
	if err := CheckRecording(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("not a WAV: %v", err)
	}
}

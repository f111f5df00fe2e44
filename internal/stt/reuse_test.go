package stt

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
)

// A saved transcript stands in for a run of the same engine and model
// made after the recording changed, and for nothing else.
func TestSavedTranscriptIsReusedOnlyWhenItStandsIn(t *testing.T) {
	wavPath := testaudio.Tone(t, filepath.Join(t.TempDir(), "answer.wav"), 1, testaudio.Rate)
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(wavPath, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := Save(wavPath, &transcript.Transcript{Text: "we shipped", Engine: PocketSphinx, Model: "en-us"}); err != nil {
		t.Fatal(err)
	}
	sphinx := Engine{Name: PocketSphinx}
	if got := Saved(wavPath, sphinx, false); got == nil || got.Text != "we shipped" {
		t.Errorf("same engine and (default) model: %+v, want the saved transcript", got)
	}
	for name, e := range map[string]Engine{
		"another engine": {Name: Whisper, Model: "ggml-base.en.bin"},
		"another model":  {Name: PocketSphinx, Model: "/models/en-gb"},
	} {
		if got := Saved(wavPath, e, false); got != nil {
			t.Errorf("%s: reused %+v", name, got)
		}
	}
	if got := Saved(wavPath, sphinx, true); got != nil {
		t.Errorf("--force: reused %+v", got)
	}
	now := time.Now().Add(time.Hour)
	if err := os.Chtimes(wavPath, now, now); err != nil {
		t.Fatal(err)
	}
	if got := Saved(wavPath, sphinx, false); got != nil {
		t.Errorf("a recording changed after its transcript: reused %+v", got)
	}
}

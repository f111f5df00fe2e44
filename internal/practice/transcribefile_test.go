package practice

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
)

// A recording with a transcript from the same engine, newer than it, is
// not transcribed again: its figures come from the saved transcript, and
// no engine runs (the transcriber here has no runner).
func TestTranscribeRecordingReusesTheSavedTranscript(t *testing.T) {
	dir := t.TempDir()
	path := testaudio.Tone(t, filepath.Join(dir, "answer.wav"), 1, 16000)
	engine := stt.Engine{Name: "vosk"}
	saved := &transcript.Transcript{Engine: "vosk", Text: "um so I fixed the build", DurationS: 1}
	if _, err := stt.Save(path, saved); err != nil {
		t.Fatal(err)
	}
	res, err := TranscribeRecording(context.Background(), &stt.Transcriber{Engine: engine}, path, false, speech.DefaultLexicon())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Reused || res.Text != saved.Text || res.Speech.Words != 6 || res.Speech.Fillers.Hard != 1 {
		t.Errorf("got %+v; want the saved transcript reused and measured", res)
	}
	var out bytes.Buffer
	if err := WriteTranscribed(&out, res, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"answer.wav  vosk, 0:01, saved transcript", "  | um so I fixed the build\n", "transcript: " + res.Transcript} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text view lacks %q:\n%s", want, out.String())
		}
	}
}

func TestTranscribeRecordingNamesAMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gone.wav")
	_, err := TranscribeRecording(context.Background(), &stt.Transcriber{}, path, false, speech.DefaultLexicon())
	if err == nil || err.Error() != path+": no such file" {
		t.Errorf("err %v; want %q", err, path+": no such file")
	}
}

func TestWrapKeepsLinesWithinTheWidth(t *testing.T) {
	text := strings.Repeat("answer ", 40)
	for _, line := range wrap(text, 20) {
		if len(line) > 20 || strings.TrimSpace(line) != line {
			t.Errorf("line %q over 20 or untrimmed", line)
		}
	}
	if got := strings.Join(wrap(text, 20), " "); got != strings.TrimSpace(text) {
		t.Errorf("words lost: %q", got)
	}
}

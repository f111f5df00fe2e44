package analyze

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

func TestFileNamesTheRecording(t *testing.T) {
	dir := t.TempDir()
	path := testaudio.Tone(t, filepath.Join(dir, "tone.wav"), 1, 16000)
	r, err := File(path, DefaultOptions())
	if err != nil || r.File != path || r.DurationS != 1 {
		t.Fatalf("a second of tone: %v %+v; want the file named and 1 s long", err, r)
	}
	bad := filepath.Join(dir, "bad.wav")
	if err := os.WriteFile(bad, []byte("plain text, not audio"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{bad, filepath.Join(dir, "gone.wav")} {
		if _, err := File(p, DefaultOptions()); err == nil || !strings.HasPrefix(err.Error(), p+": ") {
			t.Errorf("%s: %v; want an error naming it", p, err)
		}
	}
}

func TestWriteJSONRoundsToTheMillisecond(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, Result{File: "a.wav", DurationS: 12.3456789, AnswerS: 11.0004999, SpeechEndS: 11.98765, Gaps: []Gap{}}, true); err != nil {
		t.Fatal(err)
	}
	var got struct {
		DurationS  float64 `json:"duration_s"`
		AnswerS    float64 `json:"answer_s"`
		SpeechEndS float64 `json:"speech_end_s"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.DurationS != 12.346 || got.AnswerS != 11 || got.SpeechEndS != 11.988 {
		t.Errorf("%+v; want 12.346, 11, 11.988", got)
	}
}

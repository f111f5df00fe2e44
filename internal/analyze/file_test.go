package analyze

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/wav"
)

func TestFileNamesTheRecording(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "quiet.wav")
	w, err := wav.Create(path, wav.Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, wav.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteInt16(make([]int16, 16000)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := File(path, DefaultOptions())
	if err != nil || r.File != path || r.SpeechFound {
		t.Fatalf("silence: %v %+v; want the file named and no speech", err, r)
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

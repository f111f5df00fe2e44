package analyze

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/ui"
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

// Every file is printed in the order named; one that cannot be read is a
// line on the error stream naming it, and fails the whole run.
func TestFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	long := testaudio.Tone(t, filepath.Join(dir, "long.wav"), 3, 16000)
	short := testaudio.Tone(t, filepath.Join(dir, "short.wav"), 1, 16000)
	gone := filepath.Join(dir, "gone.wav")
	var out, warn bytes.Buffer
	err := Files([]string{long, gone, short}, 3, DefaultOptions(), &out, &warn, true)
	if !errors.Is(err, ui.ErrReported) {
		t.Fatalf("err %v, want the failure reported", err)
	}
	var files []string
	dec := json.NewDecoder(&out)
	for dec.More() {
		var r Result
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		files = append(files, r.File)
	}
	if len(files) != 2 || files[0] != long || files[1] != short {
		t.Errorf("printed %v, want long then short", files)
	}
	if !strings.HasPrefix(warn.String(), "starcoach: "+gone+": ") || strings.Count(warn.String(), "\n") != 1 {
		t.Errorf("stderr %q", &warn)
	}
}

package assess

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

func TestReadTextRefusesWhatIsNotAnAnswer(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct{ path, want string }{
		{write("blank.txt", " \n\t"), "no words in it"},
		{write("nul.txt", "I fixed\x00 it"), "not a text file"},
		{write("huge.txt", strings.Repeat("word ", MaxTextBytes/5+1)), "far longer than an answer"},
		{dir, "is a directory"},
		{filepath.Join(dir, "gone.txt"), "no such file"},
	} {
		_, err := ReadText(tc.path, nil)
		if err == nil || !strings.HasPrefix(err.Error(), tc.path+": ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want %q naming the file", tc.path, err, tc.want)
		}
	}
	tr, err := ReadText("-", strings.NewReader("I rewrote the job."))
	if err != nil || tr.Text != "I rewrote the job." {
		t.Errorf("stdin: %v %+v", err, tr)
	}
}

func TestReadTranscriptSaysHowToMakeOne(t *testing.T) {
	dir := t.TempDir()
	wavPath := filepath.Join(dir, "answer.wav")
	if _, _, err := ReadTranscript(wavPath); err == nil || err.Error() != wavPath+": no such file" {
		t.Errorf("no recording: %v", err)
	}
	if err := os.WriteFile(wavPath, []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadTranscript(wavPath); err == nil || !strings.Contains(err.Error(), "no transcript yet") || !strings.Contains(err.Error(), "starcoach transcribe "+wavPath) {
		t.Errorf("no transcript: %v", err)
	}
	tpath := Paths(wavPath).Transcript
	if err := os.WriteFile(tpath, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadTranscript(wavPath); err == nil || !strings.HasPrefix(err.Error(), tpath+": ") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("corrupt transcript: %v", err)
	}
	b, _ := json.Marshal(transcript.Transcript{Engine: "vosk", Text: "I fixed it"})
	if err := os.WriteFile(tpath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	tr, where, err := ReadTranscript(wavPath)
	if err != nil || tr.Text != "I fixed it" || where != tpath {
		t.Errorf("saved transcript: %v %q %+v", err, where, tr)
	}
	// A transcript named itself is read as it is, and has no timing.
	if _, where, err := ReadTranscript(tpath); err != nil || where != tpath {
		t.Errorf("named transcript: %v %q", err, where)
	}
	if tm, err := TimeRecording(tpath, DefaultLimitS); tm != nil || err != nil {
		t.Errorf("timing of a transcript: %v %v; want none", tm, err)
	}
}

func TestTimeRecordingWithoutTheAudio(t *testing.T) {
	dir := t.TempDir()
	if tm, err := TimeRecording(filepath.Join(dir, "gone.wav"), DefaultLimitS); tm != nil || err != nil {
		t.Errorf("gone: %v %v; want nil, nil (a transcript can outlive its audio)", tm, err)
	}
	bad := filepath.Join(dir, "bad.wav")
	if err := os.WriteFile(bad, []byte("not a wav at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := TimeRecording(bad, DefaultLimitS); err == nil || !strings.HasPrefix(err.Error(), bad+": ") {
		t.Errorf("not a WAV: %v; want an error naming it", err)
	}
}

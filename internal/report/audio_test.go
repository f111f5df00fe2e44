package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/assess"
)

func answerWithWAV(n int, wav string, missing ...string) Answer {
	return Answer{Answer: assess.Answer{N: n, Files: assess.Files{WAV: wav}, Missing: missing}}
}

// The page links each recording relative to itself, escaped so no file
// name reads as a scheme; with embed the recording goes into the page. A
// session file naming something outside its folder, or a recording that
// is missing, gets no player.
func TestLinkAudio(t *testing.T) {
	root := t.TempDir()
	sess := filepath.Join(root, "sessions", "s1")
	if err := os.MkdirAll(sess, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"01 a:b.wav", "02.wav"} {
		if err := os.WriteFile(filepath.Join(sess, name), []byte("RIFF"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	newReport := func() *Report {
		return &Report{Answers: []Answer{answerWithWAV(1, "01 a:b.wav"), answerWithWAV(2, "../../outside.wav"), answerWithWAV(3, "02.wav", "recording")}}
	}
	var warn bytes.Buffer

	r := newReport()
	if err := r.LinkAudio(sess, filepath.Join(root, "page.html"), false, &warn); err != nil {
		t.Fatal(err)
	}
	if got := r.Answers[0].Audio; got != "./sessions/s1/01%20a:b.wav" {
		t.Errorf("linked as %q", got)
	}
	if r.Answers[1].Audio != "" || r.Answers[2].Audio != "" {
		t.Errorf("outside or missing recordings linked: %q %q", r.Answers[1].Audio, r.Answers[2].Audio)
	}

	r = newReport()
	if err := r.LinkAudio(sess, "-", true, &warn); err != nil {
		t.Fatal(err)
	}
	if got := r.Answers[0].Audio; got != "data:audio/wav;base64,UklGRg==" {
		t.Errorf("embedded as %q", got)
	}

	r = newReport()
	if err := r.LinkAudio(sess, "", false, &warn); err != nil || r.Answers[0].Audio != "" {
		t.Errorf("standard output without embed: %v %q; want no player", err, r.Answers[0].Audio)
	}
	if got := relativeURL("../x/a#b.wav"); got != "../x/a%23b.wav" {
		t.Errorf("relativeURL: %q", got)
	}
}

func TestWriteFileNeedsItsFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-folder", "r.html")
	err := WriteFile(path, &Report{}, "text")
	if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.HasPrefix(err.Error(), path) {
		t.Errorf("err %v; want the file named and its folder missing", err)
	}
}

package fileerr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkRefused says that OpenRecording refuses path with a message that
// holds want and names the file once.
func checkRefused(t *testing.T, path, want string) {
	t.Helper()
	f, err := OpenRecording(path)
	if err == nil {
		f.Close()
		t.Errorf("%s: opened; want %q", path, want)
		return
	}
	if msg := err.Error(); !strings.Contains(msg, want) || strings.Count(msg, path) != 1 {
		t.Errorf("%s: %q; want %q, naming the file once", path, msg, want)
	}
}

func TestOpenRecordingSaysWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	checkRefused(t, filepath.Join(dir, "gone.wav"), "gone.wav: no such file")
	checkRefused(t, dir, ": is a directory, not a WAV file")
	ok := filepath.Join(dir, "ok.wav")
	if err := os.WriteFile(ok, []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := OpenRecording(ok)
	if err != nil {
		t.Fatalf("a regular file: %v", err)
	}
	f.Close()
}

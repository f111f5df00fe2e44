package answerref

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSessionAnswer(t *testing.T) {
	store, dir := fixture(t)
	id, n, err := SessionAnswer(store, filepath.Join(dir, "02-ownership-1-follow-up.wav"), "advice")
	if err != nil || id != "2026-11-24T10-00-00" || n != 2 {
		t.Errorf("a recording in a session: %s, %d, %v", id, n, err)
	}
	loose := filepath.Join(t.TempDir(), "take.wav")
	if err := os.WriteFile(loose, []byte("RIFF"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := SessionAnswer(store, loose, "import it first"); err == nil || err.Error() != loose+": import it first" {
		t.Errorf("a recording outside any session: %v", err)
	}
}

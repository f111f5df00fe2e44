//go:build unix

package wav

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A recording is created 0600: the user's voice is theirs alone, under
// the usual umask 022 as under 077.
func TestRecordingIsPrivate(t *testing.T) {
	for _, umask := range []int{0o022, 0o077} {
		old := syscall.Umask(umask)
		p := filepath.Join(t.TempDir(), "answer.wav")
		w, err := Create(p, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, CreateOptions{})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("umask %03o: recording is %v, want -rw-------", umask, st.Mode().Perm())
		}
	}
}

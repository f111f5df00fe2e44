//go:build unix

package session

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A session's folder and files are the owner's alone whatever the umask,
// and a store left open to others by an older starcoach is closed.
func TestSessionIsPrivate(t *testing.T) {
	for _, umask := range []int{0o022, 0o077, 0o002} {
		old := syscall.Umask(umask)
		data := t.TempDir()
		os.Mkdir(filepath.Join(data, "sessions"), 0o755)
		os.Chmod(filepath.Join(data, "sessions"), 0o755)
		st := NewStore(data)
		h, err := st.Create(Settings{}, nil, fixedClock())
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		h.Close()
		for path, want := range map[string]os.FileMode{
			st.Dir:                           0o700,
			h.Dir():                          0o700,
			filepath.Join(h.Dir(), FileName): 0o600,
			filepath.Join(h.Dir(), lockName): 0o600,
		} {
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != want {
				t.Errorf("umask %03o: %s is %v, want %v", umask, path, st.Mode().Perm(), want)
			}
		}
	}
}

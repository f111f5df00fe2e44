//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// The mode asked for is narrowed by the umask, never widened past it: a
// user whose umask is 077 gets no file others can read.
func TestWriteKeepsTheUmask(t *testing.T) {
	for _, tc := range []struct {
		umask int
		perm  os.FileMode
		want  os.FileMode
	}{
		{0o022, PrivateFile, 0o600},
		{0o077, PrivateFile, 0o600},
		{0o022, 0o644, 0o644},
		{0o077, 0o644, 0o600},
		{0o277, PrivateFile, 0o400},
	} {
		old := syscall.Umask(tc.umask)
		p := filepath.Join(t.TempDir(), "f")
		err := WriteBytes(p, []byte("x"), tc.perm)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != tc.want {
			t.Errorf("umask %03o, perm %v: file is %v, want %v", tc.umask, tc.perm, st.Mode().Perm(), tc.want)
		}
	}
}

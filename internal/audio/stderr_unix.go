//go:build unix

package audio

import (
	"bytes"
	"io"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// stderrMu serialises diversions: file descriptor 2 belongs to the process.
var stderrMu sync.Mutex

// divertStderr runs f with file descriptor 2 pointing into a pipe and
// returns what was written there. The C audio libraries write their probe
// messages straight to that descriptor, beyond the reach of os.Stderr.
func divertStderr(f func() error) ([]byte, error) {
	stderrMu.Lock()
	defer stderrMu.Unlock()
	r, w, err := os.Pipe()
	if err != nil {
		return nil, f()
	}
	defer r.Close()
	saved, err := unix.FcntlInt(2, unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		w.Close()
		return nil, f()
	}
	var noise bytes.Buffer
	copied := make(chan struct{})
	go func() {
		io.Copy(&noise, r)
		close(copied)
	}()
	if err := unix.Dup2(int(w.Fd()), 2); err != nil {
		unix.Close(saved)
		w.Close()
		<-copied
		return nil, f()
	}
	ferr := f()
	unix.Dup2(saved, 2)
	unix.Close(saved)
	w.Close()
	<-copied
	return noise.Bytes(), ferr
}

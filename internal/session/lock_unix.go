//go:build unix

package session

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile opens the lock file and takes it, or fails with ErrLocked.
// flock is released by the kernel when the process dies, so a crash never
// leaves a session locked for good. A link in its place is not followed: a
// session folder from elsewhere must not make starcoach create a file
// outside it.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if errors.Is(err, syscall.ELOOP) {
		// The refusal reads "too many levels of symbolic links", which
		// tells a user nothing.
		return nil, fmt.Errorf("%s is a symbolic link, which starcoach does not follow in a session folder: remove it", path)
	}
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, err
	}
	return f, nil
}

//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNoBlock opens path with O_NONBLOCK, which makes opening a FIFO
// return at once instead of waiting for a writer.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// setBlocking clears O_NONBLOCK on a regular file. It has no effect on
// regular files on Linux, but it is cleared so reads behave the same
// everywhere.
func setBlocking(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}

//go:build unix

package ui

import (
	"os"

	"golang.org/x/sys/unix"
)

// messageStderr is a descriptor of its own for the standard error stream.
// The audio package points descriptor 2 into a pipe for a moment whenever
// the C audio libraries may print their probe noise there; a message that
// another goroutine writes meanwhile (a background transcription failing
// while the next answer's microphone opens) must still reach the user, so
// starcoach's own messages never go through descriptor 2.
func messageStderr() *os.File {
	fd, err := unix.FcntlInt(2, unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		return os.Stderr
	}
	return os.NewFile(uintptr(fd), "/dev/stderr")
}

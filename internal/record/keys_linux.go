package record

import (
	"errors"

	"golang.org/x/sys/unix"
)

// pollEnds says that pollKeys returns soon after done is closed.
const pollEnds = true

// setCbreak makes the terminal deliver each key at once without echoing
// it, and unlike raw mode keeps Ctrl-C a signal and newlines on output
// unchanged, so the rest of the program's output looks as always.
func setCbreak(fd int) {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return
	}
	t.Lflag &^= unix.ICANON | unix.ECHO
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	unix.IoctlSetTermios(fd, unix.TCSETS, t)
}

// pollKeys reads keys from the terminal until done is closed, waiting at
// most a tenth of a second at a time so that it never holds a read open
// after the recording.
func pollKeys(fd int, done <-chan struct{}, press func()) {
	buf := make([]byte, 64)
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		select {
		case <-done:
			return
		default:
		}
		n, err := unix.Poll(fds, 100)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 {
			return
		}
		if n == 0 {
			continue
		}
		m, err := unix.Read(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || m == 0 {
			return
		}
		for _, c := range buf[:m] {
			if isStopKey(c) {
				press()
			}
		}
	}
}

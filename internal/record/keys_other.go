//go:build !linux

package record

import (
	"os"
)

// pollEnds says that pollKeys may stay blocked in a read after done.
const pollEnds = false

// setCbreak leaves the terminal as it is where cbreak mode is not set up:
// the terminal then delivers keys line by line, so Enter still stops.
func setCbreak(fd int) {}

// pollKeys reads the terminal line by line until done is closed.
func pollKeys(fd int, done <-chan struct{}, press func()) {
	f := os.NewFile(uintptr(fd), "stdin")
	buf := make([]byte, 64)
	for {
		n, err := f.Read(buf)
		select {
		case <-done:
			return
		default:
		}
		for _, c := range buf[:n] {
			if isStopKey(c) {
				press()
			}
		}
		if err != nil {
			return
		}
	}
}

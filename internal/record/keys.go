package record

import (
	"io"
	"os"
	"sync"

	"golang.org/x/term"
)

// keyReader turns the keys that stop a recording (Enter, q) into signals on
// stop.
type keyReader struct {
	stop     chan struct{}
	done     chan struct{}
	finished sync.WaitGroup
	on       bool
}

// startKeys watches r for Enter and q. A terminal is put into cbreak mode
// (single keys, no echo, Ctrl-C still a signal) and read only while the
// recording runs, so no key typed after it is swallowed; restore puts the
// terminal back as it was and must always be called.
func startKeys(r io.Reader) (k *keyReader, restore func()) {
	k = &keyReader{stop: make(chan struct{}, 1), done: make(chan struct{})}
	if r == nil {
		return k, func() {}
	}
	k.on = true
	var once sync.Once
	if f, ok := r.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		state, err := term.GetState(fd)
		if err == nil {
			setCbreak(fd)
		}
		k.finished.Add(1)
		go func() {
			defer k.finished.Done()
			pollKeys(fd, k.done, k.press)
		}()
		return k, func() {
			once.Do(func() {
				close(k.done)
				if pollEnds {
					k.finished.Wait()
				}
				if state != nil {
					term.Restore(fd, state)
				}
			})
		}
	}
	// Any other reader (a pipe in tests) is read on a goroutine that ends
	// with the reader; keys after the recording are ignored.
	go func() {
		buf := make([]byte, 64)
		for {
			n, err := r.Read(buf)
			for _, c := range buf[:n] {
				if isStopKey(c) {
					select {
					case <-k.done:
						return
					default:
					}
					k.press()
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return k, func() { once.Do(func() { close(k.done) }) }
}

func isStopKey(c byte) bool { return c == '\n' || c == '\r' || c == 'q' || c == 'Q' }

func (k *keyReader) press() {
	select {
	case k.stop <- struct{}{}:
	default:
	}
}

// active reports whether keys can stop the recording.
func (k *keyReader) active() bool { return k.on }

// drain forgets keys pressed so far.
func (k *keyReader) drain() {
	select {
	case <-k.stop:
	default:
	}
}

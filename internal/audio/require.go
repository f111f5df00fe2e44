package audio

import (
	"errors"
	"io"
)

// ErrNoDevices means the audio system lists no device at all.
var ErrNoDevices = errors.New("no audio devices found: is a microphone or sound card connected? (--verbose shows what the audio libraries reported)")

// OpenWithDevices opens the audio system with open for a command that
// records or plays, and fails at once with ErrNoDevices on a machine
// that has no device at all, rather than with a less helpful error from
// the first stream.
func OpenWithDevices(open func(verbose io.Writer) (System, error), verbose io.Writer) (System, error) {
	sys, err := open(verbose)
	if err != nil {
		return nil, err
	}
	if devs, err := sys.Devices(); err == nil && len(devs) == 0 {
		sys.Close()
		return nil, ErrNoDevices
	}
	return sys, nil
}

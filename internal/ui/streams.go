// Package ui bundles the process's standard streams with what the program
// needs to know about them (are they terminals?) so that commands never ask
// the operating system directly and tests can hand in plain buffers.
package ui

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// Streams is the set of standard streams a command reads and writes.
// Results go to Out, messages and progress to Err.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer

	inTTY  bool
	outTTY bool
	errTTY bool
}

// System returns the process's own standard streams.
func System() *Streams {
	errOut := messageStderr()
	return &Streams{
		In:     os.Stdin,
		Out:    os.Stdout,
		Err:    errOut,
		inTTY:  isTerminal(os.Stdin),
		outTTY: isTerminal(os.Stdout),
		errTTY: isTerminal(errOut),
	}
}

// Test returns streams backed by buffers, none of them a terminal.
func Test() (s *Streams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &Streams{In: in, Out: out, Err: errOut}, in, out, errOut
}

// SetTTY overrides terminal detection, for tests of interactive behaviour.
func (s *Streams) SetTTY(in, out, err bool) { s.inTTY, s.outTTY, s.errTTY = in, out, err }

// IsStdinTTY reports whether standard input is a terminal.
func (s *Streams) IsStdinTTY() bool { return s.inTTY }

// IsStdoutTTY reports whether standard output is a terminal.
func (s *Streams) IsStdoutTTY() bool { return s.outTTY }

// IsStderrTTY reports whether standard error is a terminal: progress bars and
// meters are drawn only then.
func (s *Streams) IsStderrTTY() bool { return s.errTTY }

func isTerminal(f *os.File) bool {
	if os.Getenv("STARCOACH_NO_TTY") != "" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

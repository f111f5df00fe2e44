//go:build unix

package ui

import (
	"io"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// A message written while descriptor 2 is diverted (as the audio package
// does around the C libraries' calls) reaches the real standard error, not
// the diversion.
func TestMessagesSurviveADivertedStderr(t *testing.T) {
	saved, err := unix.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { unix.Dup2(saved, 2); unix.Close(saved) }()

	real, realW, _ := os.Pipe()
	diverted, divertedW, _ := os.Pipe()
	defer real.Close()
	defer diverted.Close()

	unix.Dup2(int(realW.Fd()), 2) // the terminal the user sees
	s := System()
	unix.Dup2(int(divertedW.Fd()), 2) // the library's noise goes elsewhere for a moment
	io.WriteString(s.Err, "starcoach: answer 1: transcription failed\n")
	unix.Dup2(saved, 2)
	realW.Close()
	divertedW.Close()
	if f, ok := s.Err.(*os.File); ok && f != os.Stderr {
		f.Close()
	}

	got, _ := io.ReadAll(real)
	lost, _ := io.ReadAll(diverted)
	if string(got) != "starcoach: answer 1: transcription failed\n" || len(lost) != 0 {
		t.Errorf("stderr got %q, the diversion got %q", got, lost)
	}
}

// Package fileerr phrases the ways reading a user's file can fail as one
// line that names the file and says what to do: "answer.wav: no such
// file", "answer.wav: not a WAV file ...; convert it: ffmpeg ...".
package fileerr

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/wav"
)

// OpenRecording opens a WAV file for reading (a regular file only, never
// a FIFO or a device) with its failures phrased by Of.
func OpenRecording(path string) (*os.File, error) {
	f, err := safefile.Open(path)
	if errors.Is(err, safefile.ErrDirectory) {
		return nil, fmt.Errorf("%s: is a directory, not a WAV file", path)
	}
	if err != nil {
		return nil, Of(path, err)
	}
	return f, nil
}

// Of prefixes err with the file it concerns, phrased for a user.
func Of(path string, err error) error {
	var fe *wav.FormatError
	var nr *safefile.NotRegularError
	switch {
	case errors.As(err, &nr):
		return fmt.Errorf("%s: %v", path, nr.Err)
	case errors.As(err, &fe) && fe.Convert:
		return fmt.Errorf("%s: %v; %s", path, fe, wav.ConvertHint(path))
	case errors.As(err, &fe):
		return fmt.Errorf("%s: %v", path, fe)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such file", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: permission denied", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", path, pe.Err)
	}
	return fmt.Errorf("%s: %v", path, err)
}

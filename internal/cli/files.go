package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/wav"
)

// openRecording opens a WAV file for reading and turns the ways that can
// fail into one line a user can act on.
func openRecording(path string) (*os.File, error) {
	f, err := safefile.Open(path)
	if errors.Is(err, safefile.ErrDirectory) {
		return nil, fmt.Errorf("%s: is a directory, not a WAV file", path)
	}
	if err != nil {
		return nil, fileError(path, err)
	}
	return f, nil
}

// fileError prefixes err with the file it concerns, phrased for a user:
// "answer.wav: no such file", "answer.wav: not a WAV file ...; convert it: ffmpeg ...".
func fileError(path string, err error) error {
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

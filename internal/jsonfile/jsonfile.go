// Package jsonfile reads the small JSON files starcoach keeps beside a
// recording (its timing, its STAR check): bounded in size, since a file of
// gigabytes there is a mistake and not something to load, and with errors
// that name the file.
package jsonfile

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/starcoach/starcoach/internal/safefile"
)

// MaxBytes bounds what Read accepts: the timing or STAR check of an
// hour-long answer takes a few hundred kilobytes.
const MaxBytes = 64 << 20

// Read decodes the JSON file at path into v. The error for a file that
// does not exist wraps fs.ErrNotExist; every error names the file.
func Read(path string, v any) error {
	data, err := safefile.ReadFile(path, MaxBytes)
	var tl *safefile.TooLargeError
	if errors.As(err, &tl) {
		return fmt.Errorf("%s: larger than %d MB, too large to be one of starcoach's files", path, MaxBytes>>20)
	}
	if err != nil {
		return err // names the file
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: not readable JSON: %v", path, err)
	}
	return nil
}

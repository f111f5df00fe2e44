package ui

import "errors"

// ErrReported means the user has already been told what went wrong (for
// example one line per failed file on the error stream) and only the exit
// status is left to give. Commands and the packages doing their work
// return it alike, so that the message is not printed twice.
var ErrReported = errors.New("failure already reported")

//go:build !unix

package ui

import "os"

// messageStderr is the standard error stream; only on Unix does anything
// point descriptor 2 elsewhere for a while.
func messageStderr() *os.File { return os.Stderr }

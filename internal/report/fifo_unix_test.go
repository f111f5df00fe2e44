//go:build unix

package report

import (
	"syscall"
	"testing"
)

// makeFIFO makes a FIFO at path and says it did.
func makeFIFO(t *testing.T, path string) bool {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return true
}

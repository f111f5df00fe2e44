//go:build unix

package fileerr

import (
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO is refused at once, not waited on for a writer.
func TestOpenRecordingRefusesAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.wav")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	checkRefused(t, fifo, "pipe.wav: ")
}

//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestOpenRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f.wav")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	start := time.Now()
	_, err := Open(fifo) // blocks for ever with os.Open: no writer ever comes
	if !errors.Is(err, ErrFIFO) || err.Error() != fifo+": is a FIFO, not a regular file" {
		t.Errorf("FIFO: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("FIFO took %v to refuse", d)
	}
	if _, err := Open("/dev/zero"); !errors.Is(err, ErrDevice) {
		t.Errorf("/dev/zero: %v", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrDirectory) {
		t.Errorf("folder: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if _, err := ReadFile(fifo, 10); !errors.Is(err, ErrFIFO) {
		t.Errorf("ReadFile FIFO: %v", err)
	}
}

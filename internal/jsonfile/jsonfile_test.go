package jsonfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.timing.json")
	if err := os.WriteFile(good, []byte(`{"duration_s": 12.5}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var v struct {
		DurationS float64 `json:"duration_s"`
	}
	if err := Read(good, &v); err != nil || v.DurationS != 12.5 {
		t.Errorf("Read = %+v, %v", v, err)
	}

	missing := filepath.Join(dir, "none.json")
	if err := Read(missing, &v); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v, want fs.ErrNotExist naming the file", err)
	}

	bad := filepath.Join(dir, "b.json")
	if err := os.WriteFile(bad, []byte("RIFF"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Read(bad, &v); err == nil || !strings.HasPrefix(err.Error(), bad+": not readable JSON") {
		t.Errorf("malformed file: %v", err)
	}

	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxBytes + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	if err := Read(huge, &v); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("oversized file: %v", err)
	}
}

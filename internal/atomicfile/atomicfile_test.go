package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteReplaces(t *testing.T) {
	p := filepath.Join(t.TempDir(), "session.json")
	if err := WriteBytes(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "new" {
		t.Fatalf("file holds %q, want new", got)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", st.Mode().Perm())
	}
	assertNoTemp(t, filepath.Dir(p))
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "session.json")
	WriteBytes(p, []byte("old"), 0o644)
	err := Write(p, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("encoder failed")
	})
	if err == nil {
		t.Fatal("want the writer's error")
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Fatalf("file holds %q after a failed write, want old", got)
	}
	assertNoTemp(t, filepath.Dir(p))
}

// A crash between writing the new contents and renaming them into place
// must leave the old file whole.
func TestCrashBeforeRenameKeepsOldFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "session.json")
	WriteBytes(p, []byte("old"), 0o644)
	rename = func(string, string) error { return errors.New("power cut") }
	defer func() { rename = os.Rename }()
	if err := WriteBytes(p, []byte("new"), 0o644); err == nil {
		t.Fatal("want an error")
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Fatalf("file holds %q, want old", got)
	}
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if len(m) > 0 {
		t.Fatalf("temporary files left: %v", m)
	}
}

// When the rename fails (here a folder is in the way) the message names
// the file once, and not the temporary one.
func TestFailedRenameNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "session.json")
	if err := os.MkdirAll(filepath.Join(p, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	err := WriteBytes(p, []byte("new"), PrivateFile)
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "write "+p+": ") || strings.Count(msg, p) != 1 || strings.Contains(msg, ".tmp-") {
		t.Fatalf("error %q: want it to name %s once, and no temporary file", msg, p)
	}
	assertNoTemp(t, dir)
}

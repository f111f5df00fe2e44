// Package atomicfile replaces files so that a reader, or the next run after
// a crash, sees either the old contents or the new, never a mix.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with what write produces: it writes a temporary file in
// the same directory, syncs it, renames it over path and syncs the
// directory. If write or any step fails, path is left as it was.
func Write(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, inner(err, ""))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// Errors name path: the temporary file means nothing to a user.
	if err := write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, inner(err, tmp.Name()))
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, inner(err, tmp.Name()))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// WriteBytes replaces path with data; see Write.
func WriteBytes(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// inner is what went wrong with the temporary file tmp ("" for one not
// made yet), without its name; an error about another file is kept whole.
func inner(err error, tmp string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && (tmp == "" || pe.Path == tmp) {
		err = pe.Err
	}
	// A copy between files fails in a system call named in the message
	// ("copy_file_range: file too large"), which tells a user nothing.
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}

// rename is a variable so tests can simulate a crash between write and rename.
var rename = os.Rename

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems cannot sync a directory; the rename itself is done.
	_ = d.Sync()
	return nil
}

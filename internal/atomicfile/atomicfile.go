// Package atomicfile replaces files so that a reader, or the next run after
// a crash, sees either the old contents or the new, never a mix, and
// sweeps up the temporary files of writes a crash cut short.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/proc"
)

// The modes of what starcoach keeps of the user's (recordings,
// transcripts, STAR checks, timing, session files, reports): the owner
// alone may read them. They are asked for at creation, so the user's
// umask can only narrow them further, never widen them.
const (
	PrivateFile fs.FileMode = 0o600
	PrivateDir  fs.FileMode = 0o700
)

// Write replaces path with what write produces: it writes a temporary file in
// the same directory, syncs it, renames it over path and syncs the
// directory. If write or any step fails, path is left as it was. The new
// file is created with perm less the process's umask, like any other.
func Write(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := createTemp(dir, base, perm)
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
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := rename(tmp.Name(), path); err != nil {
		// "rename .session.json.tmp-… session.json: file exists" speaks
		// of a file the user never made.
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err
		}
		return fmt.Errorf("write %s: %w", path, err)
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

// tempMark sits between a file's name and the rest of its temporary
// file's name: ".session.json.tmp-PID-RANDOM". The process id tells a
// temporary file a killed starcoach left behind from one a running
// starcoach is still writing.
const tempMark = ".tmp-"

// createTemp creates a new temporary file for base in dir, with perm
// (less the umask) from the start: it is never readable by others, not
// even while it is written.
func createTemp(dir, base string, perm os.FileMode) (*os.File, error) {
	prefix := "." + base + tempMark + strconv.Itoa(os.Getpid()) + "-"
	for try := 0; ; try++ {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		return f, err
	}
}

// StaleAge is how old a temporary file in the old form, without a
// process id (".session.json.tmp-RANDOM"), must be before Sweep takes it
// for abandoned: a running write changes its file all the time, and none
// takes an hour.
const StaleAge = time.Hour

// Sweep removes the temporary files in dir left by writes that a crash
// or a kill cut short: those of starcoach processes that no longer run,
// and those in the old form without a process id not changed for
// StaleAge. A running starcoach's are never touched, nor anything not
// named as Write names its files, nor anything but a regular file;
// nothing is followed. Errors are ignored: a sweep that cannot finish
// only leaves what was there. It returns how many files it removed.
func Sweep(dir string, now time.Time) int {
	d, err := os.Open(dir)
	if err != nil {
		return 0
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	removed := 0
	for _, name := range names {
		w := writer(name)
		if w == notTemp || w == running {
			continue
		}
		p := filepath.Join(dir, name)
		st, err := os.Lstat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		if w == unknown && now.Sub(st.ModTime()) < StaleAge {
			continue
		}
		if os.Remove(p) == nil {
			removed++
		}
	}
	return removed
}

// What is known of the process that wrote a file.
const (
	notTemp = iota // not one of Write's temporary files
	running        // its process runs: it may be writing it now
	gone           // its process has ended: the file is abandoned
	unknown        // an old name without a process id: only age tells
)

// writer says whose temporary file name is.
func writer(name string) int {
	i := strings.LastIndex(name, tempMark)
	if !strings.HasPrefix(name, ".") || i < 2 {
		return notTemp
	}
	pidText, random, withPID := strings.Cut(name[i+len(tempMark):], "-")
	if !withPID {
		if digits(pidText) {
			return unknown
		}
		return notTemp
	}
	pid, err := strconv.Atoi(pidText)
	if !digits(pidText) || !digits(random) || err != nil || pid <= 0 {
		return notTemp
	}
	if pid == os.Getpid() || proc.Alive(pid) {
		return running
	}
	return gone
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
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

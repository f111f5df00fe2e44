// Package safefile opens the files starcoach reads (recordings, session
// files, transcripts, configuration) as the hostile input they may be: a
// FIFO or a device where a file is expected is refused at once instead of
// blocking the command for ever or feeding it without end, every read is
// bounded, and a name taken from a data file is resolved inside its folder
// or refused.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Errors for files that are not regular files. They come wrapped in a
// *NotRegularError naming the file: "f.wav: is a FIFO, not a regular file".
var (
	ErrFIFO      = errors.New("is a FIFO, not a regular file")
	ErrDevice    = errors.New("is a device, not a regular file")
	ErrDirectory = errors.New("is a directory, not a regular file")
	ErrSocket    = errors.New("is a socket, not a regular file")
	ErrIrregular = errors.New("is not a regular file")
)

// Open opens path for reading if it is a regular file (a symbolic link to
// one is followed). Anything else is refused without waiting: opening a
// FIFO for reading would otherwise block until a writer comes, and no
// signal ends a process stuck there.
func Open(path string) (*os.File, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := regular(st.Mode()); err != nil {
		f.Close()
		return nil, &NotRegularError{Path: path, Err: err}
	}
	if err := setBlocking(f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// NotRegularError is a path that is not a regular file; Err says what it
// is instead.
type NotRegularError struct {
	Path string
	Err  error
}

func (e *NotRegularError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *NotRegularError) Unwrap() error { return e.Err }

// regular says why a file of mode m is not a regular file, or nil.
func regular(m fs.FileMode) error {
	switch {
	case m.IsRegular():
		return nil
	case m&fs.ModeNamedPipe != 0:
		return ErrFIFO
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return ErrDevice
	case m.IsDir():
		return ErrDirectory
	case m&fs.ModeSocket != 0:
		return ErrSocket
	}
	return ErrIrregular
}

// TooLargeError is a file larger than its reader accepts.
type TooLargeError struct {
	Path string
	Max  int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %s, more than starcoach reads from such a file", e.Path, Size(e.Max))
}

// Size writes a byte count the way limits are named in messages: "64 MB",
// "512 KB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads the regular file at path whole, refusing one larger than
// max bytes with a *TooLargeError. A missing file's error wraps
// fs.ErrNotExist.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > max {
		return nil, &TooLargeError{Path: path, Max: max}
	}
	// The limit still holds for a file that grows while it is read.
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{Path: path, Max: max}
	}
	return data, nil
}

// LimitReader reads at most max bytes of r and then fails with a
// *TooLargeError naming path, so that a streaming decoder stops with a
// clear message instead of an "unexpected EOF".
func LimitReader(r io.Reader, path string, max int64) io.Reader {
	return &limited{r: r, path: path, max: max, left: max}
}

type limited struct {
	r         io.Reader
	path      string
	max, left int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a file of exactly max bytes from a longer one.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, &TooLargeError{Path: l.path, Max: l.max}
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// ErrOutside is a name from a data file that points outside its folder.
var ErrOutside = errors.New("points outside its folder")

// Within resolves name, read from a data file kept in dir, to a path
// inside dir. It must be a plain file name: no folder part, no "..", not
// absolute. A symbolic link is allowed only to a file inside dir, so a
// folder someone sends you cannot make starcoach read or write elsewhere.
// A name that does not exist yet resolves, so that it can be created.
func Within(dir, name string) (string, error) {
	if err := PlainName(name); err != nil {
		return "", err
	}
	p := filepath.Join(dir, name)
	st, err := os.Lstat(p)
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		return p, nil
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	if rel, err := filepath.Rel(root, target); err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("%s: a link that %w", p, ErrOutside)
	}
	return p, nil
}

// PlainName checks that name, read from a data file, is a plain file name
// that stays in the folder it is read in.
func PlainName(name string) error {
	switch {
	case name == "":
		return errors.New("empty file name")
	case name == "." || name == ".." || strings.ContainsAny(name, `/\`) || filepath.Base(name) != name || !filepath.IsLocal(name):
		return fmt.Errorf("%q %w: only a plain file name is allowed", name, ErrOutside)
	case strings.ContainsRune(name, 0):
		return fmt.Errorf("%q: not a file name", name)
	}
	return nil
}

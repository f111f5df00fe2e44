package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/starcoach/starcoach/internal/safefile"
)

// CheckOutput says whether a report may be written to path, where dataDir
// is starcoach's data folder. A new file may be written anywhere its
// folder exists. An existing file is replaced only when it is a report
// itself (IsReport), so writing the same report again needs no flag.
// Anything else is refused: inside the data folder always, since it may
// be a recording or a session's file that exists nowhere else; outside
// it unless force. A folder, a device or a FIFO is never replaced, nor a
// link to one.
func CheckOutput(path, dataDir string, force bool) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	inside := within(path, dataDir)
	what := "is not a report"
	switch {
	case st.IsDir():
		return fmt.Errorf("%s: is a folder: name a file for the report", path)
	case st.Mode()&fs.ModeSymlink != 0:
		target, err := os.Stat(path)
		if err != nil || !target.Mode().IsRegular() {
			return fmt.Errorf("%s: a link to something that is not a file: name another file for the report", path)
		}
		// Writing replaces the link itself, not what it points to.
		what = "is a link, which the report would replace"
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file: name another file for the report", path)
	default:
		if IsReport(path) {
			return nil
		}
	}
	if inside {
		return fmt.Errorf("%s: %s, and it is in starcoach's data folder, where it may be a recording or a session's file: write the report elsewhere", path, what)
	}
	if force {
		return nil
	}
	return fmt.Errorf("%s: already exists and %s: name another file, or pass --force to replace it", path, what)
}

// within says whether path is in the folder dir or below it, links in
// either resolved.
func within(path, dir string) bool {
	if dir == "" {
		return false
	}
	parent, err := resolve(filepath.Dir(path))
	if err != nil {
		return false
	}
	root, err := resolve(dir)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(root, filepath.Join(parent, filepath.Base(path)))
	return err == nil && filepath.IsLocal(rel)
}

func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	return abs, nil
}

// reportStarts is how each format Write knows begins, so that a report
// written before can be told from any other file.
var reportStarts = []*regexp.Regexp{
	regexp.MustCompile(`\Asession [0-9]{4}-[0-9]{2}-[0-9]{2}\S*(,| \(not finished\)|\n)`),
	regexp.MustCompile(`\A# Practice session `),
	regexp.MustCompile(`\Asession,n,kind,follows_up,`),
	regexp.MustCompile(`\A\{\s*"session": "[^"\n]*",\s*"created": `),
	regexp.MustCompile(`\A<!DOCTYPE html>\n(?s:.*)<title>starcoach session `),
}

// IsReport says whether the file at path is a report as Write writes it,
// in any format, from how it begins. A file that cannot be read as a
// regular file is not one.
func IsReport(path string) bool {
	f, err := safefile.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4<<10)
	n, _ := io.ReadFull(f, head)
	return isReportStart(head[:n])
}

func isReportStart(head []byte) bool {
	for _, re := range reportStarts {
		if re.Match(head) {
			return true
		}
	}
	return false
}

package report

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/safefile"
)

// maxEmbeddedWAV bounds a recording put into the page: 20 minutes of
// 16 kHz speech; anything larger is linked instead.
const maxEmbeddedWAV = 40 << 20

// LinkAudio tells the HTML page where each answer's recording is, dir
// being the session's folder: a path relative to the page when it is
// written to the file output (into the session's folder it is the file's
// own name), or the recording itself with embed. A page for standard
// output ("" or "-") gets no player unless embedded, since where it will
// be is unknown. A recording that cannot be embedded is said on warn.
func (r *Report) LinkAudio(dir, output string, embed bool, warn io.Writer) error {
	toFile := output != "" && output != "-"
	if !toFile && !embed {
		return nil
	}
	pageDir := ""
	if toFile {
		abs, err := filepath.Abs(filepath.Dir(output))
		if err != nil {
			return err
		}
		pageDir = abs
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for i := range r.Answers {
		a := &r.Answers[i]
		if a.Files.WAV == "" || slices.Contains(a.Missing, "recording") {
			continue
		}
		wav, err := safefile.Within(absDir, a.Files.WAV)
		if err != nil {
			continue // a session file naming something outside its folder
		}
		if embed {
			data, err := safefile.ReadFile(wav, maxEmbeddedWAV)
			if err == nil {
				a.Audio = "data:audio/wav;base64," + base64.StdEncoding.EncodeToString(data)
				continue
			}
			if !toFile {
				fmt.Fprintf(warn, "starcoach: %v; answer %d has no player\n", err, a.N)
				continue
			}
			fmt.Fprintf(warn, "starcoach: %v; answer %d links to it instead\n", err, a.N)
		}
		rel, err := filepath.Rel(pageDir, wav)
		if err != nil {
			continue
		}
		a.Audio = relativeURL(rel)
	}
	return nil
}

// relativeURL writes a relative file path as a URL path: each part
// escaped, and "./" in front so that no part of a file name is read as a
// scheme.
func relativeURL(rel string) string {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	u := strings.Join(parts, "/")
	if !strings.HasPrefix(u, "../") {
		u = "./" + u
	}
	return u
}

// WriteFile writes the report in format to path (checked with
// CheckOutput first), replaced whole and private like the answers it
// quotes.
func WriteFile(path string, r *Report, format string) error {
	if dir := filepath.Dir(path); !isDir(dir) {
		return fmt.Errorf("%s: the folder %s does not exist: create it or write the report elsewhere", path, dir)
	}
	// The error names the file already.
	return atomicfile.Write(path, atomicfile.PrivateFile, func(w io.Writer) error { return Write(w, r, format) })
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/safefile"
)

// Setting is one string key to write into a table of the file.
type Setting struct {
	Table string // "stt" or "stt.programs"
	Key   string
	Value string
}

// Set writes settings into the configuration file at path, creating it if
// needed. It edits lines rather than re-encoding the file, so the user's
// comments, order and other keys stay as they were; a key already set is
// replaced where it stands. The result is checked like Load checks it
// before it replaces the file, so a file Set cannot edit safely is left
// untouched and named in the error.
func Set(path string, settings ...Setting) error {
	data, err := safefile.ReadFile(path, MaxFileBytes)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", path, err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(data) == 0 {
		lines = nil
	}
	for _, s := range settings {
		lines = setLine(lines, s)
	}
	out := []byte(strings.Join(lines, "\n") + "\n")
	var c Config
	if err := Decode(bytes.NewReader(out), path, &c); err != nil {
		return fmt.Errorf("%s: cannot add the settings by itself (%v); set them by hand", path, err)
	}
	if err := c.check(path, out); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, out, 0o644)
}

func setLine(lines []string, s Setting) []string {
	entry := s.Key + " = " + quoteTOML(s.Value)
	start := -1
	for i, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "[[") {
			if end := strings.Index(t, "]"); end > 0 && equalKey(splitKey(t[1:end]), splitKey(s.Table)) {
				start = i
				break
			}
		}
	}
	if start < 0 {
		if len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) != "" {
			lines = append(lines, "")
		}
		return append(lines, "["+s.Table+"]", entry)
	}
	last := start // the table's last line that is not blank
	for i := start + 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "[") {
			break
		}
		if name, _, ok := strings.Cut(t, "="); ok && !strings.HasPrefix(t, "#") && equalKey(splitKey(name), []string{s.Key}) {
			lines[i] = entry
			return lines
		}
		if t != "" {
			last = i
		}
	}
	return append(lines[:last+1], append([]string{entry}, lines[last+1:]...)...)
}

// quoteTOML writes s as a TOML basic string.
func quoteTOML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

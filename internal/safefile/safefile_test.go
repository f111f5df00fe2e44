package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenReadsARegularFileAndALinkToOne(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.txt")
	os.WriteFile(p, []byte("hello"), 0o644)
	os.Symlink("a.txt", filepath.Join(dir, "b.txt"))
	for _, name := range []string{"a.txt", "b.txt"} {
		f, err := Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil || string(b) != "hello" {
			t.Errorf("%s: %q %v", name, b, err)
		}
	}
}

func TestReadFileIsBounded(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.toml")
	os.WriteFile(p, []byte(strings.Repeat("#", 2048)), 0o644)
	if b, err := ReadFile(p, 2048); err != nil || len(b) != 2048 {
		t.Errorf("at the limit: %d %v", len(b), err)
	}
	_, err := ReadFile(p, 2047)
	var tl *TooLargeError
	if !errors.As(err, &tl) || err.Error() != p+": larger than 2047 bytes, more than starcoach reads from such a file" {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := ReadFile(p, 1024); err == nil || !strings.Contains(err.Error(), "larger than 1 KB") {
		t.Errorf("1 KB: %v", err)
	}
}

func TestLimitReader(t *testing.T) {
	b, err := io.ReadAll(LimitReader(strings.NewReader("abcd"), "x", 4))
	if err != nil || string(b) != "abcd" {
		t.Errorf("exactly at the limit: %q %v", b, err)
	}
	_, err = io.ReadAll(LimitReader(strings.NewReader("abcde"), "x", 4))
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Path != "x" {
		t.Errorf("over: %v", err)
	}
}

func TestWithin(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "s")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(root, "victim.wav"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "01.wav"), []byte("x"), 0o644)
	os.Symlink("../victim.wav", filepath.Join(dir, "out.wav"))
	os.Symlink(filepath.Join(root, "victim.wav"), filepath.Join(dir, "abs.wav"))
	os.Symlink("01.wav", filepath.Join(dir, "in.wav"))
	for _, name := range []string{"01.wav", "in.wav", "new.wav"} {
		if p, err := Within(dir, name); err != nil || p != filepath.Join(dir, name) {
			t.Errorf("%s: %q %v", name, p, err)
		}
	}
	for _, name := range []string{"../victim.wav", "../../../x/victim.wav", "/etc/passwd", "sub/01.wav", "..", ".", "", "out.wav", "abs.wav", `..\x.wav`} {
		if p, err := Within(dir, name); err == nil {
			t.Errorf("%q resolved to %s", name, p)
		}
	}
	if _, err := Within(dir, "../victim.wav"); !errors.Is(err, ErrOutside) {
		t.Errorf("error: %v", err)
	}
}

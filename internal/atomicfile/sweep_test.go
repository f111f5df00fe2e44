package atomicfile

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"
)

// A write's temporary file carries the writer's process id, so that a
// sweep can tell whether its writer still runs.
func TestTempNameCarriesPID(t *testing.T) {
	dir := t.TempDir()
	var during []string
	err := Write(filepath.Join(dir, "session.json"), PrivateFile, func(w io.Writer) error {
		during = names(t, dir)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(during) != 1 || writer(during[0]) != running {
		t.Fatalf("temporary file while writing: %v, want one named for process %d", during, os.Getpid())
	}
}

func TestSweepRemovesOnlyAbandonedTempFiles(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "precious.wav")
	write(t, outside)
	dead := deadPID(t)
	now := time.Now()
	old := now.Add(-2 * StaleAge)
	files := map[string]time.Time{
		".session.json.tmp-" + dead + "-42":    now, // its writer is gone
		".01-a.wav.tmp-" + dead + "-7":         now,
		".session.json.tmp-123456789":          old, // old form, old
		".session.json.tmp-" + self() + "-9":   old, // this process: running
		".session.json.tmp-" + parent() + "-9": old, // a running process
		".session.json.tmp-987654321":          now, // old form, fresh: may be written now
		"session.json.tmp-" + dead + "-1":      old, // not hidden: not one of ours
		".notes.tmp-" + dead + "-x":            old, // not our random part
		".notes.tmp-abc":                       old,
		".tmp-" + dead + "-1":                  old, // no file name before the mark
		"session.json":                         old,
		"01-a.wav":                             old,
	}
	for name, mtime := range files {
		p := filepath.Join(dir, name)
		write(t, p)
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	// A link or a folder named like a temporary file is not one.
	if err := os.Symlink(outside, filepath.Join(dir, ".link.tmp-"+dead+"-1")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, ".folder.tmp-"+dead+"-1"), 0o700); err != nil {
		t.Fatal(err)
	}

	if n := Sweep(dir, now); n != 3 {
		t.Errorf("Sweep removed %d files, want 3", n)
	}
	want := []string{
		".folder.tmp-" + dead + "-1",
		".link.tmp-" + dead + "-1",
		".notes.tmp-" + dead + "-x",
		".notes.tmp-abc",
		".session.json.tmp-" + parent() + "-9",
		".session.json.tmp-" + self() + "-9",
		".session.json.tmp-987654321",
		".tmp-" + dead + "-1",
		"01-a.wav",
		"session.json",
		"session.json.tmp-" + dead + "-1",
	}
	sort.Strings(want)
	got := names(t, dir)
	if len(got) != len(want) {
		t.Fatalf("left %v\nwant %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("left %v\nwant %v", got, want)
		}
	}
	if _, err := os.Stat(outside); err != nil {
		t.Fatalf("the file a link pointed to: %v", err)
	}
}

func TestSweepOfAMissingFolder(t *testing.T) {
	if n := Sweep(filepath.Join(t.TempDir(), "none"), time.Now()); n != 0 {
		t.Fatalf("removed %d", n)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func write(t *testing.T, p string) {
	t.Helper()
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func self() string   { return strconv.Itoa(os.Getpid()) }
func parent() string { return strconv.Itoa(os.Getppid()) }

// deadPID is the id of a process that has ended.
func deadPID(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(cmd.Process.Pid)
}

package session

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

func create(t *testing.T, st *Store, now func() time.Time) string {
	t.Helper()
	h, err := st.Create(Settings{}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	return h.ID
}

// Eleven sessions in one second: the eleventh is the latest, although
// "…-11" sorts before "…-9" as text.
func TestLatestOfSessionsInOneSecond(t *testing.T) {
	st := NewStore(t.TempDir())
	sec := time.Date(2026, 11, 23, 7, 12, 0, 0, time.UTC)
	var made []string
	for i := range 11 {
		// The same second, and for the last ones the very same instant.
		made = append(made, create(t, st, clockAt(sec.Add(time.Duration(min(i, 8))*time.Millisecond))))
	}
	ids, err := st.IDs()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != fmt.Sprint(made) {
		t.Fatalf("ids %v\nwant %v (in the order made)", ids, made)
	}
	if got, _ := st.Resolve("latest"); got != "2026-11-23T07-12-00-11" {
		t.Fatalf("latest = %s, want 2026-11-23T07-12-00-11", got)
	}
}

// The clocks go back an hour (summer time ends, or the machine moves a
// time zone west): the later session's id names an earlier hour, yet it
// is the latest.
func TestLatestAcrossAClockChange(t *testing.T) {
	st := NewStore(t.TempDir())
	summer := time.FixedZone("CEST", 2*3600)
	winter := time.FixedZone("CET", 1*3600)
	first := time.Date(2026, 10, 25, 2, 40, 0, 0, summer)
	second := first.Add(30 * time.Minute).In(winter) // 02:10 CET
	a := create(t, st, clockAt(first))
	b := create(t, st, clockAt(second))
	if b > a {
		t.Fatalf("test setup: want the later id %s to sort before %s as text", b, a)
	}
	if got, _ := st.Resolve("latest"); got != b {
		t.Fatalf("latest = %s, want %s, created last", got, b)
	}
	// And delete latest deletes that one.
	if err := st.Delete("latest"); err != nil {
		t.Fatal(err)
	}
	if ids, _ := st.IDs(); len(ids) != 1 || ids[0] != a {
		t.Fatalf("after deleting latest: %v, want [%s]", ids, a)
	}
}

// Sessions written before the creation time was relied on, or with it
// missing, are placed by the time their id names.
func TestOrderOfSessionsWithoutCreationTime(t *testing.T) {
	st := NewStore(t.TempDir())
	withTime := create(t, st, clockAt(time.Date(2026, 11, 1, 8, 0, 0, 0, time.Local)))
	for _, id := range []string{"2026-11-01T09-00-00-10", "2026-11-01T09-00-00-9", "2026-10-30T09-00-00", "2026-11-01T09-00-00"} {
		dir := filepath.Join(st.Dir, id)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(`{"schema":1,"id":"`+id+`","answers":[]}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := st.IDs()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-10-30T09-00-00", withTime, "2026-11-01T09-00-00", "2026-11-01T09-00-00-9", "2026-11-01T09-00-00-10"}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Fatalf("ids %v\nwant %v", ids, want)
	}
}

// Folders that look like sessions but cannot be opened are named, not
// silently left out.
func TestUnopenableSessionsAreReported(t *testing.T) {
	data := t.TempDir()
	st := NewStore(data)
	elsewhere := NewStore(t.TempDir())
	away := create(t, elsewhere, clockAt(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)))
	if err := os.MkdirAll(st.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere.SessionDir(away), filepath.Join(st.Dir, "2026-11-02T09-00-00")); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(st.Dir, "2026-11-03T09-00-00")
	os.Mkdir(loop, 0o700)
	if err := os.Symlink(FileName, filepath.Join(loop, FileName)); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(st.Dir, "2026-11-04T09-00-00"), 0o700) // no session.json: not a session (yet)

	ids, skipped, err := st.Scan()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 0 || len(skipped) != 2 {
		t.Fatalf("ids %v, skipped %v; want none and 2", ids, skipped)
	}
	if !strings.Contains(skipped[0].Error(), "2026-11-02T09-00-00: is a link to a folder") {
		t.Errorf("linked folder: %v", skipped[0])
	}
	if !strings.Contains(skipped[1].Error(), "2026-11-03T09-00-00: cannot be opened: too many levels of symbolic links") {
		t.Errorf("unopenable folder: %v", skipped[1])
	}
	_, err = st.Resolve("latest")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "2 cannot") || strings.Contains(err.Error(), "no sessions yet") {
		t.Errorf("latest: %v", err)
	}
	if _, err := st.Resolve("2026-11-03"); err == nil || !strings.Contains(err.Error(), "cannot be opened") {
		t.Errorf("the unopenable one by its id: %v", err)
	}
}

// A session whose lock is a link is refused with what to do, not "too
// many levels of symbolic links".
func TestLinkedLockExplained(t *testing.T) {
	st := NewStore(t.TempDir())
	id := create(t, st, fixedClock())
	lock := filepath.Join(st.SessionDir(id), lockName)
	os.Remove(lock)
	if err := os.Symlink(filepath.Join(t.TempDir(), "elsewhere"), lock); err != nil {
		t.Fatal(err)
	}
	_, err := st.Open(id, time.Now)
	if err == nil || !strings.Contains(err.Error(), lock+" is a symbolic link") || !strings.Contains(err.Error(), "remove it") || strings.Contains(err.Error(), "too many levels") {
		t.Fatalf("err = %v", err)
	}
}

// A session that cannot be made leaves no folder (with only its lock in
// it) behind.
func TestFailedCreateLeavesNothing(t *testing.T) {
	st := NewStore(t.TempDir())
	_, err := st.Create(Settings{}, []Question{{ID: "q", LimitS: math.NaN()}}, fixedClock())
	if err == nil {
		t.Fatal("want the save's error")
	}
	entries, _ := os.ReadDir(st.Dir)
	if len(entries) != 0 {
		t.Fatalf("left in the store: %v", entries)
	}
}

func TestNoDataDir(t *testing.T) {
	st := NewStore("")
	if _, err := st.Create(Settings{}, nil, fixedClock()); !errors.Is(err, ErrNoDataDir) {
		t.Errorf("Create: %v", err)
	}
	if _, err := st.IDs(); !errors.Is(err, ErrNoDataDir) {
		t.Errorf("IDs: %v", err)
	}
	if _, err := st.Load("latest"); !errors.Is(err, ErrNoDataDir) {
		t.Errorf("Load: %v", err)
	}
	if _, err := os.Stat("sessions"); !os.IsNotExist(err) {
		t.Errorf("a sessions folder here: %v", err)
	}
}

// The sweep at start removes what a killed starcoach left half-written in
// a session folder, and keeps what a running one is writing.
func TestSweepOfSessionFolders(t *testing.T) {
	st := NewStore(t.TempDir())
	id := create(t, st, fixedClock())
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dir := st.SessionDir(id)
	gone := filepath.Join(dir, ".01-a.wav.tmp-"+strconv.Itoa(cmd.Process.Pid)+"-1")
	mine := filepath.Join(dir, ".session.json.tmp-"+strconv.Itoa(os.Getpid())+"-1")
	for _, p := range []string{gone, mine} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	st.Sweep(time.Now())
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("a killed process's temporary file is still there: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a running process's temporary file is gone: %v", err)
	}
	if ids, _ := st.IDs(); len(ids) != 1 {
		t.Errorf("ids %v", ids)
	}
}

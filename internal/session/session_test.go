package session

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func fixedClock() func() time.Time {
	t := time.Date(2026, 11, 23, 7, 12, 0, 0, time.UTC)
	return func() time.Time { return t }
}

func TestCreateSaveLoad(t *testing.T) {
	st := NewStore(t.TempDir())
	h, err := st.Create(Settings{Bank: "amazon-lp", Count: 2, Seed: 7}, []Question{{ID: "own-1", Text: "Tell me...", LimitS: 120}}, fixedClock())
	if err != nil {
		t.Fatal(err)
	}
	if h.ID != "2026-11-23T07-12-00" {
		t.Fatalf("id %q", h.ID)
	}
	h.Answers = append(h.Answers, Answer{Question: 0, Kind: KindAnswer, WAV: "01-own-1.wav", Status: StatusRecorded, DurationS: 81.5})
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	h.Close()

	got, err := st.Load("latest")
	if err != nil {
		t.Fatal(err)
	}
	if got.Schema != SchemaVersion || len(got.Answers) != 1 || got.Answers[0].DurationS != 81.5 || got.Settings.Seed != 7 {
		t.Fatalf("loaded %+v", got)
	}

	// A second session in the same second gets its own folder.
	h2, err := st.Create(Settings{}, nil, fixedClock())
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Close()
	if h2.ID != "2026-11-23T07-12-00-2" {
		t.Fatalf("second id %q", h2.ID)
	}
	ids, _ := st.IDs()
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
}

func TestResolve(t *testing.T) {
	st := NewStore(t.TempDir())
	if _, err := st.Resolve("latest"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty store: %v", err)
	}
	for _, d := range []time.Time{time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)} {
		h, err := st.Create(Settings{}, nil, func() time.Time { return d })
		if err != nil {
			t.Fatal(err)
		}
		h.Close()
	}
	for in, want := range map[string]string{"latest": "2026-11-02T10-00-00", "2026-11-01": "2026-11-01T09-00-00", "2026-11-02T09": "2026-11-02T09-00-00"} {
		if got, err := st.Resolve(in); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := st.Resolve("2026-11-02"); err == nil || !strings.Contains(err.Error(), "matches 2 sessions") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if _, err := st.Resolve("1999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

func TestLockKeepsSecondWriterOut(t *testing.T) {
	st := NewStore(t.TempDir())
	h, err := st.Create(Settings{}, nil, fixedClock())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Open(h.ID, time.Now); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if err := st.Delete(h.ID); !errors.Is(err, ErrLocked) {
		t.Fatalf("Delete while locked: %v, want ErrLocked", err)
	}
	// Reading is always allowed.
	if _, err := st.Load(h.ID); err != nil {
		t.Fatal(err)
	}
	h.Close()
	h2, err := st.Open(h.ID, time.Now)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	h2.Close()
	if err := st.Delete(h.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(st.SessionDir(h.ID)); !os.IsNotExist(err) {
		t.Fatalf("session folder still there: %v", err)
	}
}

// The lock dies with the process that held it: a session is never locked
// for good by a crash.
func TestLockReleasedWhenHolderIsKilled(t *testing.T) {
	if dir := os.Getenv("STARCOACH_TEST_LOCK_HOLDER"); dir != "" {
		st := &Store{Dir: dir}
		if _, err := st.Open("latest", time.Now); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("locked\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	st := NewStore(t.TempDir())
	h, err := st.Create(Settings{}, nil, fixedClock())
	if err != nil {
		t.Fatal(err)
	}
	h.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestLockReleasedWhenHolderIsKilled$")
	cmd.Env = append(os.Environ(), "STARCOACH_TEST_LOCK_HOLDER="+st.Dir)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if _, err := out.Read(buf); err != nil || string(buf) != "locked\n" {
		t.Fatalf("holder did not lock: %q %v", buf, err)
	}
	if _, err := st.Open(h.ID, time.Now); !errors.Is(err, ErrLocked) {
		t.Fatalf("Open while another process holds it: %v", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	h2, err := st.Open(h.ID, time.Now)
	if err != nil {
		t.Fatalf("Open after the holder was killed: %v", err)
	}
	h2.Close()
}

func TestNewerSchemaRefused(t *testing.T) {
	st := NewStore(t.TempDir())
	h, _ := st.Create(Settings{}, nil, fixedClock())
	h.Schema = SchemaVersion + 1
	h.Save()
	h.Close()
	_, err := st.Load(h.ID)
	if err == nil || !strings.Contains(err.Error(), "newer starcoach") {
		t.Fatalf("err = %v", err)
	}
}

func TestBrokenSessionFileNamed(t *testing.T) {
	st := NewStore(t.TempDir())
	h, _ := st.Create(Settings{}, nil, fixedClock())
	h.Close()
	p := filepath.Join(st.SessionDir(h.ID), FileName)
	os.WriteFile(p, []byte("{not json"), 0o644)
	_, err := st.Load(h.ID)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("err = %v, want the file named", err)
	}
}

// A process killed while it saves session.json, at any moment, leaves a
// readable session.json: the old one or the new one, never a mix. The
// scratch files of interrupted saves are not taken for sessions.
func TestKilledWhileSavingLeavesAWholeFile(t *testing.T) {
	if dir := os.Getenv("STARCOACH_TEST_SAVER"); dir != "" {
		st := &Store{Dir: dir}
		h, err := st.Open("latest", time.Now)
		if err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("saving\n")
		for i := 0; ; i++ {
			// Each save changes every answer, so a mix of two saves
			// would show.
			for k := range h.Answers {
				h.Answers[k].DurationS = float64(i)
			}
			if err := h.Save(); err != nil {
				os.Exit(4)
			}
		}
	}
	st := NewStore(t.TempDir())
	h, err := st.Create(Settings{}, []Question{{ID: "q", Text: strings.Repeat("long question ", 50)}}, fixedClock())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2000; i++ {
		h.Answers = append(h.Answers, Answer{Kind: KindAnswer, WAV: "01-q.wav", Status: StatusRecorded})
	}
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	h.Close()

	saved := false
	for round := 0; round < 8; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWhileSavingLeavesAWholeFile$")
		cmd.Env = append(os.Environ(), "STARCOACH_TEST_SAVER="+st.Dir)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 7)
		if _, err := out.Read(buf); err != nil || string(buf) != "saving\n" {
			t.Fatalf("saver did not start: %q %v", buf, err)
		}
		time.Sleep(time.Duration(20+round*7) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()

		s, err := st.Load(h.ID)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if len(s.Answers) != 2000 {
			t.Fatalf("round %d: %d answers", round, len(s.Answers))
		}
		for _, a := range s.Answers {
			if a.DurationS != s.Answers[0].DurationS {
				t.Fatalf("round %d: answers from two saves mixed", round)
			}
		}
		ids, _ := st.IDs()
		if len(ids) != 1 {
			t.Fatalf("round %d: ids %v", round, ids)
		}
		saved = saved || s.Answers[0].DurationS > 0
	}
	if !saved {
		t.Fatal("no save was ever completed: the test killed nothing mid-save")
	}
}

package stt

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fake returns the path of a fake command engine (fake/) or of a stand-in
// for an engine program (engines/).
func fake(t *testing.T, name string) string {
	t.Helper()
	dir := "fake"
	if !strings.HasSuffix(name, ".sh") {
		dir = "engines"
	}
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", "stt", dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// alive reports whether process pid still runs (a zombie does not).
func alive(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// requireGone fails unless the process whose pid is in pidFile has ended.
func requireGone(t *testing.T, pidFile string) {
	t.Helper()
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatalf("the engine wrote no pid file: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("pid file holds %q", data)
	}
	// SIGKILL is delivered asynchronously; give the kernel a moment.
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if !alive(pid) {
			return
		}
	}
	t.Errorf("the engine's helper process %d is still running", pid)
}

func runErr(t *testing.T, err error) *RunError {
	t.Helper()
	var re *RunError
	if !errors.As(err, &re) {
		t.Fatalf("got %v (%T), want a *RunError", err, err)
	}
	return re
}

func TestRunOutput(t *testing.T) {
	wav := filepath.Join(t.TempDir(), "in.wav")
	os.WriteFile(wav, []byte("x"), 0o644)
	out, err := (&ExecRunner{}).Run(context.Background(), Cmd{Name: "command", Path: fake(t, "text.sh"), Args: []string{wav}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.Stdout), "forty minutes") {
		t.Errorf("stdout %q", out.Stdout)
	}
}

func TestRunStdinIsEmpty(t *testing.T) {
	// cat would wait for ever on an inherited terminal; it must see EOF.
	out, err := (&ExecRunner{}).Run(context.Background(), Cmd{Name: "cat", Path: "cat", Timeout: 10 * time.Second})
	if err != nil || len(out.Stdout) != 0 {
		t.Fatalf("cat: %q, %v", out.Stdout, err)
	}
}

func TestRunExitStatus(t *testing.T) {
	noise := func(l string) bool { return strings.HasPrefix(l, "INFO:") }
	_, err := (&ExecRunner{}).Run(context.Background(), Cmd{Name: "myengine", Path: fake(t, "fail.sh"), Args: []string{"in.wav"}, Noise: noise})
	re := runErr(t, err)
	if re.Kind != ExitStatus || re.Status != 3 {
		t.Errorf("kind %v status %d, want exit status 3", re.Kind, re.Status)
	}
	want := "myengine failed (exit status 3): loading model | error: model file is corrupt | hint: download it again"
	if err.Error() != want {
		t.Errorf("message\n %q, want\n %q", err, want)
	}
}

func TestRunNotFound(t *testing.T) {
	for _, prog := range []string{"starcoach-no-such-engine", "/nonexistent/bin/stt"} {
		_, err := (&ExecRunner{}).Run(context.Background(), Cmd{Name: "command", Path: prog, Hint: "check the command"})
		re := runErr(t, err)
		if re.Kind != NotFound || !strings.Contains(err.Error(), "program "+prog+" not found; check the command") {
			t.Errorf("%s: kind %v, message %q", prog, re.Kind, err)
		}
	}
}

func TestRunTimeoutKillsProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "helper.pid")
	start := time.Now()
	_, err := (&ExecRunner{}).Run(context.Background(), Cmd{Name: "command", Path: fake(t, "hang.sh"), Args: []string{"in.wav", pidFile}, Timeout: 500 * time.Millisecond})
	re := runErr(t, err)
	if re.Kind != TimedOut {
		t.Fatalf("kind %v (%v), want TimedOut", re.Kind, err)
	}
	if !strings.Contains(err.Error(), "command timed out after 500ms and was stopped; allow longer with --timeout: working...") {
		t.Errorf("message %q", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %v to stop a hung engine", took)
	}
	requireGone(t, pidFile)
}

func TestRunCancelKillsProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "helper.pid")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	_, err := (&ExecRunner{}).Run(ctx, Cmd{Name: "pocketsphinx", Path: fake(t, "hang.sh"), Args: []string{"in.wav", pidFile}, Timeout: time.Minute})
	re := runErr(t, err)
	if re.Kind != Interrupted || !errors.Is(err, context.Canceled) || err.Error() != "pocketsphinx interrupted" {
		t.Errorf("kind %v, message %q, want an interruption wrapping context.Canceled", re.Kind, err)
	}
	requireGone(t, pidFile)
}

func TestRunOutputCapped(t *testing.T) {
	_, err := (&ExecRunner{MaxStdout: 1 << 20}).Run(context.Background(), Cmd{Name: "command", Path: fake(t, "huge.sh"), Timeout: 20 * time.Second})
	re := runErr(t, err)
	if re.Kind != TooMuchOutput || !strings.Contains(err.Error(), "printed more than 1 MiB and was stopped") {
		t.Errorf("kind %v, message %q", re.Kind, err)
	}
}

func TestTailKeepsLastLines(t *testing.T) {
	tl := newTail(64)
	for i := 0; i < 100; i++ {
		tl.Write([]byte("line " + strconv.Itoa(i) + "\n"))
	}
	tl.Write([]byte("\n\n   \n"))
	got := tl.lines(3, nil)
	if strings.Join(got, "|") != "line 97|line 98|line 99" {
		t.Errorf("tail %q", got)
	}
	long := newTail(1 << 10)
	long.Write([]byte(strings.Repeat("é", 300) + "\n"))
	if l := long.lines(1, nil)[0]; len([]rune(l)) != 200 || !strings.HasSuffix(l, "...") {
		t.Errorf("long line kept as %d runes", len([]rune(l)))
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		500 * time.Millisecond: "500ms", time.Second: "1s", 45 * time.Second: "45s", time.Minute: "1m",
		90 * time.Second: "1m30s", 10 * time.Minute: "10m", time.Hour + 30*time.Second: "1h30s", 2 * time.Hour: "2h",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}

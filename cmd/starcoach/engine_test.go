//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// gone says whether process pid has ended (a zombie waiting for a parent
// to reap it has ended).
func gone(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return true
	}
	// pid (comm) state ...: the state follows the last ")".
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || strings.HasPrefix(strings.TrimSpace(s[i+1:]), "Z")
}

func readPID(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// Killing starcoach with SIGKILL during a transcription takes the engine
// and what the engine started with it; the scratch folder it leaves is
// removed by the next starcoach.
func TestKilledStarcoachTakesItsEngineAlong(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc")
	}
	testaudio.Need(t, "sox")
	h := newHostileEnv(t)
	wavPath := filepath.Join(h.dir, "a.wav")
	if out, err := exec.Command("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", wavPath, "synth", "2", "sine", "440").CombinedOutput(); err != nil {
		t.Fatalf("sox: %v\n%s", err, out)
	}
	// The engine starts a child of its own and waits for it.
	engine := filepath.Join(h.dir, "slow-engine.sh")
	script := "#!/bin/sh\necho $$ > \"$PIDS/engine\"\nsleep 300 &\necho $! > \"$PIDS/child\"\nwait\n"
	if err := os.WriteFile(engine, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	pids := filepath.Join(h.dir, "pids")
	os.Mkdir(pids, 0o755)
	cmd := exec.Command("starcoach", "transcribe", "--engine", "command", "--cmd-arg", engine, "--cmd-arg", "{wav}", wavPath)
	cmd.Dir, cmd.Env = h.dir, append(h.env, "PIDS="+pids)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var enginePID, childPID int
	t.Cleanup(func() {
		for _, pid := range []int{enginePID, childPID} {
			if pid > 0 {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for enginePID == 0 || childPID == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the engine did not start within 20 s")
		}
		time.Sleep(20 * time.Millisecond)
		enginePID, childPID = readPID(t, filepath.Join(pids, "engine")), readPID(t, filepath.Join(pids, "child"))
	}
	scratch, _ := filepath.Glob(filepath.Join(h.dir, "starcoach-stt-*"))
	if len(scratch) != 1 {
		t.Fatalf("scratch folders: %v", scratch)
	}

	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	deadline = time.Now().Add(5 * time.Second)
	for !gone(enginePID) || !gone(childPID) {
		if time.Now().After(deadline) {
			t.Fatalf("5 s after starcoach was killed: engine gone %v, its child gone %v", gone(enginePID), gone(childPID))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(scratch[0]); err != nil {
		t.Fatalf("the scratch folder went with starcoach: %v", err)
	}
	// The next starcoach removes what the killed one left.
	if res, hung := h.run(t, 10*time.Second, "sessions", "list"); hung || res.code != 0 {
		t.Fatalf("sessions list: %+v", res)
	}
	if _, err := os.Stat(scratch[0]); err == nil {
		t.Errorf("%s is still there after the next start", scratch[0])
	}
}

// A read that cannot be interrupted (standard input that never ends) does
// not keep starcoach alive after SIGTERM.
func TestSIGTERMEndsABlockedRead(t *testing.T) {
	t.Parallel() // most of it is the 3 s grace, spent waiting
	h := newHostileEnv(t)
	cmd := exec.Command("starcoach", "star", "--text", "-")
	cmd.Dir, cmd.Env = h.dir, h.env
	w, err := cmd.StdinPipe() // never written, never closed
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitReadingStdin(t, cmd.Process.Pid)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatal("still running 10 s after SIGTERM")
	}
	if code := cmd.ProcessState.ExitCode(); code != 128+int(syscall.SIGTERM) || !strings.Contains(errb.String(), "stopped by terminated") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// readSyscall is the number of read(2) in /proc/PID/task/*/syscall, by
// architecture.
var readSyscall = map[string]string{"amd64": "0", "arm64": "63", "386": "3", "arm": "3"}

// waitReadingStdin waits until a thread of process pid is blocked reading
// its standard input, as /proc shows it: the moment the test is about,
// known rather than guessed with a sleep. Where /proc or the number is
// not known it waits a fixed 300 ms instead.
func waitReadingStdin(t *testing.T, pid int) {
	t.Helper()
	nr, ok := readSyscall[runtime.GOARCH]
	if _, err := os.Stat("/proc/self/task"); err != nil || !ok {
		time.Sleep(300 * time.Millisecond)
		return
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/syscall", pid))
		for _, task := range tasks {
			b, _ := os.ReadFile(task)
			if f := strings.Fields(string(b)); len(f) > 1 && f[0] == nr && f[1] == "0x0" {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("starcoach never blocked reading its standard input")
}

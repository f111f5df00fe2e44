package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/audio/audiotest"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/wav"
)

// The recorder's interactive side needs a real terminal: these tests run
// starcoach inside tmux, on a private tmux server, recording from the
// PulseAudio virtual microphone in real time.

type tmuxSession struct {
	t    *testing.T
	sock string
}

// startTmux runs shellCmd in a new detached tmux session of its own server
// in dir, with env added to the environment.
func startTmux(t *testing.T, dir string, env []string, shellCmd string) *tmuxSession {
	t.Helper()
	testaudio.Need(t, "tmux")
	s := &tmuxSession{t: t, sock: fmt.Sprintf("starcoach-test-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"))}
	cmd := exec.Command("tmux", "-L", s.sock, "-f", "/dev/null", "new-session", "-d", "-s", "rec", "-x", "150", "-y", "50", "-c", dir, shellCmd)
	cmd.Env = append(append(os.Environ(), env...), "SHELL=/bin/bash")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-L", s.sock, "kill-server").Run() })
	return s
}

// screen is the session's whole pane, history included.
func (s *tmuxSession) screen() string {
	out, err := exec.Command("tmux", "-L", s.sock, "capture-pane", "-p", "-J", "-S", "-", "-t", "rec").Output()
	if err != nil {
		s.t.Fatalf("tmux capture-pane: %v", err)
	}
	return string(out)
}

// waitFor polls the pane until it matches re.
func (s *tmuxSession) waitFor(re string, timeout time.Duration) string {
	s.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(timeout)
	for {
		scr := s.screen()
		if rx.MatchString(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no %q on the terminal after %v:\n%s", re, timeout, scr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *tmuxSession) send(keys ...string) {
	s.t.Helper()
	args := append([]string{"-L", s.sock, "send-keys", "-t", "rec"}, keys...)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
}

func readTimingFile(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// wavFrames checks that path is a valid WAV whose header matches its data
// and returns its frames.
func wavFrames(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := wav.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(r.Warnings()) > 0 {
		t.Fatalf("%s: %q", path, r.Warnings())
	}
	st, _ := f.Stat()
	if want := 44 + 2*r.Frames(); st.Size() != want && st.Size() != want+1 {
		t.Fatalf("%s: %d bytes for %d frames", path, st.Size(), r.Frames())
	}
	return r.Frames()
}

// recordInTmux starts 'starcoach record' with a question and a 2 s
// countdown in a terminal, checks what is shown up to the recording, and
// speaks an answer into the microphone.
func recordInTmux(t *testing.T) (s *tmuxSession, dir string) {
	speech := testaudio.Speak(t, t.TempDir(), "I brought both engineers together and we agreed on one design.", 16000)
	p := audiotest.Pulse(t)
	dir = t.TempDir()
	s = startTmux(t, dir, p.Env(),
		`starcoach record --question 'Tell me about a conflict in your team.' --context 'Earn Trust' --countdown 2 answer.wav; `+
			`echo "exit status $?"; stty -a > stty.txt; echo FINISHED; sleep 600`)
	scr := s.waitFor(`Starting in [12]\.\.\.`, 10*time.Second)
	for _, want := range []string{"Question: Tell me about a conflict in your team.", "          Earn Trust"} {
		if !strings.Contains(scr, want) {
			t.Errorf("terminal lacks %q:\n%s", want, scr)
		}
	}
	s.waitFor(`Recording to answer\.wav: press Enter or q to stop, at most 3:00 \(the limit is 2:00\)`, 10*time.Second)
	if _, err := os.Stat(filepath.Join(dir, "answer.wav")); err != nil {
		t.Errorf("the file is not written while recording: %v", err)
	}
	p.Play(t, speech)
	s.waitFor(`● 0:0\d / 2:00 \[`, 5*time.Second)
	return s, dir
}

// checkFinished checks the analysis printed after the recording, the
// file, and that the terminal is back in its normal mode.
func checkFinished(t *testing.T, s *tmuxSession, dir, stoppedBy string) {
	scr := s.waitFor(`FINISHED`, 15*time.Second)
	for _, re := range []string{`answer\.wav  0:0\d of 2:00, short`, `first word after \d\.\d s`, `level: peaks`, `exit status 0`} {
		if !regexp.MustCompile(re).MatchString(scr) {
			t.Errorf("terminal lacks %q:\n%s", re, scr)
		}
	}
	frames := wavFrames(t, filepath.Join(dir, "answer.wav"))
	m := readTimingFile(t, filepath.Join(dir, "answer.wav.timing.json"))
	if m["stopped_by"] != stoppedBy || m["frames"] != float64(frames) || m["speech_found"] != true {
		t.Errorf("timing file: %v (file has %d frames)", m, frames)
	}
	stty, err := os.ReadFile(filepath.Join(dir, "stty.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"icanon", "echo", "isig"} {
		if !regexp.MustCompile(`(^|\s)` + flag + `(\s|$)`).Match(stty) {
			t.Errorf("terminal left without %s:\n%s", flag, stty)
		}
	}
}

// The interactive flow: question, countdown, live line, Enter stops, the
// analysis is printed, the terminal is restored.
func TestRecordInteractiveEnterStops(t *testing.T) {
	t.Parallel()
	s, dir := recordInTmux(t)
	s.send("Enter")
	checkFinished(t, s, dir, "key")
}

// Ctrl-C in the terminal stops the recording and keeps it, like Enter.
func TestRecordInteractiveCtrlCKeepsTheRecording(t *testing.T) {
	t.Parallel()
	s, dir := recordInTmux(t)
	s.send("C-c")
	checkFinished(t, s, dir, "signal")
}

// Killed outright mid-recording, starcoach leaves a file that repair makes
// whole and that lacks at most the last second.
func TestRecordKilledThenRepaired(t *testing.T) {
	t.Parallel()
	p := audiotest.Pulse(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "answer.wav")
	cmd := exec.Command("starcoach", "record", "--countdown", "0", "--duration", "60", path)
	cmd.Env = append(os.Environ(), p.Env()...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "Recording to") {
	}
	start := time.Now()
	time.Sleep(2500 * time.Millisecond)
	cmd.Process.Kill()
	elapsed := time.Since(start)
	cmd.Wait()

	out, err := exec.Command("starcoach", "repair", path).CombinedOutput()
	if err != nil {
		t.Fatalf("repair: %v\n%s", err, out)
	}
	frames := wavFrames(t, path)
	got := float64(frames) / 16000
	if got < elapsed.Seconds()-1 || got > elapsed.Seconds()+0.1 {
		t.Errorf("%.2f s in the file after %.2f s of recording", got, elapsed.Seconds())
	}
	t.Logf("killed after %.2f s, the file holds %.2f s (%s)", elapsed.Seconds(), got, strings.TrimSpace(string(out)))
}

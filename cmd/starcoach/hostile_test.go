//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileEnv is a private home, config and data folder for one test.
type hostileEnv struct {
	dir, data, config string
	env               []string
}

func newHostileEnv(t *testing.T) *hostileEnv {
	t.Helper()
	dir := t.TempDir()
	h := &hostileEnv{dir: dir, data: filepath.Join(dir, "data"), config: filepath.Join(dir, "config", "starcoach")}
	for _, d := range []string{h.data, h.config} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	h.env = append(os.Environ(), "HOME="+dir, "STARCOACH_HOME="+h.data, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "TMPDIR="+dir)
	return h
}

// session writes a session folder holding session.json and returns its folder.
func (h *hostileEnv) session(t *testing.T, id, json string) string {
	t.Helper()
	d := filepath.Join(h.data, "sessions", id)
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if json != "" {
		if err := os.WriteFile(filepath.Join(d, "session.json"), []byte(json), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

type result struct {
	stdout, stderr string
	code           int
	took           time.Duration
}

// run runs starcoach with args, killing it if it has not ended after
// limit; hung says whether it had to be killed.
func (h *hostileEnv) run(t *testing.T, limit time.Duration, args ...string) (res result, hung bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "starcoach", args...)
	cmd.Dir, cmd.Env = h.dir, h.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res = result{stdout: out.String(), stderr: errb.String(), took: time.Since(start), code: cmd.ProcessState.ExitCode()}
	if ctx.Err() != nil {
		return res, true
	}
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("starcoach %v: %v", args, err)
	}
	return res, false
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
}

const fifoSession = `{"schema": 1, "id": "%s", "questions": [{"id": "ownership-1", "text": "Tell me about a time.", "limit_s": 120}],
 "answers": [{"question": 0, "kind": "answer", "status": "transcribed", "wav": "01.wav", "transcript": "01.transcript.json"}]}`

// Every command that opens a FIFO where it expects a file says so at once
// and fails, instead of waiting for a writer for ever.
func TestFIFOsAreRefusedAtOnce(t *testing.T) {
	h := newHostileEnv(t)
	mkfifo(t, filepath.Join(h.dir, "f.wav"))
	mkfifo(t, filepath.Join(h.dir, "g.transcript.json"))
	// A session whose session.json is a FIFO, and one whose answer's
	// recording and transcript are.
	mkfifo(t, filepath.Join(h.session(t, "2026-01-01T00-00-00", ""), "session.json"))
	d := h.session(t, "2026-01-02T00-00-00", strings.ReplaceAll(fifoSession, "%s", "2026-01-02T00-00-00"))
	mkfifo(t, filepath.Join(d, "01.wav"))
	mkfifo(t, filepath.Join(d, "01.transcript.json"))

	cases := []struct {
		args []string
		want string // in stderr, or stdout for a listing
		ok   bool   // a listing carries on past an unreadable session
	}{
		{args: []string{"analyze", "f.wav"}, want: "f.wav: is a FIFO, not a regular file"},
		{args: []string{"import", "f.wav", "--question", "ownership-1", "--no-transcribe"}, want: "f.wav: is a FIFO, not a regular file"},
		{args: []string{"transcribe", "--engine", "command", "--cmd-arg", "true", "--cmd-arg", "{wav}", "f.wav"}, want: "f.wav: is a FIFO, not a regular file"},
		{args: []string{"repair", "f.wav"}, want: "f.wav: is a FIFO, not a regular file"},
		{args: []string{"compare", "f.wav", "f.wav"}, want: "f.wav: is a FIFO, not a regular file"},
		{args: []string{"star", "g.transcript.json"}, want: "g.transcript.json: is a FIFO, not a regular file"},
		{args: []string{"sessions", "list"}, want: "session.json: is a FIFO, not a regular file", ok: true},
		{args: []string{"sessions", "show", "2026-01-01"}, want: "session.json: is a FIFO, not a regular file"},
		{args: []string{"stories"}, want: "session.json: is a FIFO, not a regular file", ok: true},
		{args: []string{"report", "2026-01-01"}, want: "session.json: is a FIFO, not a regular file"},
		{args: []string{"report", "2026-01-02"}, want: "is a FIFO, not a regular file", ok: true},
		{args: []string{"sessions", "show", "2026-01-02"}, ok: true},
		{args: []string{"compare", "2026-01-02:1", "2026-01-02:1"}, want: "is a FIFO, not a regular file"},
		{args: []string{"replay", "2026-01-02", "1"}, want: "01.wav: is a FIFO, not a regular file"},
		{args: []string{"transcribe", "--session", "2026-01-02", "--engine", "command", "--cmd-arg", "true", "--cmd-arg", "{wav}"}, want: "01.wav: is a FIFO, not a regular file"},
	}
	// replay finds no sound device rather than opening a real one.
	if err := os.WriteFile(filepath.Join(h.dir, "asound.conf"), []byte("pcm.!default { type null }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.env = append(h.env, "ALSA_CONFIG_PATH="+filepath.Join(h.dir, "asound.conf"), "JACK_DEFAULT_SERVER=starcoach-test-no-such-server")
	for _, c := range cases {
		res, hung := h.run(t, 10*time.Second, c.args...)
		name := strings.Join(c.args, " ")
		if hung {
			t.Errorf("%s: still running after 10 s (stderr %q)", name, res.stderr)
			continue
		}
		// Refusing takes milliseconds; the slack is for a loaded machine,
		// and a command that waits on the FIFO never returns at all.
		if res.took > 3*time.Second {
			t.Errorf("%s: took %v", name, res.took)
		}
		if (res.code == 0) != c.ok {
			t.Errorf("%s: exit status %d\nstdout: %s\nstderr: %s", name, res.code, res.stdout, res.stderr)
		}
		if !strings.Contains(res.stderr+res.stdout, c.want) {
			t.Errorf("%s: no %q in\nstdout: %s\nstderr: %s", name, c.want, res.stdout, res.stderr)
		}
	}
}

// A configuration file that is a FIFO or a device is refused with one line.
func TestConfigFilesThatAreNotFilesAreRefused(t *testing.T) {
	h := newHostileEnv(t)
	if err := os.WriteFile(filepath.Join(h.dir, "a.txt"), []byte("I led the migration and we cut latency by half."), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"config.toml", "speech-words.toml", "probes.toml", "star-lexicon.toml"} {
		for _, kind := range []string{"FIFO", "device"} {
			p := filepath.Join(h.config, name)
			os.Remove(p)
			if kind == "FIFO" {
				mkfifo(t, p)
			} else if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
			args := []string{"star", "--text", "a.txt"}
			switch name {
			case "config.toml", "speech-words.toml":
				args = []string{"transcribe", "--engine", "command", "--cmd-arg", "true", "--cmd-arg", "{wav}", "a.txt"}
			}
			res, hung := h.run(t, 10*time.Second, args...)
			if hung || res.code == 0 || !strings.Contains(res.stderr, name+": is a "+kind+", not a regular file") {
				t.Errorf("%s as a %s: hung %v, exit %d, stderr %q", name, kind, hung, res.code, res.stderr)
			}
		}
		os.Remove(filepath.Join(h.config, name))
	}
}

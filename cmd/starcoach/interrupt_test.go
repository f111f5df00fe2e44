package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C in practice keeps what was recorded, says once how to carry on,
// and exits with status 130 as a shell expects of an interrupted program.
func TestPracticeCtrlCExits130AndSaysOnceHowToCarryOn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	conf := `pcm.vmic { type plug; slave { pcm { type file; slave.pcm { type null }; file "/dev/null"; infile "/dev/zero"; format "raw" }; format S16_LE; rate 16000; channels 1 } }
pcm.!default { type asym; capture.pcm "vmic"; playback.pcm "vmic" }
`
	if err := os.WriteFile(filepath.Join(dir, "asound.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("starcoach", "practice", "--count", "2", "--countdown", "60", "--stop-after-silence", "1s",
		"--engine", "command", "--cmd-arg", "true", "--cmd-arg", "{wav}")
	cmd.Env = append(os.Environ(), "ALSA_CONFIG_PATH="+filepath.Join(dir, "asound.conf"),
		"JACK_DEFAULT_SERVER=starcoach-test-no-such-server", "STARCOACH_HOME="+filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var errText strings.Builder
	lines := bufio.NewScanner(stderr)
	deadline := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for lines.Scan() {
		errText.WriteString(lines.Text() + "\n")
		if strings.HasPrefix(lines.Text(), "recording starts in") {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	for lines.Scan() {
		errText.WriteString(lines.Text() + "\n")
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 130 {
		t.Errorf("exit: %v; want status 130", err)
	}
	all := stdout.String() + errText.String()
	if n := strings.Count(all, "Carry on with: starcoach practice --resume "); n != 1 {
		t.Errorf("%d times how to carry on:\n%s", n, all)
	}
}

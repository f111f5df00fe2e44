package stt

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/config"
)

// The command line wins over the environment, which wins over the file;
// with nothing installed and nothing asked for, a session goes on with
// timing only and says why in one line, while an engine asked for is an
// error.
func TestSetupOrderAndTheSessionTranscriber(t *testing.T) {
	cfg := config.Config{STT: config.STT{Engine: Vosk, Model: "/file/model"}}
	env := func(k string) string {
		if k == "STARCOACH_WHISPER_MODEL" {
			return "/env/ggml-base.en.bin"
		}
		return ""
	}
	nothing := func(string) (string, error) { return "", exec.ErrNotFound }
	s := NewSetup(Asked{}, cfg, "/c/config.toml", env, nothing)
	if s.Settings.Engine != Vosk || s.Settings.ConfigModel != "/file/model" || s.Settings.WhisperModel != "/env/ggml-base.en.bin" || s.Config != "/c/config.toml" {
		t.Errorf("from the file and environment: %+v", s.Settings)
	}
	asked := Asked{Engine: Whisper, Model: "/flag/model"}
	if s := NewSetup(asked, cfg, "", env, nothing); s.Settings.Engine != Whisper || s.Settings.Model != "/flag/model" {
		t.Errorf("the flags do not win: %+v", s.Settings)
	}
	if s := NewSetup(Asked{CmdArgs: []string{"my-engine", WavPlaceholder}}, cfg, "", env, nothing); s.Settings.Engine != Command {
		t.Errorf("--cmd-arg alone: engine %q, want the command engine", s.Settings.Engine)
	}

	none := NewSetup(Asked{}, config.Config{}, "", env, nothing)
	tr, why, err := none.Transcriber(Asked{})
	if tr != nil || err != nil || why == "" || strings.Contains(why, "\n") {
		t.Errorf("nothing installed, nothing asked: %v, %q, %v; want no transcriber and one line why", tr, why, err)
	}
	if _, _, err := NewSetup(asked, config.Config{}, "", env, nothing).Transcriber(asked); err == nil {
		t.Error("whisper asked for and missing: no error")
	}
	if lines := none.Report().Lines(); len(lines) < 2 || !strings.HasPrefix(lines[0], "speech to text: ") {
		t.Errorf("report: %q", lines)
	}
}

// The files' transcriber takes the time limit asked for, else the
// configured one; with no engine ready it is an error, not timing only.
func TestFileTranscriber(t *testing.T) {
	cmd := NewSetup(Asked{CmdArgs: []string{"sh", WavPlaceholder}}, config.Config{}, "", func(string) string { return "" }, exec.LookPath)
	cmd.Timeout = time.Minute
	tr, err := cmd.FileTranscriber(0)
	if err != nil || tr.Engine.Name != Command || tr.Timeout != time.Minute {
		t.Fatalf("%+v, %v; want the command engine with the configured minute", tr, err)
	}
	if tr, err := cmd.FileTranscriber(5 * time.Second); err != nil || tr.Timeout != 5*time.Second {
		t.Errorf("--timeout 5s: %+v, %v", tr, err)
	}
	nothing := func(string) (string, error) { return "", exec.ErrNotFound }
	if _, err := NewSetup(Asked{}, config.Config{}, "", func(string) string { return "" }, nothing).FileTranscriber(0); err == nil {
		t.Error("no engine installed: no error")
	}
}

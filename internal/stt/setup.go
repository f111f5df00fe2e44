package stt

import (
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/config"
)

// Asked is what a command line asks of speech to text: --engine, --model
// and the --cmd-arg words of a command engine; empty when not given.
type Asked struct {
	Engine  string
	Model   string
	CmdArgs []string
}

// Setup is what a command needs to run speech to text: the user's
// settings (the command line's, the environment's, the configuration
// file's, in that order) and what was found installed.
type Setup struct {
	Settings Settings
	Timeout  time.Duration
	Statuses []Status
	Config   string // the configuration file's path
}

// NewSetup combines what was asked with the configuration cfg read from
// cfgPath and the environment, and surveys the engines with look
// (exec.LookPath when nil).
func NewSetup(asked Asked, cfg config.Config, cfgPath string, getenv func(string) string, look LookPath) Setup {
	s := Settings{
		Engine:       asked.Engine,
		Model:        asked.Model,
		WhisperModel: getenv("STARCOACH_WHISPER_MODEL"),
		ConfigModel:  cfg.STT.Model,
		Command:      cfg.STT.Command,
		Programs:     cfg.STT.Programs,
		Hesitations:  cfg.STT.Hesitations,
	}
	if s.Engine == "" {
		s.Engine = cfg.STT.Engine
	}
	if len(asked.CmdArgs) > 0 {
		// What the configuration declares is of its own command.
		s.Command, s.Hesitations = asked.CmdArgs, ""
		if asked.Engine == "" {
			s.Engine = Command
		}
	}
	if look == nil {
		look = exec.LookPath
	}
	return Setup{Settings: s, Timeout: cfg.STT.Timeout.Duration, Statuses: Survey(s, look), Config: cfgPath}
}

// Transcriber is the transcriber of the engine to use. With none installed
// and none asked for, it returns nil and why in one line, so that a
// session goes on with timing only; an engine asked for that cannot run is
// an error.
func (s Setup) Transcriber(asked Asked) (*Transcriber, string, error) {
	e, err := Choose(s.Settings, s.Statuses)
	if err != nil {
		if asked.Engine != "" || len(asked.CmdArgs) > 0 {
			return nil, "", err
		}
		first, _, _ := strings.Cut(err.Error(), "\n")
		return nil, first, nil
	}
	return &Transcriber{Engine: e, Runner: &ExecRunner{}, Timeout: s.Timeout}, "", nil
}

// FileTranscriber is the transcriber of the engine s chooses for the
// recordings named on a command line, with timeout as each run's limit
// (the configured one when it is 0). Unlike Transcriber, no engine ready
// is an error: there is nothing else to do with the files.
func (s Setup) FileTranscriber(timeout time.Duration) (*Transcriber, error) {
	e, err := Choose(s.Settings, s.Statuses)
	if err != nil {
		return nil, err
	}
	if timeout <= 0 {
		timeout = s.Timeout
	}
	return &Transcriber{Engine: e, Runner: &ExecRunner{}, Timeout: timeout}, nil
}

// Report is the engines found, as doctor and transcribe --list-engines
// show them.
type Report struct {
	Config  string   `json:"config"`
	Default string   `json:"default"`
	Problem string   `json:"problem,omitempty"`
	Engines []Status `json:"engines"`
}

// Report is what s found: the engine used by default, or why there is none.
func (s Setup) Report() Report {
	rep := Report{Config: s.Config, Engines: s.Statuses}
	if e, err := Choose(s.Settings, s.Statuses); err != nil {
		rep.Problem = err.Error()
	} else {
		rep.Default = e.Name
	}
	return rep
}

// WriteReport writes the report as JSON or as Lines.
func WriteReport(w io.Writer, rep Report, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(rep)
	}
	_, err := io.WriteString(w, strings.Join(rep.Lines(), "\n")+"\n")
	return err
}

// Lines renders the engines found, the default first marked "*".
func (rep Report) Lines() []string {
	head := "speech to text: "
	if rep.Default != "" {
		head += rep.Default + " is used by default"
	} else {
		head += rep.Problem
	}
	lines := []string{head}
	for _, st := range rep.Engines {
		mark := " "
		if st.Name == rep.Default {
			mark = "*"
		}
		lines = append(lines, fmt.Sprintf("%s %-13s %s", mark, st.Name, st.state()))
		if st.Problem != "" && st.Found {
			lines = append(lines, fmt.Sprintf("  %-13s %s", "", st.Problem))
		}
		if st.Install != "" {
			how := "install"
			if st.Name == Command {
				how = "configure"
			}
			lines = append(lines, fmt.Sprintf("  %-13s %s: %s", "", how, st.Install))
		}
	}
	return append(lines, "  configuration: "+rep.Config)
}

// state is an engine's line in the report after its name.
func (st Status) state() string {
	switch {
	case st.Ready:
		state := "ready    " + st.Path
		if st.Version != "" {
			state += " " + st.Version
		}
		if st.Model != "" {
			state += ", model " + st.Model
		}
		return state
	case st.Name == Command && !st.Found && st.Problem == "no command configured":
		return "not configured"
	case !st.Found:
		return "missing  " + st.Problem
	}
	return "not ready: " + st.Path
}

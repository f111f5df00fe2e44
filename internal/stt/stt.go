// Package stt turns recordings into transcripts by running the user's own
// speech-to-text program (whisper.cpp, Vosk, PocketSphinx or any command)
// and reading what it prints into starcoach's transcript schema. The
// program runs as a child process with an argument list, a time limit and
// capped output; nothing leaves the machine and the recording itself is
// only ever read.
package stt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/transcript"
)

// Engine names, in the order the default is chosen.
const (
	Whisper      = "whisper"
	Vosk         = "vosk"
	PocketSphinx = "pocketsphinx"
	Command      = "command"
)

// Names returns the engine names.
func Names() []string { return []string{Whisper, Vosk, PocketSphinx, Command} }

// WavPlaceholder is replaced by the recording's path in a command engine's
// arguments.
const WavPlaceholder = "{wav}"

// Settings is what the user chose, from flags, the environment and the
// configuration file. Empty fields mean "not set".
type Settings struct {
	// Engine is whisper, vosk, pocketsphinx or command; "" picks the
	// first one installed (see Choose).
	Engine string
	// Model is the model given for this run (--model): whisper's ggml
	// file or a Vosk model directory.
	Model string
	// WhisperModel is whisper's model from the environment
	// (STARCOACH_WHISPER_MODEL).
	WhisperModel string
	// ConfigModel is the model from the configuration file.
	ConfigModel string
	// Command is the command engine's program and arguments, with
	// WavPlaceholder where the recording goes.
	Command []string
	// Programs overrides where an engine's program is, by engine name.
	Programs map[string]string
	// Hesitations is what the command engine declares of "um" and "uh"
	// (transcript.HesitationsKept or HesitationsDropped); "" when its
	// configuration says nothing.
	Hesitations string
}

// Engine is a resolved engine: which program to run with which model.
type Engine struct {
	Name    string
	Program string // as found: a path, or the name when not found
	Model   string
	// Args is the command engine's argument template (without the program).
	Args []string
	// Hesitations is what the command engine declares of "um" and "uh",
	// from the configuration; the built-in engines declare their own.
	Hesitations string
}

// spec describes how to find and drive one engine.
type spec struct {
	name     string
	programs []string // names looked up in $PATH, first found wins
	needs16k bool     // wants 16 kHz mono 16-bit PCM
	install  string
	// hesitations is what the engine's transcripts do with the speaker's
	// "um" and "uh" (transcript.HesitationsKept or HesitationsDropped);
	// "" when it is not known. The filler count rests on it.
	hesitations string
	// noise marks standard-error lines too chatty for an error message.
	noise func(line string) bool
}

func specFor(name string) (spec, bool) {
	switch name {
	case Whisper:
		return spec{
			name:     Whisper,
			programs: []string{"whisper-cli", "whisper-cpp"},
			needs16k: true,
			// Whisper writes what a speaker meant, without "um" and "uh",
			// unless its prompt is itself disfluent: it is run with
			// whisperPrompt.
			hesitations: transcript.HesitationsKept,
			install:     "run starcoach setup: it finds whisper-cli or says how to install it, downloads a model and configures both",
			noise: func(l string) bool {
				// Its log lines start with the function that wrote them;
				// the ones that report a failure say so.
				if strings.Contains(l, "fail") || strings.Contains(l, "error") {
					return false
				}
				return strings.HasPrefix(l, "whisper_") || strings.HasPrefix(l, "ggml_") || strings.HasPrefix(l, "system_info:") || strings.HasPrefix(l, "main:") || strings.HasPrefix(l, "output_")
			},
		}, true
	case Vosk:
		return spec{
			name:     Vosk,
			programs: []string{"vosk-transcriber"},
			// Vosk's models have no words for hesitations.
			hesitations: transcript.HesitationsDropped,
			install:     "pip install vosk (it provides vosk-transcriber and needs ffmpeg), then download a model from https://alphacephei.com/vosk/models and give its directory with --model",
			noise: func(l string) bool {
				return strings.HasPrefix(l, "LOG (") || strings.HasPrefix(l, "INFO:")
			},
		}, true
	case PocketSphinx:
		return spec{
			name:     PocketSphinx,
			programs: []string{"pocketsphinx_continuous"},
			needs16k: true,
			// Its dictionary hears a hesitation as a filler of silence
			// (<sil>, ++UH++) and writes nothing for it.
			hesitations: transcript.HesitationsDropped,
			install:     "apt-get install pocketsphinx pocketsphinx-en-us",
			noise: func(l string) bool {
				// INFO lines and the configuration table it prints first
				// ("-beam  1e-48  1.000000e-48").
				return strings.HasPrefix(l, "INFO:") || strings.HasPrefix(l, "-") || l == "Current configuration:" || strings.HasPrefix(l, "[NAME]")
			},
		}, true
	case Command:
		return spec{
			name:    Command,
			install: `set command = ["my-stt", "--in", "{wav}"] under [stt] in config.toml, or give --cmd-arg for each argument`,
		}, true
	}
	return spec{}, false
}

// commandHint is what to do when the command engine's program is missing.
const commandHint = "check the command in config.toml or --cmd-arg"

// LookPath finds a program the way exec.LookPath does; tests pass their own.
type LookPath func(name string) (string, error)

// Status is what Survey found out about one engine.
type Status struct {
	Name    string `json:"name"`
	Program string `json:"program"`
	Path    string `json:"path,omitempty"`
	Found   bool   `json:"found"`
	// Ready means the engine can run as configured: program found and,
	// where it needs one, a model.
	Ready   bool   `json:"ready"`
	Model   string `json:"model,omitempty"`
	Version string `json:"version,omitempty"`
	Problem string `json:"problem,omitempty"`
	Install string `json:"install,omitempty"`
}

// PocketSphinxModelDir is where Debian's pocketsphinx-en-us puts the
// acoustic model pocketsphinx_continuous loads by default.
const PocketSphinxModelDir = "/usr/share/pocketsphinx/model/en-us/en-us"

// Survey checks every engine: is its program installed, does it have what
// it needs. It runs nothing.
func Survey(s Settings, look LookPath) []Status {
	var out []Status
	for _, name := range Names() {
		out = append(out, survey(name, s, look))
	}
	return out
}

func survey(name string, s Settings, look LookPath) Status {
	sp, _ := specFor(name)
	st := Status{Name: name, Install: sp.install}
	candidates := sp.programs
	if p := s.Programs[name]; p != "" {
		candidates = []string{p}
	}
	if name == Command {
		if len(s.Command) == 0 {
			st.Problem = "no command configured"
			return st
		}
		candidates = []string{s.Command[0]}
	}
	st.Program = candidates[0]
	for _, c := range candidates {
		if p, err := look(c); err == nil {
			st.Program, st.Path, st.Found = c, p, true
			break
		}
	}
	if !st.Found {
		st.Problem = st.Program + " not found"
		return st
	}
	st.Install = ""
	switch name {
	case Whisper:
		st.Model = whisperModel(s)
		switch {
		case st.Model == "":
			st.Problem = "no model configured: download a ggml model and set it with --model, STARCOACH_WHISPER_MODEL or model in config.toml"
		case !isFile(st.Model):
			st.Problem = "model " + st.Model + " is not a file"
		default:
			st.Ready = true
		}
	case Vosk:
		st.Model = voskModel(s, s.Engine == Vosk)
		if st.Model != "" && !isDir(st.Model) {
			st.Problem = "model " + st.Model + " is not a directory"
			return st
		}
		st.Ready = true
		if st.Model == "" {
			st.Problem = "no model configured: vosk-transcriber downloads its small English model on first use"
		}
	case PocketSphinx:
		if !isDir(PocketSphinxModelDir) {
			st.Problem = "English model missing: apt-get install pocketsphinx-en-us"
			return st
		}
		st.Model, st.Ready = pocketSphinxModel, true
	case Command:
		if !containsPlaceholder(s.Command[1:]) {
			st.Problem = "the command has no " + WavPlaceholder + " argument for the recording"
			return st
		}
		st.Ready = true
	}
	return st
}

// ProbeVersions fills in the versions that are cheap to learn: for
// pocketsphinx installed from Debian, its package's. The engines themselves
// have no version option worth starting them for.
func ProbeVersions(ctx context.Context, r Runner, statuses []Status) {
	for i := range statuses {
		st := &statuses[i]
		if st.Name != PocketSphinx || !st.Found || !strings.HasPrefix(st.Path, "/usr/bin/") {
			continue
		}
		out, err := r.Run(ctx, Cmd{Name: "dpkg-query", Path: "dpkg-query", Args: []string{"-W", "-f=${Version}", "pocketsphinx"}, Timeout: 5 * time.Second})
		if err == nil {
			st.Version = strings.TrimSpace(string(out.Stdout))
		}
	}
}

// Choose picks the engine to run: the one asked for; else the command when
// one is configured; else the first that is ready in the order whisper (when
// it has a model), vosk, pocketsphinx.
func Choose(s Settings, statuses []Status) (Engine, error) {
	byName := map[string]Status{}
	for _, st := range statuses {
		byName[st.Name] = st
	}
	if s.Engine != "" {
		st, ok := byName[s.Engine]
		if !ok {
			return Engine{}, fmt.Errorf("unknown engine %q: use %s", s.Engine, strings.Join(Names(), ", "))
		}
		if !st.Found {
			if s.Engine == Command && len(s.Command) == 0 {
				return Engine{}, errors.New("the command engine needs a command: " + st.Install)
			}
			hint := "install it: " + st.Install
			if s.Engine == Command {
				hint = commandHint
			}
			return Engine{}, &RunError{Name: st.Name, Program: st.Program, Kind: NotFound, Hint: hint}
		}
		if !st.Ready {
			return Engine{}, fmt.Errorf("%s: %s", st.Name, st.Problem)
		}
		return checkModel(engineFrom(st, s), s)
	}
	if len(s.Command) > 0 {
		// A configured command is what the user wants, even broken.
		s.Engine = Command
		return Choose(s, statuses)
	}
	for _, name := range []string{Whisper, Vosk, PocketSphinx} {
		if st := byName[name]; st.Ready {
			return checkModel(engineFrom(st, s), s)
		}
	}
	return Engine{}, errors.New("no speech-to-text engine found: run starcoach setup for whisper.cpp (accurate), or apt-get install pocketsphinx pocketsphinx-en-us (quick, rough); starcoach doctor shows every option")
}

// checkModel refuses a --model the chosen engine cannot use, rather than
// ignoring it.
func checkModel(e Engine, s Settings) (Engine, error) {
	if s.Model != "" && (e.Name == PocketSphinx || e.Name == Command) {
		return Engine{}, fmt.Errorf("%s takes no --model (it is for whisper and vosk); leave it out or choose --engine whisper or vosk", e.Name)
	}
	return e, nil
}

func engineFrom(st Status, s Settings) Engine {
	e := Engine{Name: st.Name, Program: st.Path, Model: st.Model}
	if st.Name == Command {
		e.Args = append([]string(nil), s.Command[1:]...)
		e.Hesitations = s.Hesitations
	}
	return e
}

// whisperModel is the model for whisper: --model, else the environment,
// else the configuration file.
func whisperModel(s Settings) string {
	for _, m := range []string{s.Model, s.WhisperModel, s.ConfigModel} {
		if m != "" {
			return m
		}
	}
	return ""
}

// voskModel is the model for vosk: --model, else the configuration file.
// Unless vosk was asked for by name, only a directory counts: Vosk models
// are directories, whisper's are files, so a model configured for whisper
// is not handed to vosk when whisper is missing.
func voskModel(s Settings, named bool) string {
	for _, m := range []string{s.Model, s.ConfigModel} {
		if m != "" && (named || isDir(m)) {
			return m
		}
	}
	return ""
}

func containsPlaceholder(args []string) bool {
	for _, a := range args {
		if strings.Contains(a, WavPlaceholder) {
			return true
		}
	}
	return false
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

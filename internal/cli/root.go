// Package cli wires starcoach's commands to cobra. Each command only parses
// its flags into an options struct and calls a plain function that does the
// work; the work itself lives in the other internal packages.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/ui"
)

// Version is set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = ""

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// Env is what every command receives from the process: its streams, where
// its files live, and the environment. Tests build their own.
type Env struct {
	Streams *ui.Streams
	Getenv  func(string) string

	// Set by persistent flags.
	dataDir string
	verbose bool

	filesOnce sync.Once
	files     *userFiles
}

// DataDir is where sessions and recordings are kept: --data-dir, else
// $STARCOACH_HOME, else $XDG_DATA_HOME/starcoach, else ~/.local/share/starcoach.
func (e *Env) DataDir() string {
	if e.dataDir != "" {
		return e.dataDir
	}
	if d := e.Getenv("STARCOACH_HOME"); d != "" {
		return d
	}
	if d := e.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "starcoach")
	}
	return filepath.Join(e.home(), ".local", "share", "starcoach")
}

// ConfigDir is where the user's configuration and own question banks live:
// $STARCOACH_CONFIG_HOME, else $XDG_CONFIG_HOME/starcoach, else ~/.config/starcoach.
func (e *Env) ConfigDir() string {
	if d := e.Getenv("STARCOACH_CONFIG_HOME"); d != "" {
		return d
	}
	if d := e.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "starcoach")
	}
	return filepath.Join(e.home(), ".config", "starcoach")
}

// Verbose reports whether --verbose was given.
func (e *Env) Verbose() bool { return e.verbose }

func (e *Env) home() string {
	if h := e.Getenv("HOME"); h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "."
}

// errReported means the command has already told the user what went wrong
// (for example one line per failed file) and only the exit status is left.
var errReported = errors.New("failure already reported")

// usageError marks bad command-line use, which exits with status 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// NewRootCmd builds the whole command tree.
func NewRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "starcoach",
		Short: "Practise spoken interview answers against the clock, privately",
		Long: `starcoach records your spoken answers to behavioral interview questions,
times them against the 2-minute limit, finds the pauses, transcribes them with
a speech-to-text program on your machine and checks them for the STAR
structure. Nothing leaves your machine.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(env.Streams.In)
	root.SetOut(env.Streams.Out)
	root.SetErr(env.Streams.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&env.dataDir, "data-dir", "", "where sessions are kept (default $STARCOACH_HOME or $XDG_DATA_HOME/starcoach)")
	root.PersistentFlags().BoolVarP(&env.verbose, "verbose", "v", false, "show diagnostics, including audio library messages")

	root.AddCommand(
		newAnalyzeCmd(env, nil),
		newRepairCmd(env, nil),
		newDevicesCmd(env, nil),
		newTranscribeCmd(env, nil),
		newDoctorCmd(env, nil),
		newStarCmd(env, nil),
		newPromptsCmd(env),
		newReportCmd(env, nil),
		newHistoryCmd(env, nil),
		newRecordCmd(env, nil),
		newSessionsCmd(env),
		newImportCmd(env, nil),
		newPracticeCmd(env, nil),
		newReplayCmd(env, nil),
		newCompareCmd(env, nil),
		newStoriesCmd(env, nil),
		newSetupCmd(env, nil),
	)
	groupCommands(root)
	return root
}

// commandGroups orders the help's command list by what a user came to do.
var commandGroups = []struct {
	id, title string
	commands  []string
}{
	{"practise", "Practise:", []string{"practice", "record", "prompts"}},
	{"review", "Review:", []string{"report", "history", "replay", "compare", "stories", "sessions", "star"}},
	{"files", "Recordings and setup:", []string{"analyze", "transcribe", "import", "repair", "devices", "doctor", "setup"}},
}

func groupCommands(root *cobra.Command) {
	group := map[string]string{}
	for _, g := range commandGroups {
		root.AddGroup(&cobra.Group{ID: g.id, Title: g.title})
		for _, name := range g.commands {
			group[name] = g.id
		}
	}
	for _, c := range root.Commands() {
		c.GroupID = group[c.Name()]
	}
}

func version() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// Main runs starcoach with the process's arguments and returns its exit status.
func Main() int {
	env := &Env{Streams: ui.System(), Getenv: os.Getenv}
	return Run(env, os.Args[1:])
}

// Run executes the command line args and maps the outcome to an exit status.
// Ctrl-C and SIGTERM cancel the command's context; commands that hold
// something precious (a recording) finish it properly before returning.
func Run(env *Env, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := NewRootCmd(env)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if !errors.Is(err, errReported) {
		fmt.Fprintf(env.Streams.Err, "starcoach: %v\n", err)
	}
	var u usageError
	if errors.As(err, &u) || isCobraUsageError(err) {
		return exitUsage
	}
	return exitFailure
}

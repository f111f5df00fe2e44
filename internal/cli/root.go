// Package cli wires starcoach's commands to cobra. Each command only parses
// its flags into an options struct and calls a plain function that does the
// work; the work itself lives in the other internal packages.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/buildinfo"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/ui"
	"github.com/starcoach/starcoach/internal/userfiles"
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
	files     *userfiles.Files
}

// Files returns the user's files, loaded on first use.
func (e *Env) Files() *userfiles.Files {
	e.filesOnce.Do(func() { e.files = userfiles.New(e, e.Getenv) })
	return e.files
}

// DataDir is where sessions and recordings are kept (see userfiles.DataDir).
func (e *Env) DataDir() string { return userfiles.DataDir(e.dataDir, e.Getenv) }

// ConfigDir is where the user's configuration and own question banks live
// (see userfiles.ConfigDir).
func (e *Env) ConfigDir() string { return userfiles.ConfigDir(e.Getenv) }

// Verbose reports whether --verbose was given.
func (e *Env) Verbose() bool { return e.verbose }

// Diagnostics is where --verbose's messages go: the error stream, or nil
// without --verbose.
func (e *Env) Diagnostics() io.Writer {
	if e.verbose {
		return e.Streams.Err
	}
	return nil
}

// errReported means the command has already told the user what went wrong
// (for example one line per failed file) and only the exit status is left.
var errReported = ui.ErrReported

// errInterrupted means Ctrl-C stopped the command after it kept what it
// had and said how to carry on; the exit status says so (130).
var errInterrupted = fmt.Errorf("interrupted: %w", errReported)

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
structure. Nothing leaves your machine.

Times are given as seconds (90), m:ss (1:30) or a duration (1m30s), and
shown as m:ss from a minute up (1:30) and in seconds below it (45s).`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(env.Streams.In)
	root.SetOut(env.Streams.Out)
	root.SetErr(env.Streams.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		// A time flag's own message says what is wrong: "--limit: 1e20 is
		// out of range: use 1s to 24:00:00".
		var iv *pflag.InvalidValueError
		var te timefmt.FlagError
		if errors.As(err, &iv) && errors.As(err, &te) {
			return usageError{fmt.Errorf("--%s: %v", iv.GetFlag().Name, te.Err)}
		}
		return usageError{err}
	})
	// A write cut short by a kill leaves its hidden temporary file
	// behind (a copy of a long recording, as large as it); the next
	// starcoach removes those whose writer is gone, as it does the
	// engines' scratch folders. It runs once the flags say where the
	// data folder is.
	root.PersistentPreRun = func(*cobra.Command, []string) {
		now := time.Now()
		session.NewStore(env.DataDir()).Sweep(now)
		atomicfile.Sweep(filepath.Join(env.DataDir(), "models"), now) // a model copy cut short
		if d := env.ConfigDir(); d != "" {
			atomicfile.Sweep(d, now)
		}
	}
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
	registerCompletions(root, env)
	bashCompletion(root)
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

func version() string { return buildinfo.Version(Version) }

// Main runs starcoach with the process's arguments and returns its exit status.
func Main() int {
	env := &Env{Streams: ui.System(), Getenv: os.Getenv}
	return Run(env, os.Args[1:])
}

// Run executes the command line args and maps the outcome to an exit status.
// Ctrl-C and SIGTERM cancel the command's context; commands that hold
// something precious (a recording) finish it properly before returning.
func Run(env *Env, args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	var caught atomic.Value // the signal that cancelled ctx
	done := make(chan struct{})
	defer close(done)
	go stopOnSignal(env, signals, func(sig os.Signal) { caught.Store(sig); cancel() }, done)
	// A starcoach killed during a transcription cannot remove its scratch
	// folder; the next one does.
	stt.SweepScratch("")
	// Results hold text from files anyone can write (story names,
	// questions, transcripts): a terminal must not act on it.
	if env.Streams.IsStdoutTTY() {
		env.Streams.Out = ui.Sanitize(env.Streams.Out)
	}
	root := NewRootCmd(env)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if !errors.Is(err, errReported) {
		// Messages quote file names and the contents of files: neither
		// may drive the terminal.
		fmt.Fprintf(env.Streams.Err, "starcoach: %s\n", ui.Clean(err.Error()))
	}
	// A command that failed because it was interrupted exits as shells
	// expect: 128 plus the signal's number (130 for Ctrl-C). One that
	// finished its work anyway (record keeps the file) exits 0 above.
	if sig, ok := caught.Load().(syscall.Signal); ok {
		return 128 + int(sig)
	}
	if errors.Is(err, errInterrupted) {
		return 128 + int(syscall.SIGINT)
	}
	// A package that finds the command line wrong (an answer named as a
	// folder) says so with a Usage method.
	var u usageError
	var usage interface{ Usage() bool }
	if errors.As(err, &u) || isCobraUsageError(err) || (errors.As(err, &usage) && usage.Usage()) {
		return exitUsage
	}
	return exitFailure
}

// signalGrace is how long a command has, after Ctrl-C or SIGTERM, to
// finish what it holds (a recording's header, a session file) before
// starcoach exits anyway: a read that cannot be interrupted, such as one
// from a terminal or pipe that never writes, must not keep it alive.
const signalGrace = 3 * time.Second

// stopOnSignal cancels the command on the first signal, and exits when the
// command has not returned signalGrace later, or at a second signal.
func stopOnSignal(env *Env, sigs <-chan os.Signal, cancel func(os.Signal), done <-chan struct{}) {
	var sig os.Signal
	select {
	case <-done:
		return
	case sig = <-sigs:
	}
	cancel(sig)
	timer := time.NewTimer(signalGrace)
	defer timer.Stop()
	select {
	case <-done:
		return
	case sig = <-sigs:
	case <-timer.C:
	}
	fmt.Fprintf(env.Streams.Err, "starcoach: stopped by %v\n", sig)
	stt.KillEngines()
	code := 1
	if s, ok := sig.(syscall.Signal); ok {
		code = 128 + int(s)
	}
	os.Exit(code)
}

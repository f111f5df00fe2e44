package stt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Cmd is one run of an engine's program.
type Cmd struct {
	// Name is what messages call the program: the engine's name.
	Name string
	// Path is the program, a path or a name looked up in $PATH.
	Path string
	// Args are its arguments; no shell ever sees them.
	Args []string
	// Dir is its working directory ("" for the current one).
	Dir string
	// Timeout stops the program when it runs longer; 0 means no limit
	// beyond the context.
	Timeout time.Duration
	// Hint tells the user what to do when the program is not installed.
	Hint string
	// Noise reports standard-error lines not worth showing in a message
	// (progress and log chatter); nil keeps every line.
	Noise func(line string) bool
}

// Output is what a program printed.
type Output struct {
	Stdout []byte
	// Stderr holds the last lines of standard error, oldest first.
	Stderr []string
}

// Runner runs engine programs. ExecRunner is the real one.
type Runner interface {
	Run(ctx context.Context, c Cmd) (*Output, error)
}

// Limits of ExecRunner when its fields are zero.
const (
	DefaultMaxStdout  = 16 << 20
	DefaultStderrTail = 16 << 10
	// reapWait bounds how long output is drained after the program's
	// process group was killed; a descendant that escaped the group could
	// otherwise hold the pipes open for ever.
	reapWait = 2 * time.Second
)

// ExecRunner runs programs as child processes: with an argument list, never
// through a shell; in a process group of their own, which is killed as a
// whole on timeout, on cancellation and when the program exits (so no
// helper process it started outlives it); with standard input empty,
// standard output kept up to a limit and the tail of standard error kept
// for messages.
type ExecRunner struct {
	MaxStdout  int64 // bytes; DefaultMaxStdout when 0
	StderrTail int   // bytes of standard error kept; DefaultStderrTail when 0
}

// FailKind says how a run failed.
type FailKind int

// The ways a run fails.
const (
	NotFound FailKind = iota + 1
	StartFailed
	ExitStatus
	Signaled
	TimedOut
	Interrupted
	TooMuchOutput
)

// RunError is a failed run of an engine's program. Its message is one line
// that names the engine, says what happened and ends with the last lines the
// program wrote on standard error.
type RunError struct {
	Name    string
	Program string
	Kind    FailKind
	Status  int           // exit status, for ExitStatus
	Signal  string        // for Signaled
	Timeout time.Duration // for TimedOut
	Limit   int64         // bytes, for TooMuchOutput
	Hint    string        // for NotFound
	Stderr  []string
	Err     error
}

func (e *RunError) Error() string {
	var msg string
	switch e.Kind {
	case NotFound:
		msg = fmt.Sprintf("%s: program %s not found", e.Name, e.Program)
		if e.Hint != "" {
			msg += "; " + e.Hint
		}
		return msg
	case StartFailed:
		return fmt.Sprintf("%s: cannot run %s: %v", e.Name, e.Program, e.Err)
	case ExitStatus:
		msg = fmt.Sprintf("%s failed (exit status %d)", e.Name, e.Status)
	case Signaled:
		msg = fmt.Sprintf("%s failed (killed by signal: %s)", e.Name, e.Signal)
	case TimedOut:
		msg = fmt.Sprintf("%s timed out after %s and was stopped; allow longer with --timeout", e.Name, shortDuration(e.Timeout))
	case Interrupted:
		return fmt.Sprintf("%s interrupted", e.Name)
	case TooMuchOutput:
		msg = fmt.Sprintf("%s printed more than %d MiB and was stopped; is %s the right program?", e.Name, e.Limit>>20, e.Program)
	default:
		msg = fmt.Sprintf("%s failed: %v", e.Name, e.Err)
	}
	return msg + stderrSuffix(e.Stderr, e.Kind == ExitStatus || e.Kind == Signaled)
}

func (e *RunError) Unwrap() error { return e.Err }

// shortDuration writes whole minutes and seconds without the zeros
// time.Duration prints: "10m", "1m30s", "45s", "500ms".
func shortDuration(d time.Duration) string {
	if d < time.Minute || d%time.Second != 0 {
		return d.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		n    time.Duration
		unit string
	}{{d / time.Hour, "h"}, {d % time.Hour / time.Minute, "m"}, {d % time.Minute / time.Second, "s"}} {
		if u.n > 0 {
			fmt.Fprintf(&b, "%d%s", u.n, u.unit)
		}
	}
	return b.String()
}

// stderrSuffix renders the last lines of standard error for a message.
func stderrSuffix(lines []string, sayNone bool) string {
	if len(lines) == 0 {
		if sayNone {
			return " with no message"
		}
		return ""
	}
	return ": " + strings.Join(lines, " | ")
}

// Run runs c and returns what it printed. A program that exits with a
// status other than 0, is killed, runs out of time or prints too much is a
// *RunError; so is one that is not installed. When ctx is cancelled the
// program's process group is killed and the error wraps ctx.Err().
func (r *ExecRunner) Run(ctx context.Context, c Cmd) (*Output, error) {
	fail := func(kind FailKind, err error) *RunError {
		return &RunError{Name: c.Name, Program: c.Path, Kind: kind, Hint: c.Hint, Err: err}
	}
	path, err := exec.LookPath(c.Path)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return nil, fail(NotFound, err)
		}
		return nil, fail(StartFailed, err)
	}
	maxOut := r.MaxStdout
	if maxOut <= 0 {
		maxOut = DefaultMaxStdout
	}
	tailSize := r.StderrTail
	if tailSize <= 0 {
		tailSize = DefaultStderrTail
	}

	runCtx := ctx
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}

	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fail(StartFailed, err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, fail(StartFailed, err)
	}
	cmd := exec.Command(path, c.Args...)
	cmd.Args[0] = c.Path
	cmd.Dir = c.Dir
	cmd.Stdin = nil // the null device
	cmd.Stdout, cmd.Stderr = outW, errW
	inGroup(cmd)
	statusR, statusW := guarded(cmd)
	err, waited := startAndWait(cmd)
	// The child holds its own copies of the write ends; closing ours lets
	// the readers see the end of output once every writer is gone.
	outW.Close()
	errW.Close()
	if statusW != nil {
		statusW.Close()
		// The guard says why the engine could not start, or closes the
		// pipe once it runs.
		msg, _ := io.ReadAll(io.LimitReader(statusR, 4096))
		statusR.Close()
		if err == nil && len(msg) > 0 {
			err = errors.New(string(msg))
			<-waited
		}
	}
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, fail(StartFailed, err)
	}
	pgid := cmd.Process.Pid
	track(pgid, true)
	defer track(pgid, false)
	killGroup := func() { killGroup(pgid) }

	var (
		stdout   bytes.Buffer
		overflow bool
		tail     = newTail(tailSize)
		readers  sync.WaitGroup
	)
	readers.Add(2)
	go func() {
		defer readers.Done()
		buf := make([]byte, 64<<10)
		for {
			n, err := outR.Read(buf)
			if n > 0 && !overflow {
				if int64(stdout.Len()+n) > maxOut {
					overflow = true
					killGroup()
				} else {
					stdout.Write(buf[:n])
				}
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		defer readers.Done()
		io.Copy(tail, errR)
	}()

	var stopped error // why we killed it, if we did
	select {
	case err = <-waited:
	case <-runCtx.Done():
		stopped = runCtx.Err()
		killGroup()
		err = <-waited
	}
	// The leader is gone; whatever it started goes too.
	killGroup()
	drained := make(chan struct{})
	go func() { readers.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(reapWait):
		outR.Close()
		errR.Close()
		<-drained
	}
	outR.Close()
	errR.Close()

	out := &Output{Stdout: stdout.Bytes(), Stderr: tail.lines(3, c.Noise)}
	if stopped != nil {
		if ctx.Err() != nil {
			e := fail(Interrupted, ctx.Err())
			e.Stderr = out.Stderr
			return out, e
		}
		e := fail(TimedOut, stopped)
		e.Timeout, e.Stderr = c.Timeout, out.Stderr
		return out, e
	}
	if overflow {
		e := fail(TooMuchOutput, nil)
		e.Limit, e.Stderr = maxOut, out.Stderr
		return out, e
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			e := fail(ExitStatus, err)
			e.Stderr = out.Stderr
			if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				e.Kind, e.Signal = Signaled, ws.Signal().String()
			} else {
				e.Status = exit.ExitCode()
			}
			return out, e
		}
		return out, fail(StartFailed, err)
	}
	return out, nil
}

// tail keeps the last bytes written to it.
type tail struct {
	mu   sync.Mutex
	size int
	buf  []byte
	cut  bool // bytes were dropped from the front
}

func newTail(size int) *tail { return &tail{size: size} }

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if len(p) >= t.size {
		p = p[len(p)-t.size:]
		t.buf = t.buf[:0]
		t.cut = true
	}
	if over := len(t.buf) + len(p) - t.size; over > 0 {
		t.buf = t.buf[over:]
		t.cut = true
	}
	t.buf = append(t.buf, p...)
	return n, nil
}

// lines returns the last n non-blank lines that are not noise, each cut to
// a readable length.
func (t *tail) lines(n int, noise func(string) bool) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	all := strings.Split(strings.ToValidUTF8(string(t.buf), "?"), "\n")
	if t.cut && len(all) > 0 {
		all = all[1:] // the first line lost its beginning
	}
	var keep []string
	for i := len(all) - 1; i >= 0 && len(keep) < n; i-- {
		line := strings.TrimSpace(strings.Map(func(r rune) rune {
			if r < ' ' && r != '\t' {
				return ' '
			}
			return r
		}, all[i]))
		if line == "" || (noise != nil && noise(line)) {
			continue
		}
		if r := []rune(line); len(r) > 200 {
			line = string(r[:197]) + "..."
		}
		keep = append(keep, line)
	}
	for i, j := 0, len(keep)-1; i < j; i, j = i+1, j-1 {
		keep[i], keep[j] = keep[j], keep[i]
	}
	return keep
}

package stt

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// On Linux an engine is started through a guard: starcoach itself, run
// again in guard mode, as the leader of the engine's process group. The
// kernel sends the guard SIGTERM when starcoach dies, however it dies
// (SIGKILL included), and the guard then kills the whole group: the engine
// and everything it started. The engine alone could be given that signal,
// but what it starts would not.

// guardEnv, set to "1", makes the process a guard; guardArgs hold the
// program's path, then its argv.
const guardEnv = "STARCOACH_ENGINE_GUARD"

// guardStatusFD is the guard's fd on which it reports a failure to start
// the engine; it is closed once the engine runs.
const guardStatusFD = 3

func init() {
	if os.Getenv(guardEnv) == "1" && len(os.Args) >= 3 {
		os.Exit(guard(os.Args[1], os.Args[2:]))
	}
}

// guarded rewrites cmd to run through the guard, returning the pipe on
// which a failure to start the engine is reported (nil when no guard can
// be used, and cmd runs the engine directly).
func guarded(cmd *exec.Cmd) (*os.File, *os.File) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil
	}
	cmd.Args = append([]string{exe, cmd.Path}, cmd.Args...)
	cmd.Path = exe
	cmd.Env = append(os.Environ(), guardEnv+"=1")
	cmd.ExtraFiles = []*os.File{w}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGTERM
	return r, w
}

// guard runs the engine and waits for it, killing its group when a signal
// comes, and ends the way the engine ended.
func guard(path string, argv []string) int {
	os.Unsetenv(guardEnv)
	status := os.NewFile(guardStatusFD, "status")
	syscall.CloseOnExec(guardStatusFD)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	cmd := &exec.Cmd{Path: path, Args: argv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if err := cmd.Start(); err != nil {
		fmt.Fprint(status, err.Error())
		return 127
	}
	status.Close()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-sigs:
		syscall.Kill(0, syscall.SIGKILL) // the whole group, this guard included
		select {}
	case <-waited:
	}
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ok && ws.Signaled() {
		// End by the same signal, so starcoach reports it as the engine's.
		signal.Reset(ws.Signal())
		syscall.Kill(os.Getpid(), ws.Signal())
		time.Sleep(time.Second)
		return 128 + int(ws.Signal())
	}
	return cmd.ProcessState.ExitCode()
}

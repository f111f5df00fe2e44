package stt

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/starcoach/starcoach/internal/proc"
)

// An engine runs in a process group of its own, so that stopping it stops
// whatever it started too. The groups still running are kept here, so
// that a starcoach forced to exit can end them first.
var running = struct {
	sync.Mutex
	groups map[int]bool
}{groups: map[int]bool{}}

// KillEngines kills every engine still running, with what it started. It
// is for a starcoach about to exit without its usual clean-up.
func KillEngines() {
	running.Lock()
	defer running.Unlock()
	for pgid := range running.groups {
		killGroup(pgid)
	}
}

func track(pgid int, on bool) {
	running.Lock()
	defer running.Unlock()
	if on {
		running.groups[pgid] = true
	} else {
		delete(running.groups, pgid)
	}
}

// startAndWait starts cmd and waits for it on a goroutine locked to its OS
// thread: on Linux the child's parent-death signal fires when the thread
// that started it ends, not the process, and the Go runtime may end a
// thread. The thread is kept until the child is gone.
func startAndWait(cmd *exec.Cmd) (error, <-chan error) {
	started := make(chan error, 1)
	waited := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		waited <- cmd.Wait()
	}()
	return <-started, waited
}

// scratchPrefix starts the name of every scratch folder, followed by the
// process id of the starcoach that made it, so that one left behind by a
// starcoach that was killed can be told from one still in use.
const scratchPrefix = "starcoach-stt-"

func scratchPattern() string { return scratchPrefix + strconv.Itoa(os.Getpid()) + "-*" }

// SweepScratch removes the scratch folders in dir ("" for the system's
// temporary folder) left by starcoach processes that no longer run: a
// starcoach killed with SIGKILL cannot remove its own. Folders of running
// processes, and anything not named like a scratch folder, are left alone.
func SweepScratch(dir string) {
	if dir == "" {
		dir = os.TempDir()
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, name := range names {
		rest, ok := strings.CutPrefix(name, scratchPrefix)
		if !ok {
			continue
		}
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || proc.Alive(pid) {
			continue
		}
		p := filepath.Join(dir, name)
		if st, err := os.Lstat(p); err == nil && st.IsDir() {
			os.RemoveAll(p)
		}
	}
}

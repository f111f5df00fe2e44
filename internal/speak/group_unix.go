//go:build unix

package speak

import (
	"os/exec"
	"syscall"
)

// inGroup runs cmd as the leader of its own process group and, when its
// context ends, kills the whole group.
func inGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

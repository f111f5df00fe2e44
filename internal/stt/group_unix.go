//go:build unix

package stt

import (
	"os/exec"
	"syscall"
)

// inGroup makes cmd the leader of a new process group.
func inGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

func killGroup(pgid int) { _ = syscall.Kill(-pgid, syscall.SIGKILL) }

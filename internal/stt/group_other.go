//go:build !unix

package stt

import (
	"os"
	"os/exec"
)

// inGroup does nothing where there are no Unix process groups: the engine
// alone is stopped.
func inGroup(*exec.Cmd) {}

func killGroup(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}

//go:build !linux

package stt

import (
	"os"
	"os/exec"
)

// guarded runs the engine directly: outside Linux there is no
// parent-death signal, and the engine's group is killed when starcoach
// stops it or exits through KillEngines.
func guarded(*exec.Cmd) (*os.File, *os.File) { return nil, nil }

//go:build unix

package proc

import (
	"errors"
	"syscall"
)

// Alive says whether a process with this id exists (one of another user's
// counts).
func Alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

//go:build unix

package analyze

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, on every thread: what a
// cost ratio is read from on a machine busy with other work, where
// elapsed times swing with the load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

//go:build !unix

package analyze

import "time"

var start = time.Now()

// cpuTime stands in with elapsed time where the process's CPU time is
// not at hand.
func cpuTime() time.Duration { return time.Since(start) }

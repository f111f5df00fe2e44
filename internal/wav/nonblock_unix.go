//go:build unix

package wav

import "syscall"

// nonBlock keeps Repair from waiting on a FIFO given where a file is
// expected; it is refused as not a regular file right after opening.
const nonBlock = syscall.O_NONBLOCK

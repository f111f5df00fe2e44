//go:build unix

package whispermodel

import "syscall"

// noFollow refuses to open a symbolic link planted where the partial
// download goes.
const noFollow = syscall.O_NOFOLLOW

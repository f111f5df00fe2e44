package vad

import (
	"os"
	"syscall"
	"unsafe"
)

// release tells the kernel that the embedded weights file's pages are no
// longer needed once decoded. They are part of the program's file, mapped
// from it and never written, so the kernel drops them from memory and
// would read them back from the file if they were touched again; without
// this the 1.2 MB stay resident beside their decoded copy for the life of
// the process. Only the whole pages inside b are given up; the pages at
// its ends may hold other variables. An error only means they stay.
func release(b []byte) {
	ps := os.Getpagesize()
	start := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b))) & uintptr(ps-1))
	if start >= len(b) {
		return
	}
	n := (len(b) - start) &^ (ps - 1)
	if n == 0 {
		return
	}
	_ = syscall.Madvise(b[start:start+n], syscall.MADV_DONTNEED)
}

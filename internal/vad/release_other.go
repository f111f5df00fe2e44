//go:build !linux

package vad

// release is a no-op where the pages cannot be given back (see
// release_linux.go).
func release([]byte) {}

//go:build !unix

package safefile

import "os"

// openNoBlock opens path. Outside Unix there are no FIFOs in the file
// system to block on; the type check after opening still refuses devices
// and folders.
func openNoBlock(path string) (*os.File, error) { return os.Open(path) }

func setBlocking(*os.File) error { return nil }

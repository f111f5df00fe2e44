//go:build !unix

package session

import "os"

// lockFile opens the lock file. Without flock there is no lock that the
// system releases when a process dies, so none is taken: one left by a
// crash would keep the session closed for good.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
}

//go:build !unix

package report

import "testing"

// makeFIFO says there is no FIFO to test with where the system has none.
func makeFIFO(t *testing.T, path string) bool { return false }

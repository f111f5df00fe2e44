//go:build !unix

package audio

// divertStderr runs f. Elsewhere than Unix the audio libraries do not
// write to the process's standard error.
func divertStderr(f func() error) ([]byte, error) { return nil, f() }

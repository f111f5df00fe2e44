//go:build !linux || !cgo

package audio

// Only Linux has ALSA.
func silenceALSA()  {}
func restoreALSA()  {}
func alsaComplain() {}

//go:build !amd64

package vad

func dot4(out *[4]float32, w []float32, stride int, x []float32) { dot4Generic(out, w, stride, x) }

//go:build !amd64

package vad

func dot4(out *[4]float32, w []float32, stride int, x []float32) { dot4Generic(out, w, stride, x) }

func dot4x2(out *[8]float32, w []float32, stride int, x0, x1 []float32) {
	dot4x2Generic(out, w, stride, x0, x1)
}

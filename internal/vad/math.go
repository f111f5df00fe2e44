package vad

import "math"

// The nonlinearities in float64: a few hundred a chunk, next to some
// 700,000 multiply-adds, so their cost does not matter and their
// precision is onnxruntime's or better.

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }

func tanh32(x float32) float32 { return float32(math.Tanh(float64(x))) }

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

// dotGeneric is the dot product of a and b[:len(a)], with eight running
// sums so that the additions do not wait on each other.
func dotGeneric(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(a); i += 8 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
		s4 += a[i+4] * b[i+4]
		s5 += a[i+5] * b[i+5]
		s6 += a[i+6] * b[i+6]
		s7 += a[i+7] * b[i+7]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// dot4Generic is dot4 with dotGeneric.
func dot4Generic(out *[4]float32, w []float32, stride int, x []float32) {
	for r := range 4 {
		out[r] = dotGeneric(w[r*stride:r*stride+len(x)], x)
	}
}

// dot4x2Generic is dot4x2 with dotGeneric.
func dot4x2Generic(out *[8]float32, w []float32, stride int, x0, x1 []float32) {
	for r := range 4 {
		out[r] = dotGeneric(w[r*stride:r*stride+len(x0)], x0)
		out[4+r] = dotGeneric(w[r*stride:r*stride+len(x0)], x1)
	}
}

package vad

import "math"

// The nonlinearities, 640 a chunk, in float32 through exp32: math.Exp and
// math.Tanh in float64 took a fifth of the time of the whole network.

func sigmoid(x float32) float32 { return 1 / (1 + exp32(-x)) }

// tanh32 is 1 - 2/(e^2x + 1): its error is absolute (at most a few 1e-8),
// which is what the LSTM's sums see.
func tanh32(x float32) float32 { return 1 - 2/(exp32(2*x)+1) }

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

// exp32 is e^x to within 2 units in the last place of a float32 (8e-8
// relative at worst against math.Exp, TestExp32), for x clamped to [-87, 88], where e^x
// is a normal float32: x = n·ln 2 + r with |r| <= ln 2 / 2, e^r by the
// polynomial of Cephes' expf, then the exponent field set to n. ln 2 is
// split in two so that n·ln2Hi is exact.
func exp32(x float32) float32 {
	const (
		log2e = 1.44269504088896341
		ln2Hi = 0.693359375
		ln2Lo = -2.12194440e-4
	)
	x = min(max(x, -87), 88)
	n := float32(math.Floor(float64(x*log2e + 0.5)))
	r := x - n*ln2Hi - n*ln2Lo
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	p = p*r*r + r + 1
	return p * math.Float32frombits(uint32(int32(n)+127)<<23)
}

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

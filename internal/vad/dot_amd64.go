package vad

import "golang.org/x/sys/cpu"

// hasFMA is whether dot4FMA can run here: x86-64 processors since 2013.
var hasFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dot4FMA is dot4's vector loop, in dot_amd64.s: eight multiply-adds an
// instruction, which the compiler does not do by itself. Reads
// w[:3*stride+n], x[:n] and writes out; n a multiple of 8.
//
//go:noescape
func dot4FMA(w *float32, stride int, x *float32, n int, out *[4]float32)

// dot4 writes to out the dot products of x with the four rows of w that
// start at 0, stride, 2*stride and 3*stride: four outputs of a layer for
// one load of their input.
func dot4(out *[4]float32, w []float32, stride int, x []float32) {
	w = w[:3*stride+len(x)]
	if !hasFMA || len(x) < 8 {
		dot4Generic(out, w, stride, x)
		return
	}
	n := len(x) &^ 7
	dot4FMA(&w[0], stride, &x[0], n, out)
	for r := range 4 {
		row := w[r*stride : r*stride+len(x)]
		for i := n; i < len(x); i++ {
			out[r] += row[i] * x[i]
		}
	}
}

// dot4x2FMA is dot4x2's vector loop, in dot_amd64.s. Reads
// w[:3*stride+n], x0[:n], x1[:n] and writes out; n a multiple of 8.
//
//go:noescape
func dot4x2FMA(w *float32, stride int, x0, x1 *float32, n int, out *[8]float32)

// dot4x2 is dot4 for two inputs of the same length at once: out[r] is
// row r's dot product with x0, out[4+r] with x1. Each weight is loaded
// once for both.
func dot4x2(out *[8]float32, w []float32, stride int, x0, x1 []float32) {
	w = w[:3*stride+len(x0)]
	x1 = x1[:len(x0)]
	if !hasFMA || len(x0) < 8 {
		dot4x2Generic(out, w, stride, x0, x1)
		return
	}
	n := len(x0) &^ 7
	dot4x2FMA(&w[0], stride, &x0[0], &x1[0], n, out)
	for r := range 4 {
		row := w[r*stride : r*stride+len(x0)]
		for i := n; i < len(x0); i++ {
			out[r] += row[i] * x0[i]
			out[4+r] += row[i] * x1[i]
		}
	}
}

package vad

import "golang.org/x/sys/cpu"

// hasFMA is whether dotFMA can run here: x86-64 processors since 2013.
var hasFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotFMA is dot's vector loop, in dot_amd64.s: eight products a
// multiply-add, which the compiler does not do by itself, about eight
// times as fast as dotGeneric. Reads a[:n] and b[:n], n a multiple of 8.
//
//go:noescape
func dotFMA(a, b *float32, n int) float32

// dot is the dot product of a and b[:len(a)].
func dot(a, b []float32) float32 {
	if !hasFMA || len(a) < 8 {
		return dotGeneric(a, b)
	}
	b = b[:len(a)]
	n := len(a) &^ 7
	s := dotFMA(&a[0], &b[0], n)
	for i := n; i < len(a); i++ {
		s += a[i] * b[i]
	}
	return s
}

package analyze

import "golang.org/x/sys/cpu"

// hasSums16Kernel is whether sums16AVX2 can run here: every x86-64
// processor since 2013.
var hasSums16Kernel = cpu.X86.HasAVX2

// sums16AVX2 is sums16's vector loop, in sums16_amd64.s: 16 samples at a
// time, which the compiler does not do by itself, about six times as fast
// as the plain loop. Reads x[:16*blocks].
//
//go:noescape
func sums16AVX2(x *int16, blocks int) (sq, lag uint64, peak uint16)

package analyze

import (
	"math/rand/v2"
	"testing"
)

// sums16Naive is sums16 as its doc comment says it, one sample at a time.
func sums16Naive(x []int16) (sq, lag int64, peak int32) {
	for i, v := range x {
		sq += int64(v) * int64(v)
		peak = max(peak, max(int32(v), -int32(v)))
		if i > 0 {
			lag += int64(x[i-1]) * int64(v)
		}
	}
	return sq, lag, peak
}

// TestSums16: the vector loop and the plain one give the exact sums for
// every length around its 16-sample steps, at the extremes where its
// 32-bit pair sums would overflow (every sample -32768, or alternating
// full scale), and on noise; and it reads no sample outside x.
func TestSums16(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	fill := map[string]func(i int) int16{
		"-32768":      func(int) int16 { return -32768 },
		"32767":       func(int) int16 { return 32767 },
		"alternating": func(i int) int16 { return []int16{-32768, 32767}[i%2] },
		"zero":        func(int) int16 { return 0 },
		"noise":       func(int) int16 { return int16(rng.Uint32()) },
		"quiet":       func(int) int16 { return int16(rng.IntN(21) - 10) },
	}
	for name, f := range fill {
		for n := 0; n <= 100; n++ {
			// Guard samples either side, which must not count.
			buf := make([]int16, n+2)
			buf[0], buf[n+1] = -32768, -32768
			x := buf[1 : n+1 : n+1]
			for i := range x {
				x[i] = f(i)
			}
			sq, lag, peak := sums16(x)
			wsq, wlag, wpeak := sums16Naive(x)
			if sq != wsq || lag != wlag || peak != wpeak {
				t.Fatalf("%s, %d samples: %d %d %d, want %d %d %d", name, n, sq, lag, peak, wsq, wlag, wpeak)
			}
		}
	}
	if !hasSums16Kernel {
		t.Log("no vector loop on this machine: the plain loop was tested alone")
	}
}

// FuzzSums16 compares sums16 with the one-sample-at-a-time sums on any
// samples.
func FuzzSums16(f *testing.F) {
	f.Add([]byte{0, 0x80, 0, 0x80, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, b []byte) {
		x := make([]int16, len(b)/2)
		for i := range x {
			x[i] = int16(uint16(b[2*i]) | uint16(b[2*i+1])<<8)
		}
		sq, lag, peak := sums16(x)
		wsq, wlag, wpeak := sums16Naive(x)
		if sq != wsq || lag != wlag || peak != wpeak {
			t.Fatalf("%d samples: %d %d %d, want %d %d %d", len(x), sq, lag, peak, wsq, wlag, wpeak)
		}
	})
}

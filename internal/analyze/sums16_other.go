//go:build !amd64

package analyze

const hasSums16Kernel = false

func sums16AVX2(x *int16, blocks int) (sq, lag uint64, peak uint16) {
	panic("sums16AVX2 is amd64 only")
}

#include "textflag.h"

// func sums16AVX2(x *int16, blocks int) (sq, lag uint64, peak uint16)
//
// For the 16*blocks samples from x (blocks > 0): sq is the sum of their
// squares, lag the sum of each one times the next one of them, each sum of
// two such products offset by lagBias, and peak their largest magnitude.
// See sums16.
TEXT ·sums16AVX2(SB), NOSPLIT, $0-34
	MOVQ x+0(FP), SI
	MOVQ blocks+8(FP), CX
	VPXOR Y8, Y8, Y8   // sq, even halves of the pair sums
	VPXOR Y9, Y9, Y9   // sq, odd halves
	VPXOR Y10, Y10, Y10 // lag, even halves
	VPXOR Y11, Y11, Y11 // lag, odd halves
	VPXOR Y12, Y12, Y12 // largest magnitudes
	VPCMPEQD Y7, Y7, Y7
	VPSRLQ $32, Y7, Y7 // the low 32 bits of each 64
	MOVL $0x7FFF0000, AX // lagBias
	MOVQ AX, X6
	VPBROADCASTD X6, Y6
	DECQ CX
	JZ last

loop:
	VMOVDQU (SI), Y0  // x[i:i+16]
	VMOVDQU 2(SI), Y1 // x[i+1:i+17]

	// x[i]² + x[i+1]², …: each at most 2^31, so exact as unsigned 32 bits,
	// added up in 64 bits.
	VPMADDWD Y0, Y0, Y2
	VPSRLQ $32, Y2, Y3
	VPAND Y7, Y2, Y2
	VPADDQ Y2, Y8, Y8
	VPADDQ Y3, Y9, Y9

	// x[i]x[i+1] + x[i+1]x[i+2], …: in [-2^31+2^16, 2^31], so exact as
	// unsigned 32 bits once lagBias is added.
	VPMADDWD Y1, Y0, Y2
	VPADDD Y6, Y2, Y2
	VPSRLQ $32, Y2, Y3
	VPAND Y7, Y2, Y2
	VPADDQ Y2, Y10, Y10
	VPADDQ Y3, Y11, Y11

	// |x[i]|, of which |-32768| reads as 32768 unsigned.
	VPABSW Y0, Y2
	VPMAXUW Y2, Y12, Y12

	ADDQ $32, SI
	DECQ CX
	JNZ loop

last:
	// The last block has no sample after it to load: x[i+1:i+16] is x[i:i+16]
	// moved down one sample, with a 0 after it.
	VMOVDQU (SI), Y0
	VPERM2I128 $0x81, Y0, Y0, Y3 // the upper half of Y0 in the lower, 0 above
	VPALIGNR $2, Y0, Y3, Y1

	VPMADDWD Y0, Y0, Y2
	VPSRLQ $32, Y2, Y3
	VPAND Y7, Y2, Y2
	VPADDQ Y2, Y8, Y8
	VPADDQ Y3, Y9, Y9

	VPMADDWD Y1, Y0, Y2
	VPADDD Y6, Y2, Y2
	VPSRLQ $32, Y2, Y3
	VPAND Y7, Y2, Y2
	VPADDQ Y2, Y10, Y10
	VPADDQ Y3, Y11, Y11

	VPABSW Y0, Y2
	VPMAXUW Y2, Y12, Y12

	VPADDQ Y9, Y8, Y8
	VEXTRACTI128 $1, Y8, X9
	VPADDQ X9, X8, X8
	VPSRLDQ $8, X8, X9
	VPADDQ X9, X8, X8
	MOVQ X8, sq+16(FP)

	VPADDQ Y11, Y10, Y10
	VEXTRACTI128 $1, Y10, X11
	VPADDQ X11, X10, X10
	VPSRLDQ $8, X10, X11
	VPADDQ X11, X10, X10
	MOVQ X10, lag+24(FP)

	VEXTRACTI128 $1, Y12, X13
	VPMAXUW X13, X12, X12
	VPSRLDQ $8, X12, X13
	VPMAXUW X13, X12, X12
	VPSRLDQ $4, X12, X13
	VPMAXUW X13, X12, X12
	VPSRLDQ $2, X12, X13
	VPMAXUW X13, X12, X12
	MOVQ X12, AX
	MOVW AX, peak+32(FP)
	VZEROUPPER
	RET

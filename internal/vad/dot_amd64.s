#include "textflag.h"

// func dot4FMA(w *float32, stride int, x *float32, n int, out *[4]float32)
//
// The dot products of x[:n] with the four rows w[r*stride:][:n], r = 0..3,
// n a multiple of 8: each eight samples of x loaded once for the four
// rows, one running sum of eight per row. The sums are added up in the
// same order as dot4x2FMA's, so either gives the same result for the same
// row and input to the last bit. See dot4.
TEXT ·dot4FMA(SB), NOSPLIT, $0-40
	MOVQ w+0(FP), SI
	MOVQ stride+8(FP), BX
	SHLQ $2, BX
	MOVQ x+16(FP), DI
	MOVQ n+24(FP), CX
	MOVQ out+32(FP), DX
	LEAQ (SI)(BX*1), R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

loop:
	CMPQ CX, $8
	JL sum
	VMOVUPS (DI), Y8
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS (R8), Y8, Y1
	VFMADD231PS (R9), Y8, Y2
	VFMADD231PS (R10), Y8, Y3
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	ADDQ $32, R10
	SUBQ $8, CX
	JMP loop

sum:
	// Pairwise sums: row 0's and 1's, then 2's and 3's, then the four
	// rows' in each half, then the two halves.
	VHADDPS Y1, Y0, Y0
	VHADDPS Y3, Y2, Y2
	VHADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VMOVUPS X0, (DX)
	VZEROUPPER
	RET

// func dot4x2FMA(w *float32, stride int, x0, x1 *float32, n int, out *[8]float32)
//
// dot4FMA for two inputs at once: out[r] is row r's dot product with
// x0[:n], out[4+r] with x1[:n]. Each eight weights loaded serve two
// multiply-adds, so six loads feed eight of them where dot4FMA needs ten.
// See dot4x2.
TEXT ·dot4x2FMA(SB), NOSPLIT, $0-48
	MOVQ w+0(FP), SI
	MOVQ stride+8(FP), BX
	SHLQ $2, BX
	MOVQ x0+16(FP), DI
	MOVQ x1+24(FP), R11
	MOVQ n+32(FP), CX
	MOVQ out+40(FP), DX
	LEAQ (SI)(BX*1), R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

loop:
	CMPQ CX, $8
	JL sum
	VMOVUPS (DI), Y8
	VMOVUPS (R11), Y9
	VMOVUPS (SI), Y10
	VMOVUPS (R8), Y11
	VMOVUPS (R9), Y12
	VMOVUPS (R10), Y13
	VFMADD231PS Y8, Y10, Y0
	VFMADD231PS Y8, Y11, Y1
	VFMADD231PS Y8, Y12, Y2
	VFMADD231PS Y8, Y13, Y3
	VFMADD231PS Y9, Y10, Y4
	VFMADD231PS Y9, Y11, Y5
	VFMADD231PS Y9, Y12, Y6
	VFMADD231PS Y9, Y13, Y7
	ADDQ $32, DI
	ADDQ $32, R11
	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	ADDQ $32, R10
	SUBQ $8, CX
	JMP loop

sum:
	// As in dot4FMA, for each input's four rows.
	VHADDPS Y1, Y0, Y0
	VHADDPS Y3, Y2, Y2
	VHADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VMOVUPS X0, (DX)
	VHADDPS Y5, Y4, Y4
	VHADDPS Y7, Y6, Y6
	VHADDPS Y6, Y4, Y4
	VEXTRACTF128 $1, Y4, X5
	VADDPS X5, X4, X4
	VMOVUPS X4, 16(DX)
	VZEROUPPER
	RET

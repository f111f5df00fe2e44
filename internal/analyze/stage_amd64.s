#include "textflag.h"

// func stageAVX(re, im, tr, ti *float32, m, half int)
//
// One radix-2 stage of fft on the m complex numbers re+i·im: in every
// block of 2·half, each a[k] and b[k] = a[k+half] become a[k] ± t[k]·b[k],
// with t[k] = tr[k] + i·ti[k]. Eight butterflies at a time when half is a
// multiple of 8, four when it is 4, with the scalar loop's operations in
// its order and no fused multiply-add, so that the results are the same
// bit for bit.
TEXT ·stageAVX(SB), NOSPLIT, $0-48
	MOVQ re+0(FP), SI
	MOVQ im+8(FP), DI
	MOVQ tr+16(FP), R8
	MOVQ ti+24(FP), R9
	MOVQ m+32(FP), CX
	MOVQ half+40(FP), DX
	SHLQ $2, CX // bytes
	SHLQ $2, DX
	XORQ AX, AX // the block's start, in bytes
	CMPQ DX, $16
	JEQ narrow

block:
	XORQ BX, BX // k, in bytes

lane:
	LEAQ (AX)(BX*1), R10  // a[k]
	LEAQ (R10)(DX*1), R11 // b[k]
	VMOVUPS (R8)(BX*1), Y0  // tr
	VMOVUPS (R9)(BX*1), Y1  // ti
	VMOVUPS (SI)(R11*1), Y2 // br
	VMOVUPS (DI)(R11*1), Y3 // bi
	VMULPS Y2, Y0, Y4       // tr·br
	VMULPS Y3, Y1, Y5       // ti·bi
	VSUBPS Y5, Y4, Y4       // xr = tr·br - ti·bi
	VMULPS Y3, Y0, Y6       // tr·bi
	VMULPS Y2, Y1, Y7       // ti·br
	VADDPS Y7, Y6, Y6       // xi = tr·bi + ti·br
	VMOVUPS (SI)(R10*1), Y8 // ar
	VMOVUPS (DI)(R10*1), Y9 // ai
	VADDPS Y4, Y8, Y10      // ar + xr
	VSUBPS Y4, Y8, Y11      // ar - xr
	VADDPS Y6, Y9, Y12      // ai + xi
	VSUBPS Y6, Y9, Y13      // ai - xi
	VMOVUPS Y10, (SI)(R10*1)
	VMOVUPS Y12, (DI)(R10*1)
	VMOVUPS Y11, (SI)(R11*1)
	VMOVUPS Y13, (DI)(R11*1)
	ADDQ $32, BX
	CMPQ BX, DX
	JLT lane
	LEAQ (AX)(DX*2), AX
	CMPQ AX, CX
	JLT block
	VZEROUPPER
	RET

narrow: // half = 4: one block of four butterflies at a time
	VMOVUPS (R8), X0 // tr
	VMOVUPS (R9), X1 // ti

narrowblock:
	LEAQ 16(AX), R11
	VMOVUPS (SI)(R11*1), X2
	VMOVUPS (DI)(R11*1), X3
	VMULPS X2, X0, X4
	VMULPS X3, X1, X5
	VSUBPS X5, X4, X4
	VMULPS X3, X0, X6
	VMULPS X2, X1, X7
	VADDPS X7, X6, X6
	VMOVUPS (SI)(AX*1), X8
	VMOVUPS (DI)(AX*1), X9
	VADDPS X4, X8, X10
	VSUBPS X4, X8, X11
	VADDPS X6, X9, X12
	VSUBPS X6, X9, X13
	VMOVUPS X10, (SI)(AX*1)
	VMOVUPS X12, (DI)(AX*1)
	VMOVUPS X11, (SI)(R11*1)
	VMOVUPS X13, (DI)(R11*1)
	ADDQ $32, AX
	CMPQ AX, CX
	JLT narrowblock
	VZEROUPPER
	RET

DATA halfps<>+0(SB)/4, $0x3f000000 // 0.5
GLOBL halfps<>(SB), RODATA|NOPTR, $4

// func powerAVX(re, im, cre, cim, wr, wi, p *float32, n int)
//
// The power of the real input's spectrum at n bins (a multiple of 8), from
// the transform Z = re+i·im at each bin and cre+i·cim at its mirror m-k,
// with the split's factors wr+i·wi: bandSums' arithmetic, in its order,
// eight bins at a time. Its -(zr-cr) is cr-zr here, which differs only in
// the sign of a zero, and no power sees that.
TEXT ·powerAVX(SB), NOSPLIT, $0-64
	MOVQ re+0(FP), SI
	MOVQ im+8(FP), DI
	MOVQ cre+16(FP), R8
	MOVQ cim+24(FP), R9
	MOVQ wr+32(FP), R10
	MOVQ wi+40(FP), R11
	MOVQ p+48(FP), R12
	MOVQ n+56(FP), CX
	SHLQ $2, CX
	XORQ AX, AX
	VBROADCASTSS halfps<>(SB), Y15

bins:
	VMOVUPS (SI)(AX*1), Y0 // zr
	VMOVUPS (DI)(AX*1), Y1 // zi
	VMOVUPS (R8)(AX*1), Y2 // cr
	VMOVUPS (R9)(AX*1), Y3 // -ci
	VADDPS Y2, Y0, Y4      // zr + cr
	VMULPS Y15, Y4, Y4     // er
	VSUBPS Y3, Y1, Y5      // zi + ci
	VMULPS Y15, Y5, Y5     // ei
	VADDPS Y3, Y1, Y6      // zi - ci
	VMULPS Y15, Y6, Y6     // or
	VSUBPS Y0, Y2, Y7      // cr - zr
	VMULPS Y15, Y7, Y7     // oi
	VMOVUPS (R10)(AX*1), Y8 // wr
	VMOVUPS (R11)(AX*1), Y9 // wi
	VMULPS Y6, Y8, Y10     // wr·or
	VADDPS Y10, Y4, Y10    // er + wr·or
	VMULPS Y7, Y9, Y11     // wi·oi
	VSUBPS Y11, Y10, Y10   // vr
	VMULPS Y7, Y8, Y12     // wr·oi
	VADDPS Y12, Y5, Y12    // ei + wr·oi
	VMULPS Y6, Y9, Y13     // wi·or
	VADDPS Y13, Y12, Y12   // vi
	VMULPS Y10, Y10, Y10
	VMULPS Y12, Y12, Y12
	VADDPS Y12, Y10, Y10   // vr² + vi²
	VMOVUPS Y10, (R12)(AX*1)
	ADDQ $32, AX
	CMPQ AX, CX
	JLT bins
	VZEROUPPER
	RET

DATA stepps<>+0(SB)/4, $0x38000000 // 1/32768
GLOBL stepps<>(SB), RODATA|NOPTR, $4

// func windowAVX2(x *int16, win *float32, out *float32, n int)
//
// out[i] = float32(x[i]) / 32768 · win[i] for n samples (a multiple of 8),
// eight at a time: window's loop on 16-bit samples, the same bit for bit
// (the scaling by a power of two is exact, the window's product rounded
// once, as there).
TEXT ·windowAVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ win+8(FP), DI
	MOVQ out+16(FP), R8
	MOVQ n+24(FP), CX
	VBROADCASTSS stepps<>(SB), Y15
	XORQ AX, AX // samples done

samples:
	VPMOVSXWD (SI)(AX*2), Y0
	VCVTDQ2PS Y0, Y0
	VMULPS Y15, Y0, Y0
	VMULPS (DI)(AX*4), Y0, Y0
	VMOVUPS Y0, (R8)(AX*4)
	ADDQ $8, AX
	CMPQ AX, CX
	JLT samples
	VZEROUPPER
	RET

DATA sigmaps<>+0(SB)/4, $0x40c00000 // minSigma: 6
DATA sigmaps<>+4(SB)/4, $0x40c00000
DATA sigmaps<>+8(SB)/4, $0x40c00000
DATA sigmaps<>+12(SB)/4, $0x40c00000
DATA sigmaps<>+16(SB)/4, $0x40c00000
DATA sigmaps<>+20(SB)/4, $0x40c00000
DATA sigmaps<>+24(SB)/4, $0x40c00000
DATA sigmaps<>+28(SB)/4, $0x40c00000
GLOBL sigmaps<>(SB), RODATA|NOPTR, $32

DATA capps<>+0(SB)/4, $0x40c00000 // capZ: 6
GLOBL capps<>(SB), RODATA|NOPTR, $4

// func zAVX(l, mean, vari, z *[numBands]float32)
//
// minSigma and capZ are written out above: TestEvidenceTopBands compares
// this with the constants.
// evidenceOf's standard deviations over the noise, band by band: bands 0
// to 7, then 2 to 9 (the overlap worked out twice, alike). The square root
// of a float32 rounded once is what rounding the float64 root gives, and
// no figure here is a NaN or a zero of either sign where max and min
// would differ from MAXPS and MINPS.
TEXT ·zAVX(SB), NOSPLIT, $0-32
	MOVQ l+0(FP), SI
	MOVQ mean+8(FP), DI
	MOVQ vari+16(FP), R8
	MOVQ z+24(FP), R9
	VMOVUPS sigmaps<>(SB), Y13
	VBROADCASTSS capps<>(SB), Y14
	VXORPS Y15, Y15, Y15
	XORQ AX, AX

half:
	VSQRTPS (R8)(AX*1), Y0
	VMAXPS Y13, Y0, Y0     // sd
	VMOVUPS (SI)(AX*1), Y1
	VSUBPS (DI)(AX*1), Y1, Y1 // l - mean
	VDIVPS Y0, Y1, Y1
	VMAXPS Y15, Y1, Y1
	VMINPS Y14, Y1, Y1
	VMOVUPS Y1, (R9)(AX*1)
	ADDQ $8, AX
	CMPQ AX, $16
	JLT half
	VZEROUPPER
	RET

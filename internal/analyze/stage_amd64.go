package analyze

import "golang.org/x/sys/cpu"

// hasStageKernel is whether stageAVX and powerAVX can run here: every
// x86-64 processor since 2011.
var hasStageKernel = cpu.X86.HasAVX

// stageAVX is a stage of laterStages whose blocks are 4 butterflies or a
// multiple of 8, in stage_amd64.s: four or eight at a time, which the
// compiler does not do by itself. Reads and writes re[:m] and im[:m], reads tr[:half]
// and ti[:half].
//
//go:noescape
func stageAVX(re, im, tr, ti *float32, m, half int)

// powerAVX is bandSumsVector's power of n bins, a multiple of 8, in
// stage_amd64.s. Reads n floats from each of re, im, cre, cim, wr and wi,
// writes n to p.
//
//go:noescape
func powerAVX(re, im, cre, cim, wr, wi, p *float32, n int)

// hasWindowKernel is whether windowAVX2 can run here.
var hasWindowKernel = cpu.X86.HasAVX2

// windowAVX2 is window's loop on 16-bit samples, n of them (a multiple
// of 8), in stage_amd64.s.
//
//go:noescape
func windowAVX2(x *int16, win *float32, out *float32, n int)

// zAVX is evidenceOf's figure for each of all numBands bands, in
// stage_amd64.s.
//
//go:noescape
func zAVX(l, mean, vari, z *[numBands]float32)

//go:build !amd64

package analyze

const hasStageKernel = false

func stageAVX(re, im, tr, ti *float32, m, half int) {
	panic("stageAVX is amd64 only")
}

func powerAVX(re, im, cre, cim, wr, wi, p *float32, n int) {
	panic("powerAVX is amd64 only")
}

const hasWindowKernel = false

func windowAVX2(x *int16, win *float32, out *float32, n int) {
	panic("windowAVX2 is amd64 only")
}

func zAVX(l, mean, vari, z *[numBands]float32) {
	panic("zAVX is amd64 only")
}

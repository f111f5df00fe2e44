package analyze

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// refBandEnergies is the spectrum of a frame as first written: every
// sample windowed into its bit-reversed place, then every stage of the
// transform in turn, each butterfly multiplied by its twiddle factor.
func refBandEnergies(p *spectrumPlan, x []float32, e *[numBands]float32) {
	m := p.n / 2
	re, im := make([]float32, m), make([]float32, m)
	from := max((len(x)-p.n)/2, 0)
	x = x[from:]
	for i, r := range p.rev {
		if j := 2 * i; j < len(x) {
			re[r] = x[j] * p.window[j]
		}
		if j := 2*i + 1; j < len(x) {
			im[r] = x[j] * p.window[j]
		}
	}
	for i := 0; i+1 < m; i += 2 {
		ar, ai, br, bi := re[i], im[i], re[i+1], im[i+1]
		re[i], im[i], re[i+1], im[i+1] = ar+br, ai+bi, ar-br, ai-bi
	}
	for i := 0; i+3 < m; i += 4 {
		r0, i0, r1, i1, r2, i2, r3, i3 := re[i], im[i], re[i+1], im[i+1], re[i+2], im[i+2], re[i+3], im[i+3]
		re[i], im[i], re[i+2], im[i+2] = r0+r2, i0+i2, r0-r2, i0-i2
		re[i+1], im[i+1], re[i+3], im[i+3] = r1+i3, i1-r3, r1-i3, i1+r3
	}
	off := 0
	for size := 8; size <= m; size *= 2 {
		half := size / 2
		for start := 0; start < m; start += size {
			for k := range half {
				tr, ti := p.twRe[off+k], p.twIm[off+k]
				a, b := start+k, start+k+half
				xr := tr*re[b] - ti*im[b]
				xi := tr*im[b] + ti*re[b]
				ur, ui := re[a], im[a]
				re[a], im[a] = ur+xr, ui+xi
				re[b], im[b] = ur-xr, ui-xi
			}
		}
		off += half
	}
	bandSums(p, re, im, e)
}

// TestBandEnergiesExact: the transform as bandEnergies does it, its first
// stages fused with the windowing and no multiplication by a twiddle
// factor of 1, gives bit for bit the band energies of the plain radix-2
// transform, at every rate's frame length, for whole and short frames,
// from floats and from 16-bit samples.
func TestBandEnergiesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, rate := range []int{8000, 16000, 22050, 44100, 48000} {
		frameLen := rate / 100
		p := planFor(rate, frameLen)
		w := newSpectrumWork(p)
		for trial := range 300 {
			n := frameLen
			if trial%10 == 9 {
				n = rng.IntN(frameLen)
			}
			ints := make([]int16, n)
			x := make([]float32, n)
			amp := math.Pow(10, -5*rng.Float64())
			for i := range x {
				v := amp * (math.Sin(float64(i)*0.3*float64(trial%7+1)) + rng.Float64() - 0.5)
				if trial%5 == 4 && i%3 == 0 {
					v = 0 // exact zeros
				}
				ints[i] = int16(max(-32768, min(32767, math.Round(v*32768))))
				x[i] = float32(ints[i]) / 32768
			}
			var want, got, got16 [numBands]float32
			refBandEnergies(p, x, &want)
			bandEnergies(w, x, unitScale, &got)
			bandEnergies(w, ints, scaleOf[int16](), &got16)
			if got != want || got16 != want {
				t.Fatalf("%d Hz, trial %d (%d samples): %v and %v from 16-bit, want %v", rate, trial, n, got, got16, want)
			}
		}
	}
}

// TestEvidenceTopBands: the evidence keeps the most outstanding bands as
// they come, from figures worked out eight bands at a time where the
// machine can (with minSigma and capZ written into stage_amd64.s); it
// must be what working each out in turn, sorting them and adding the
// largest gives, ties and all.
func TestEvidenceTopBands(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 20000 {
		bands := 1 + trial%numBands
		var l, mean, vari [numBands]float32
		for b := range bands {
			l[b] = float32(40 + rng.IntN(200))
			mean[b] = float32(40 + 200*rng.Float64())
			vari[b] = float32(400 * rng.Float64())
			if trial%5 == 1 {
				vari[b] = float32(rng.IntN(3)) // no spread at all, or under minSigma
			}
			if trial%3 == 0 {
				l[b] = mean[b] + float32(rng.IntN(4))*minSigma // ties
			}
		}
		z := make([]float32, bands)
		for b := range z {
			sd := max(sqrt32(vari[b]), minSigma)
			z[b] = min(max((l[b]-mean[b])/sd, 0), capZ)
		}
		if hasStageKernel && bands == numBands {
			var got [numBands]float32
			if zAVX(&l, &mean, &vari, &got); !slices.Equal(got[:], z) {
				t.Fatalf("bands %v over %v (variance %v): %v, want %v", l, mean, vari, got, z)
			}
		}
		slices.SortFunc(z, func(a, b float32) int { return cmp.Compare(b, a) })
		k := min(topBands, bands)
		var sum float32
		for _, v := range z[:k] {
			sum += v
		}
		want := level(min(sum/float32(k)*zScale+0.5, maxLevel))
		if got := evidenceOf(&l, &mean, &vari, bands); got != want {
			t.Fatalf("%d bands %v over %v (variance %v): %d, want %d", bands, l, mean, vari, got, want)
		}
	}
}

package audiotest

import "math"

// Envelope is the RMS level of each window of samples (mono), in full-scale
// units (0 to 1). A last partial window is dropped.
func Envelope(samples []int16, window int) []float64 {
	env := make([]float64, len(samples)/window)
	for i := range env {
		var sum float64
		for _, s := range samples[i*window : (i+1)*window] {
			v := float64(s) / 32768
			sum += v * v
		}
		env[i] = math.Sqrt(sum / float64(window))
	}
	return env
}

// Correlation is the Pearson correlation of two equally long series; 0 if
// either is constant.
func Correlation(a, b []float64) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	var ma, mb float64
	for i := range n {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(n)
	mb /= float64(n)
	var sab, saa, sbb float64
	for i := range n {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

// Locate finds where want starts inside got: the offset, in samples, at
// which the level envelope of got (in windows of step samples) best matches
// want's. It returns -1 if got is shorter than want.
func Locate(want, got []int16, step int) int {
	we, ge := Envelope(want, step), Envelope(got, step)
	best, bestCorr := -1, math.Inf(-1)
	for lag := 0; lag+len(we) <= len(ge); lag++ {
		if c := Correlation(we, ge[lag:lag+len(we)]); c > bestCorr {
			best, bestCorr = lag, c
		}
	}
	if best < 0 {
		return -1
	}
	// Refine to the sample within one step either side.
	coarse := best * step
	bestSample, bestCorr := coarse, math.Inf(-1)
	for off := max(coarse-step, 0); off <= coarse+step && off+len(want) <= len(got); off++ {
		if c := sampleCorrelation(want, got[off:off+len(want)]); c > bestCorr {
			bestSample, bestCorr = off, c
		}
	}
	return bestSample
}

func sampleCorrelation(a, b []int16) float64 {
	var sab, saa, sbb float64
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		sab += x * y
		saa += x * x
		sbb += y * y
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

// EnvelopeMatch aligns want inside got and returns the correlation of their
// 50 ms RMS envelopes over want's length, with the offset found; (0, -1) if
// got is too short to hold want.
func EnvelopeMatch(want, got []int16, rate int) (corr float64, offset int) {
	offset = Locate(want, got, max(rate/200, 1))
	if offset < 0 {
		return 0, -1
	}
	window := max(rate/20, 1)
	return Correlation(Envelope(want, window), Envelope(got[offset:offset+len(want)], window)), offset
}

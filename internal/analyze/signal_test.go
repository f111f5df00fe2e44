package analyze

import (
	"math"
	"math/rand/v2"
)

// Signals made in Go for the unit tests, whose every sample is known: a
// voiced sound (a fundamental with harmonics and some breath noise, its
// loudness swinging at a syllable rate like speech's) and silence. The
// accuracy tests use real speech instead.

const testRate = 16000

// voiced returns seconds of voice-like sound with an RMS of db dBFS.
func voiced(seconds, db float64, seed uint64) []float32 {
	n := int(math.Round(seconds * testRate))
	rng := rand.New(rand.NewPCG(seed, 7))
	f0 := 110 + 80*rng.Float64()
	syllable := 3 + 2*rng.Float64()
	x := make([]float64, n)
	var sumSq float64
	for i := range x {
		t := float64(i) / testRate
		v := 0.0
		for k := 1.0; k <= 12; k++ {
			v += math.Sin(2*math.Pi*f0*k*t+k) / k
		}
		v = 0.8*v + 0.3*(rng.Float64()*2-1)
		v *= 1 - 0.4*(0.5+0.5*math.Cos(2*math.Pi*syllable*t))
		x[i] = v
		sumSq += v * v
	}
	gain := math.Pow(10, db/20) / math.Sqrt(sumSq/float64(n))
	out := make([]float32, n)
	for i, v := range x {
		out[i] = float32(v * gain)
	}
	return out
}

// silence returns seconds of digital silence.
func silence(seconds float64) []float32 {
	return make([]float32, int(math.Round(seconds*testRate)))
}

// hiss returns seconds of white noise with an RMS of db dBFS.
func hiss(seconds, db float64, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 11))
	amp := math.Pow(10, db/20) * math.Sqrt(3)
	out := make([]float32, int(math.Round(seconds*testRate)))
	for i := range out {
		out[i] = float32(amp * (rng.Float64()*2 - 1))
	}
	return out
}

func join(parts ...[]float32) []float32 {
	var out []float32
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// mix adds b into a, sample by sample.
func mix(a, b []float32) []float32 {
	out := append([]float32{}, a...)
	for i := range min(len(a), len(b)) {
		out[i] += b[i]
	}
	return out
}

func analyze(x []float32, o Options) Result {
	o.SampleRate = testRate
	a := New(o)
	a.Feed(x)
	return a.Result()
}

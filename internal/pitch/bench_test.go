package pitch

import (
	"math"
	"math/rand/v2"
	"testing"
)

// answer is two minutes of a voice-like signal at 16 kHz: phrases of a
// gliding harmonic voice with pauses of breath noise between them.
func answer() []float32 {
	const rate = 16000
	rng := rand.New(rand.NewPCG(5, 6))
	x := harmonic(rate, 120, func(s float64) float64 { return 120 * math.Pow(2, 0.3*math.Sin(1.3*s)) })
	for i := range x {
		if s := float64(i) / rate; math.Mod(s, 4) > 3.2 {
			x[i] = float32(0.002 * rng.NormFloat64())
		}
	}
	return x
}

// BenchmarkTwoMinutes is the cost of tracking the pitch of a two-minute
// answer fed in blocks as a file is read. What it adds to analyze's pass
// is measured there, side by side (analyze's BenchmarkVoiceRatio).
func BenchmarkTwoMinutes(b *testing.B) {
	x := answer()
	b.SetBytes(int64(2 * len(x)))
	b.ReportAllocs()
	for b.Loop() {
		tr := New(DefaultOptions(16000))
		for i := 0; i < len(x); i += 8192 {
			tr.Feed(x[i:min(i+8192, len(x))])
		}
		_ = tr.Result()
	}
}

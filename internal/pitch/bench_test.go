package pitch

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
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

// BenchmarkRatio times the tracker and analyze on the same two minutes,
// one after the other in each round, and reports the fastest round of the
// tracker as a multiple of the fastest of analyze (x-analyze), which a
// busy machine disturbs least: under 1 keeps the analysis time of an
// answer under double.
func BenchmarkRatio(b *testing.B) {
	x := answer()
	tp, ta := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	for b.Loop() {
		start := time.Now()
		tr := New(DefaultOptions(16000))
		for i := 0; i < len(x); i += 8192 {
			tr.Feed(x[i:min(i+8192, len(x))])
		}
		_ = tr.Result()
		mid := time.Now()
		a := analyze.New(analyze.DefaultOptions())
		for i := 0; i < len(x); i += 8192 {
			a.Feed(x[i:min(i+8192, len(x))])
		}
		_ = a.Result()
		// The fastest round of each is the one least disturbed.
		tp = min(tp, mid.Sub(start))
		ta = min(ta, time.Since(mid))
	}
	b.ReportMetric(float64(tp)/float64(ta), "x-analyze")
}

// BenchmarkTwoMinutes is the cost of tracking the pitch of a two-minute
// answer next to the cost of analyze's timing analysis of it, both fed in
// the same blocks: the tracker must not double the analysis time. Read
// the ratio as pitch ns/op over analyze ns/op.
func BenchmarkTwoMinutes(b *testing.B) {
	x := answer()
	b.Run("pitch", func(b *testing.B) {
		b.SetBytes(int64(2 * len(x)))
		b.ReportAllocs()
		for b.Loop() {
			tr := New(DefaultOptions(16000))
			for i := 0; i < len(x); i += 8192 {
				tr.Feed(x[i:min(i+8192, len(x))])
			}
			_ = tr.Result()
		}
	})
	b.Run("analyze", func(b *testing.B) {
		b.SetBytes(int64(2 * len(x)))
		b.ReportAllocs()
		for b.Loop() {
			a := analyze.New(analyze.DefaultOptions())
			for i := 0; i < len(x); i += 8192 {
				a.Feed(x[i:min(i+8192, len(x))])
			}
			_ = a.Result()
		}
	})
}

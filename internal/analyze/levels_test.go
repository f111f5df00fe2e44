package analyze

import (
	"math"
	"testing"
)

func TestLevelOfMatchesLog10(t *testing.T) {
	for db := -130.0; db <= 3; db += 0.01 {
		ms := math.Pow(10, db/10)
		want := math.Round((db - FloorDBFS) * stepsPerDB)
		want = math.Max(0, math.Min(maxLevel, want))
		got := float64(levelOf(ms))
		// Only a value within a hair of a step's edge may round either way.
		if got != want && math.Abs(math.Mod((db-FloorDBFS)*stepsPerDB, 1)-0.5) > 0.02 {
			t.Fatalf("levelOf(%g dB) = %v, want %v", db, got, want)
		}
	}
	for _, ms := range []float64{0, -1, math.NaN(), math.Inf(1), 1e-300, 5e-324} {
		if l := levelOf(ms); l > maxLevel {
			t.Errorf("levelOf(%v) = %d, out of range", ms, l)
		}
	}
	if levelOf(0) != 0 || levelOf(1) != maxLevel || levelOf(math.Inf(1)) != maxLevel {
		t.Errorf("levelOf(0, 1, Inf) = %d, %d, %d", levelOf(0), levelOf(1), levelOf(math.Inf(1)))
	}
}

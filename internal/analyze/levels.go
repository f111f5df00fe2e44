package analyze

import "math"

// Levels are kept as one byte per frame in half-dB steps from FloorDBFS
// (0) to full scale (240). Half a dB is far finer than any decision made
// on them, and a byte per 10 ms frame is 360 kB an hour: four hours of
// recording fit in 1.4 MB, which is what lets the threshold be chosen with
// the whole recording in view (see Analyzer) without keeping its audio.
const (
	// FloorDBFS stands for digital silence, whose level would be -Inf.
	FloorDBFS  = -120.0
	stepsPerDB = 2
	maxLevel   = -FloorDBFS * stepsPerDB // 0 dBFS
)

type level = uint8

// levelOf encodes a mean square (power relative to full scale) as a level.
// It runs once per frame for each of two records, so it reads the base-2
// logarithm from the float's exponent and a table of its mantissa's top
// bits instead of calling math.Log10: accurate to a hundredth of a step.
func levelOf(meanSquare float64) level {
	if !(meanSquare > 0) { // also NaN
		return 0
	}
	bits := math.Float64bits(meanSquare)
	exp := int(bits>>52&0x7ff) - 1023
	v := float64(exp)*stepsPerOctave + log2Table[bits>>(52-log2Bits)&(1<<log2Bits-1)] - FloorDBFS*stepsPerDB
	switch {
	case v < 0.5:
		return 0
	case v >= maxLevel:
		return maxLevel
	}
	return level(v + 0.5)
}

const (
	log2Bits       = 10
	stepsPerOctave = 10 * stepsPerDB * 0.30102999566398120 // 10·log10(2) dB
)

// log2Table[i] is the level steps of the mantissa 1+(i+½)/1024.
var log2Table = func() (t [1 << log2Bits]float64) {
	for i := range t {
		t[i] = 10 * stepsPerDB * math.Log10(1+(float64(i)+0.5)/(1<<log2Bits))
	}
	return t
}()

// dbOf decodes a level to dBFS.
func dbOf(l level) float64 { return FloorDBFS + float64(l)/stepsPerDB }

// levelAt encodes dBFS, clamped to the range a level holds.
func levelAt(db float64) int {
	v := math.Round((db - FloorDBFS) * stepsPerDB)
	switch {
	case !(v > 0):
		return 0
	case v > maxLevel:
		return maxLevel
	}
	return int(v)
}

// dbfs turns an amplitude or RMS relative to full scale into dBFS, with
// FloorDBFS standing in for silence so that no -Inf reaches a report.
func dbfs(amplitude float64) float64 {
	if !(amplitude > 0) {
		return FloorDBFS
	}
	return math.Max(FloorDBFS, 20*math.Log10(amplitude))
}

// levelRecord is a histogram of the levels of every frame fed so far, for
// the percentile estimates, and, when keep is set, the level of each frame.
type levelRecord struct {
	keep   bool
	levels chunks[level]
	n      int
	hist   [maxLevel + 1]int64
}

func (r *levelRecord) add(l level) {
	if r.keep {
		r.levels.add(l)
	}
	r.n++
	r.hist[l]++
}

func (r *levelRecord) at(i int) level { return r.levels.at(i) }

// set changes the level of frame i, which must be kept.
func (r *levelRecord) set(i int, l level) {
	p := r.levels.ref(i)
	r.hist[*p]--
	r.hist[l]++
	*p = l
}

// percentile returns the level below which fraction p of the frames at or
// above level from lie.
func (r *levelRecord) percentile(p float64, from int) int {
	var total int64
	for l := from; l <= maxLevel; l++ {
		total += r.hist[l]
	}
	if total == 0 {
		return from
	}
	want := int64(math.Ceil(p * float64(total)))
	if want < 1 {
		want = 1
	}
	var seen int64
	for l := from; l <= maxLevel; l++ {
		seen += r.hist[l]
		if seen >= want {
			return l
		}
	}
	return maxLevel
}

// countFrom counts the frames at or above level from.
func (r *levelRecord) countFrom(from int) int64 {
	var n int64
	for l := max(from, 0); l <= maxLevel; l++ {
		n += r.hist[l]
	}
	return n
}

package pitch

import (
	"fmt"
	"math"
)

// Settings of the monotone judgement. A speaking voice's pitch moves over
// about an octave; the middle 80% of its voiced frames (10th to 90th
// percentile) span typically 5 to 10 semitones in engaged speech and 3 or
// fewer in a flat, read-out delivery. The boundary is MonotoneST; a range
// within MarginST of it is reported without a judgement, since the figure
// is not clear of it.
const (
	MonotoneST = 4.0
	MarginST   = 1.0
	// MinVoicedS is the voiced time needed before the range means
	// anything: a few words' worth of pitch says nothing of an answer.
	MinVoicedS = 5.0
)

// Verdicts.
const (
	Monotone = "monotone"
	Varied   = "varied"
)

// Result is the pitch of an answer.
type Result struct {
	VoicedS  float64 `json:"voiced_s"`
	MedianHz float64 `json:"median_hz"`
	// LowHz and HighHz are the 10th and 90th percentiles of the voiced
	// frames' pitch, and RangeST the semitones between them.
	LowHz   float64 `json:"low_hz"`
	HighHz  float64 `json:"high_hz"`
	RangeST float64 `json:"range_st"`
	// Verdict is Monotone or Varied, or empty with NotJudged saying why.
	Verdict   string `json:"verdict,omitempty"`
	NotJudged string `json:"not_judged,omitempty"`
	// Finding is the verdict in words, with the figure.
	Finding string `json:"finding,omitempty"`
}

// Result returns the pitch of what was fed so far.
func (t *Tracker) Result() Result { return t.hist.Result() }

// HopS is the time between two of the tracker's estimates.
func (t *Tracker) HopS() float64 { return float64(t.hop) / t.rate }

// Histogram counts voiced hops by their pitch, in tenth-semitone bins: all
// the judgement needs, whatever the length of the answer. A caller that
// keeps each hop's bin (see BinOf) can judge any part of an answer by
// adding only its hops.
type Histogram struct {
	HopS   float64 // seconds each hop stands for
	voiced int
	hist   [histST * binsPerST]int32
}

// Bins is the number of pitch bins: BinOf returns 0 to Bins-1.
const Bins = histST * binsPerST

// BinOf is the histogram bin of a pitch in Hz.
func BinOf(hz float64) int {
	bin := int(math.Round(12 * binsPerST * math.Log2(hz/histLowHz)))
	return min(max(bin, 0), Bins-1)
}

// HzOf is the pitch at the centre of bin.
func HzOf(bin int) float64 { return histLowHz * math.Pow(2, float64(bin)/(12*binsPerST)) }

// AddBin counts a voiced hop in bin.
func (h *Histogram) AddBin(bin int) {
	h.voiced++
	h.hist[min(max(bin, 0), Bins-1)]++
}

// Result judges the hops counted.
func (h *Histogram) Result() Result {
	r := Result{VoicedS: round(float64(h.voiced)*h.HopS, 10)}
	if h.voiced == 0 {
		r.NotJudged = "no voiced speech"
		return r
	}
	r.LowHz = round(h.percentile(0.1), 10)
	r.MedianHz = round(h.percentile(0.5), 10)
	r.HighHz = round(h.percentile(0.9), 10)
	r.RangeST = round(12*math.Log2(r.HighHz/r.LowHz), 10)
	switch {
	case r.VoicedS < MinVoicedS:
		r.NotJudged = fmt.Sprintf("only %.1f s of voiced speech; %.0f s are needed", r.VoicedS, MinVoicedS)
	case r.RangeST < MonotoneST-MarginST:
		r.Verdict = Monotone
		r.Finding = fmt.Sprintf("monotone: the pitch moved over %.1f semitones; engaged speech moves over %.0f or more", r.RangeST, MonotoneST+MarginST)
	case r.RangeST > MonotoneST+MarginST:
		r.Verdict = Varied
		r.Finding = fmt.Sprintf("the pitch moved over %.1f semitones", r.RangeST)
	default:
		r.NotJudged = fmt.Sprintf("the pitch moved over %.1f semitones, too close to the %.0f of a monotone to judge", r.RangeST, MonotoneST)
	}
	return r
}

// percentile is the pitch under which share q of the voiced hops fall,
// at the centre of its histogram bin.
func (h *Histogram) percentile(q float64) float64 {
	target := q * float64(h.voiced)
	n := 0.0
	for i, c := range h.hist {
		n += float64(c)
		if n >= target && c > 0 {
			return HzOf(i)
		}
	}
	return HzOf(Bins)
}

func round(x, to float64) float64 { return math.Round(x*to) / to }

package analyze

// The level gate. Spectral evidence says a frame stands out of its own
// room's noise; it cannot say whether the sound is the speaker. A chair, a
// breath or a voice in the next room, far under the speaker, stands out of
// a quiet room as clearly as a word does, and a deep silence between words
// can hold such sounds all through. So a frame may only be speech when its
// pre-emphasized level (see Analyzer) comes within gateDB of this
// recording's own speech level on that scale: the gate follows the speaker, not the
// room, so it holds at any distance from the microphone and any gain.
//
// The speech level is the one the level thresholds use (see
// floorAndSpeech): a high percentile of the frames that stand clear of the
// floor, near the speaker's vowels. The soft consonants of a word fall
// further under it than its vowels; gateSpread keeps a frame open when
// one near it passes, so that the gate shuts on silences, not inside
// words.
//
// The settings were chosen leave-one-source-out on real recordings with
// hand-made speech labels (see realspeech_test.go and
// scripts/pause-table.sh); tuning holds them so that the evaluation can
// try others on the same measurements.
type tuning struct {
	gateDB     float64 // how far under the speech level a frame may be speech
	gateSpread int     // frames either side that hold the gate open
}

// defaultTuning is the detector starcoach ships.
var defaultTuning = tuning{gateDB: 20, gateSpread: 3}

// gate shuts the frames whose pre-emphasized level, and that of every
// frame within spread of them, is under min.
type gate struct {
	level  frames // pre-emphasized levels, unsmoothed and ungated
	min    int
	spread int
}

func (g *gate) passes(i int) bool {
	for j := max(i-g.spread, 0); j <= min(i+g.spread, g.level.n-1); j++ {
		if g.level.raw(j) >= g.min {
			return true
		}
	}
	return false
}

// gated puts the gate on the evidence frames f, given the pre-emphasized
// frames fv, for an adaptive segmentation. The level that moves the ends
// of a stretch of speech out (see segmentHybrid) is not gated: the soft
// end of a final word, an "f" or an "s" 20 to 30 dB under its vowel, joins
// the word, while a sound on its own that far under the speaker no longer
// starts speech.
func (a *Analyzer) gated(f, fv frames) frames {
	if a.tune.gateDB <= 0 {
		return f
	}
	_, speech := floorAndSpeech(&a.voice)
	f.gate = &gate{level: fv, min: speech - levelSteps(a.tune.gateDB), spread: a.tune.gateSpread}
	return f
}

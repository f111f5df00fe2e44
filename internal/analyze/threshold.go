package analyze

import "math"

// How speech is told from silence. Speech is found by its spectral
// evidence (see spectrum.go): a frame is measured against the noise of
// its own recording, band by band, so the evidence thresholds are fixed
// (evidenceHigh, evidenceLow, in eighths of the noise's standard
// deviation). Where a stretch of speech begins and ends is then refined on
// the level of the pre-emphasized signal (see Analyzer) against
// thresholds that follow the recording, as below; a fixed --silence-db is
// compared with the plain level instead, and decides alone.
//
// The level thresholds:
//
// First estimate, from the histogram of levels alone (all Live uses): the
// noise floor is a low percentile of all frames (every answer has a
// lead-in, pauses and gaps between words, so at least that share of its
// frames is the room alone), and the speech level a high percentile of the
// frames that stand clear of it.
//
// Then, for Result, the room itself is measured: frames well away from
// anything loud enough to be certain speech are the room's noise, and the
// thresholds are put just over the loudest of them, so that a fan's or a
// hiss's own ups and downs are never taken for words while quiet speech
// still is. Speech starts where a frame reaches the upper threshold and goes
// on while frames stay above the lower one, so the fading ends of words and
// the soft consonants between loud ones stay inside the word; the closures
// of stop consonants and short breaths are bridged by the minimum gap.
const (
	noisePercentile  = 0.05
	standOutDB       = 6.0  // a frame this far over the floor is not the room
	speechPercentile = 0.90 // of the frames that stand out
	minContrastDB    = 8.0  // speech stands at least this far over the floor

	// The first estimate: a share of the way from floor to speech, kept
	// between a margin over the floor and a depth under the speech.
	riseShare    = 0.30
	minMarginDB  = 6.0
	maxMarginDB  = 20.0
	maxDepthDB   = 50.0 // the upper threshold is never deeper under the speech
	hysteresisDB = 4.0  // lower threshold = upper - this

	// The refined estimate: over this percentile of the room's own frames.
	roomPercentile = 0.995
	roomLowDB      = 1.0 // lower threshold over that percentile
	roomMinFrames  = 100 // a second of room, or keep the first estimate
	sureShare      = 0.5 // certain speech: half-way from floor to speech level
	sureMarginDB   = 6.0
	roomAwayS      = 0.3 // room frames are this far from certain speech

	quietSpeechDBFS = -42.0
	noisySpeechDB   = 15.0 // speech less than this over the floor: noisy

	// minVoicedRun is how many frames in a row over the upper threshold a
	// stretch of sound needs to count as speech: fewer is a click, a knock
	// on the desk or a keyboard, never a vowel.
	minVoicedRun = 3
	// minSoundFrames is the shortest sound that may join speech.
	minSoundFrames = 2

	// A frame whose evidence reaches evidenceHigh may start speech (three
	// standard deviations over the noise in the four bands that stand out
	// most), and speech goes on while it stays over evidenceLow.
	evidenceHigh = 3 * zScale
	evidenceLow  = 9 * zScale / 4
	// evidenceSmooth is how many frames either side a frame's evidence is
	// averaged with.
	evidenceSmooth = 1
	// fragmentReachS is how near speech a sound found only by its level
	// must be to join it: the closure of a stop before its burst.
	fragmentReachS = 0.25
)

// thresholds are the levels segmentation uses.
type thresholds struct {
	noise, speech int // noise floor and speech level
	high, low     int // speech starts at high, goes on above low
	speechFound   bool
	fixed         bool
}

// floorAndSpeech estimates the noise floor and the speech level from a
// record's histogram.
func floorAndSpeech(rec *levelRecord) (noise, speech int) {
	noise = rec.percentile(noisePercentile, 0)
	standOut := noise + levelSteps(standOutDB)
	if rec.countFrom(standOut) >= minVoicedRun {
		return noise, rec.percentile(speechPercentile, standOut)
	}
	return noise, rec.percentile(1, 0) // the loudest frame
}

// detector is the record segmentation reads: the pre-emphasized levels,
// or the plain ones that a fixed threshold in dBFS is meant for.
func (a *Analyzer) detector() *levelRecord {
	if a.opts.FixedSilence {
		return &a.plain
	}
	return &a.evidence
}

// roughThresholds is the first estimate, from the histogram alone.
func (a *Analyzer) roughThresholds() thresholds {
	if a.opts.FixedSilence {
		return a.roughThresholdsOf(a.detector())
	}
	var t thresholds
	t.noise, t.speech = floorAndSpeech(a.detector())
	t.high, t.low = evidenceHigh, evidenceLow
	t.speechFound = a.countEvidenceFrom(evidenceHigh) >= minVoicedRun
	return t
}

// countEvidenceFrom counts the frames whose evidence is at least high. In
// the first seconds the histogram holds the evidence each frame was given
// against the noise known when it came, which in a recording that starts
// with words is speech (see floorTracker.early): a recording shorter than
// that, all speech, would count none. The evidence segmentation reads is
// worked out again against all of those frames, and so is this count.
func (a *Analyzer) countEvidenceFrom(high int) int64 {
	if a.floors.n >= warmFrames {
		return a.evidence.countFrom(high)
	}
	var n int64
	for _, v := range a.floors.earlyEvidence() {
		if int(v) >= high {
			n++
		}
	}
	return n
}

// roughThresholdsOf is the first estimate of the level thresholds, from
// the histogram of rec alone.
func (a *Analyzer) roughThresholdsOf(rec *levelRecord) thresholds {
	var t thresholds
	t.noise, t.speech = floorAndSpeech(rec)
	if a.opts.FixedSilence {
		t.fixed = true
		t.high = levelAt(a.opts.SilenceDB)
		t.low = max(t.high-levelSteps(hysteresisDB), 0)
		t.speechFound = true // decided by the frames themselves
		return t
	}
	contrast := float64(t.speech-t.noise) / stepsPerDB
	t.speechFound = contrast >= minContrastDB
	margin := math.Min(math.Max(riseShare*contrast, minMarginDB), maxMarginDB)
	t.set(t.noise + levelSteps(margin))
	return t
}

// set puts the upper threshold at high, bounded by the speech level, and
// the lower one under it.
func (t *thresholds) set(high int) {
	t.high = max(high, t.speech-levelSteps(maxDepthDB))
	t.high = min(t.high, t.speech-levelSteps(hysteresisDB))
	t.low = max(t.high-levelSteps(hysteresisDB), t.noise+1, 0)
	t.low = min(t.low, t.high)
}

// refine measures the room: the frames farther than roomAwayS from any run
// of certain speech.
func (a *Analyzer) refine(t thresholds, f frames) thresholds {
	if t.fixed || !t.speechFound {
		return t
	}
	contrast := float64(t.speech-t.noise) / stepsPerDB
	sure := t.noise + levelSteps(math.Max(sureShare*contrast, sureMarginDB))
	away := int(math.Ceil(roomAwayS / f.seconds))

	var room [maxLevel + 1]int64
	var roomFrames int64
	lastSure := -away - 1 // last frame of certain speech
	next := 0             // the first frame not yet counted or passed over
	commit := func(upto int) {
		for ; next < upto; next++ {
			if next > lastSure+away {
				room[f.at(next)]++
				roomFrames++
			}
		}
	}
	run := 0
	for i := 0; i < f.n; i++ {
		if f.at(i) >= sure {
			run++
		} else {
			run = 0
		}
		if run >= minVoicedRun {
			lastSure = i
		}
		// A frame this far back can no longer be near certain speech
		// found later: the earliest frame a run still growing could
		// start at is i-minVoicedRun+2.
		commit(i - minVoicedRun + 2 - away)
	}
	commit(f.n)
	if roomFrames < roomMinFrames {
		return t
	}
	want := int64(math.Ceil(roomPercentile * float64(roomFrames)))
	var seen int64
	loud := 0
	for l := range room {
		seen += room[l]
		if seen >= want {
			loud = l
			break
		}
	}
	low := loud + levelSteps(roomLowDB)
	t.set(low + levelSteps(hysteresisDB))
	return t
}

func levelSteps(db float64) int { return int(math.Round(db * stepsPerDB)) }

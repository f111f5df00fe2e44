package analyze

import "math"

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
// The speech network (see net.go) then shuts what the level lets through
// and is not a voice: music, applause, a television, a door as loud as the
// speaker. Where the network is heeded, the level gate says only where a
// stretch of speech may start and what voices it: a voice fading out at
// the end of a phrase, far under its own vowels, goes on while the network
// hears it.
//
// The settings were chosen leave-one-source-out on real recordings with
// hand-made speech labels (see realspeech_test.go and
// scripts/pause-table.sh); tuning holds them so that the evaluation can
// try others on the same measurements.
type tuning struct {
	gateDB     float64 // how far under the speech level a frame may be speech
	gateSpread int     // frames either side that hold the gate open
	netThr     float64 // the network's probability from which a chunk is speech; 0: the network is not used
	netFall    float64 // once speech, a chunk stays speech down to netThr-netFall; 0: it must reach netThr
	netHang    int     // chunks either side of one it takes for speech that it holds open
	netEdge    int     // chunks past those over which the level may still move an edge out; -1: as far as it goes
}

// defaultTuning is the detector starcoach ships: chosen on all the
// hand-labelled sources of scripts/pause-table.sh (each source's own
// figures in that table are those of the settings chosen without it; the
// in-repo clips, labelled by the network, only check them).
var defaultTuning = tuning{gateDB: 20, gateSpread: 3, netThr: 0.5, netFall: 0.15, netHang: 2, netEdge: 2}

// gate shuts the frames whose pre-emphasized level, and that of every
// frame within spread of them, is under a minimum: one bit a frame, set
// where it is open, worked out once per result (an hour's is 45 kB).
type gate struct{ open []uint64 }

func newGate(level frames, min, spread int) *gate {
	g := &gate{open: make([]uint64, (level.n+63)/64)}
	last := -spread - 1 // the last frame at or over min so far
	for i := 0; i < level.n; i++ {
		if level.raw(i) >= min {
			last = i
		}
		if i-last <= spread {
			g.open[i/64] |= 1 << (i % 64)
		}
	}
	next := level.n + spread // the next frame at or over min
	for i := level.n - 1; i >= 0; i-- {
		if level.raw(i) >= min {
			next = i
		}
		if next-i <= spread {
			g.open[i/64] |= 1 << (i % 64)
		}
	}
	return g
}

func (g *gate) passes(i int) bool { return g.open[i/64]&(1<<(i%64)) != 0 }

// gated puts the gates on the evidence frames f, given the pre-emphasized
// frames fv, for an adaptive segmentation. The level that moves the ends
// of a stretch of speech out (see segmentHybrid) is not level-gated: the
// soft end of a final word, an "f" or an "s" 20 to 30 dB under its vowel,
// joins the word, while a sound on its own that far under the speaker no
// longer starts speech. The network bounds it too, a little past where it
// hears speech (netEdge), so that a noise next to a word does not join it.
// First and last word come from the same frames as every pause.
// plainSpeech is the speech level of the plain levels (see floorAndSpeech),
// which says whether the pitch tracker can hear a voice (voicedFrame).
func (a *Analyzer) gated(f, fv frames, plainSpeech int) (frames, frames) {
	var g *gate
	_, speech := floorAndSpeech(&a.voice)
	if a.tune.gateDB > 0 {
		g = newGate(fv, speech-levelSteps(a.tune.gateDB), a.tune.gateSpread)
	}
	if a.tune.netThr > 0 && a.net != nil {
		probs := a.net.all()
		ng := netGate(probs, f.n, a.frameLen, a.opts.SampleRate, a.tune.netThr, a.tune.netFall, a.tune.netHang)
		var deaf *gate
		if ng != nil {
			deaf = untrusted(ng, fv, speech-levelSteps(trustLoudDB), int(math.Round(trustS/f.seconds)), trustShare,
				int(math.Round(trustUnheardS/f.seconds)), a.voicedFrame(fv, plainSpeech))
		}
		if a.tune.netEdge >= 0 {
			fv.gate = netGate(probs, fv.n, a.frameLen, a.opts.SampleRate, a.tune.netThr, a.tune.netFall, a.tune.netHang+a.tune.netEdge).or(deaf)
		}
		if ng != nil {
			// Where the network is heeded it bounds speech, and the level
			// gate only says where speech may start (see eachRun): a voice
			// that fades far under its own vowels at the end of a phrase,
			// and that the network still hears, is still speech. Where the
			// network is set aside the level gate bounds speech, as it did
			// before the network.
			// fv.gate has deaf's bits already, so and may change deaf in
			// place.
			if deaf != nil && g != nil {
				deaf = deaf.and(g)
			}
			f.loud = g
			f.gate = ng.or(deaf)
			return f, fv
		}
	}
	f.gate = g
	return f, fv
}

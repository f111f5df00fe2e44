package analyze

import (
	"github.com/starcoach/starcoach/internal/resample"
	"github.com/starcoach/starcoach/internal/vad"
)

// The speech network. The spectral evidence and the level gate both ask
// how a sound stands against the room and the speaker; neither can tell a
// voice from music, applause or a door as loud as the voice. Silero's
// network (internal/vad) was trained to: it says, 32 ms at a time, how
// likely the audio is to hold speech. Here it only says where speech may
// be: a frame whose chunks, and those within netHang of them, the network
// does not take for speech is silence whatever its evidence. A chunk is
// speech from netThr, and, as in Silero's own code, stays speech after
// speech down to netThr-netFall: a voice trailing off at the end of a
// phrase is heard a little under what it takes to start one. Where a
// stretch of speech starts and ends is still the levels' to say (see
// segmentHybrid), at 10 ms.
//
// The network is not always right about the speaker in front of it: in a
// reverberant room it can take clear, loud speech for silence for seconds
// on end (a test clip across a room loses its first 7 s so). Loud frames,
// near this recording's speech level, are speech far more often than not;
// so the network is heeded only where, over trustS either side, it calls
// at least trustShare of them speech, and elsewhere the level alone
// decides, as it did before the network (see untrusted). Not where those
// loud frames are no voice, though: in a recording that holds little
// speech, the speech level is near its other sounds (a meeting room's
// rumble, a hand on the desk), which the network rightly does not hear.
// It is set aside only where it misses trustUnheardS of loud sound that
// the pitch tracker (see voice.go) finds voiced.
//
// How far the network is deaf is a property of the room and the
// microphone, and it holds over a long stretch; a loud sound that is not a
// voice (music, applause, a door) lasts a few seconds. So the window is
// long, and fixed, not chosen on the sources: over a few seconds such a
// sound is most of the loud frames and would set the network aside at the
// very place it is needed (a debate that opens on 2.5 s of music had its
// first word put at the music so, with a 5 s window). It is not the whole
// recording either: the network can lose a speaker partway through in the
// same room (an in-repo clip across a room, after 37 s of its 70), and a
// window of the whole recording then heeds it there (in-repo clips 0.917
// frame accuracy and 86/96 pauses real, against 0.943 and 89/93 at 20 s).
//
// The network wants 16 kHz. Audio at another rate is converted as it is
// fed (internal/resample), so any rate the analyzer takes is judged the
// same way; 8 kHz telephone audio has nothing above 4 kHz for it, which the
// network was also trained on.

// netBatch is the chunks the network takes together (see vad.Chunks):
// half a second.
const netBatch = 16

// netTrack runs the network over the audio in order. probs holds each
// whole chunk's probability in 1/240 steps, a byte a chunk (112 kB an
// hour), in a record that grows without copying itself; the chunks of a
// batch not yet full wait in buf, and Result works them out on a copy of
// the network's state.
type netTrack struct {
	det   *vad.Detector
	rs    *resample.Resampler // nil at 16 kHz
	buf   []float32           // 16 kHz samples not yet in probs
	conv  []float32           // one call's samples, scaled
	rsOut []float32           // and converted
	probs levelRecord
	out   [netBatch]float32
}

func newNetTrack(rate int) *netTrack {
	n := &netTrack{det: vad.New(), buf: make([]float32, 0, netBatch*vad.ChunkSize), probs: levelRecord{keep: true}}
	if rate != vad.SampleRate {
		rs, err := resample.New(rate, vad.SampleRate)
		if err != nil {
			return nil // a rate the converter cannot take: no network
		}
		n.rs = rs
	}
	return n
}

// netFeed adds samples in order.
func netFeed[S sample](n *netTrack, x []S, sc scale) {
	if n == nil || len(x) == 0 {
		return
	}
	if n.rs != nil {
		in := n.conv[:0]
		for _, v := range x {
			in = append(in, float32(v)*sc.inv)
		}
		n.conv = in
		n.rsOut = n.rs.Process(n.rsOut[:0], in)
		n.add16(n.rsOut)
		return
	}
	for len(x) > 0 {
		k := min(cap(n.buf)-len(n.buf), len(x))
		m := len(n.buf)
		n.buf = n.buf[:m+k]
		toUnit(n.buf[m:], x[:k], sc)
		x = x[k:]
		n.flushFull()
	}
}

// add16 adds samples at 16 kHz.
func (n *netTrack) add16(x []float32) {
	for len(x) > 0 {
		k := min(cap(n.buf)-len(n.buf), len(x))
		n.buf = append(n.buf, x[:k]...)
		x = x[k:]
		n.flushFull()
	}
}

func (n *netTrack) flushFull() {
	if len(n.buf) == cap(n.buf) {
		n.det.Chunks(n.out[:], n.buf)
		for _, v := range n.out {
			n.probs.add(probStep(v))
		}
		n.buf = n.buf[:0]
	}
}

// probStep is a probability in steps of 1/maxLevel, so that a levelRecord
// holds it.
func probStep(v float32) uint8 { return uint8(v*maxLevel + 0.5) }

// chunkProbs is every whole chunk's probability: those kept, then the
// rest.
type chunkProbs struct {
	kept *levelRecord
	tail []uint8
}

func (p chunkProbs) n() int { return p.kept.n + len(p.tail) }

func (p chunkProbs) at(k int) uint8 {
	if k < p.kept.n {
		return p.kept.at(k)
	}
	return p.tail[k-p.kept.n]
}

// all is the probability of every whole chunk fed so far; it does not
// change the track.
func (n *netTrack) all() chunkProbs {
	p := chunkProbs{kept: &n.probs}
	if whole := len(n.buf) / vad.ChunkSize; whole > 0 {
		d := *n.det
		var out [netBatch]float32
		d.Chunks(out[:whole], n.buf[:whole*vad.ChunkSize])
		for _, v := range out[:whole] {
			p.tail = append(p.tail, probStep(v))
		}
	}
	return p
}

// end works out the whole chunks still waiting and lets go of the
// network and its buffers: no audio follows. all is the same after it.
func (n *netTrack) end() {
	if n == nil {
		return
	}
	p := n.all()
	for _, v := range p.tail {
		n.probs.add(v)
	}
	n.det, n.rs, n.buf, n.conv, n.rsOut = nil, nil, nil, nil, nil
}

// netGate opens the frames (of frameLen samples at rate) near a chunk the
// network takes for speech, within hang chunks. A chunk at or over thr is
// speech; with fall > 0, so is one that follows speech and is at or over
// thr-fall (Silero's own rule for where speech ends, 0.15 in its code: a
// voice trailing off is heard a little under the level that starts it).
// Frames past the last whole chunk take the last one's word. nil when
// there is no chunk.
func netGate(probs chunkProbs, nFrames, frameLen, rate int, thr, fall float64, hang int) *gate {
	nc := probs.n()
	if nc == 0 || nFrames == 0 {
		return nil
	}
	lo, stay := probStep(float32(thr)), probStep(float32(thr))
	if fall > 0 {
		stay = probStep(float32(max(thr-fall, 0)))
	}
	// speech: the chunks the network takes for speech; a bit a chunk.
	speech := &gate{open: make([]uint64, (nc+63)/64)}
	on := false
	for k := range nc {
		p := probs.at(k)
		on = p >= lo || (on && p >= stay)
		if on {
			speech.open[k/64] |= 1 << (k % 64)
		}
	}
	// open: a chunk within hang of this one is speech.
	open := &gate{open: make([]uint64, (nc+63)/64)}
	last := -hang - 1
	for k := range nc {
		if speech.passes(k) {
			last = k
		}
		if k-last <= hang {
			open.open[k/64] |= 1 << (k % 64)
		}
	}
	next := nc + hang
	for k := nc - 1; k >= 0; k-- {
		if speech.passes(k) {
			next = k
		}
		if next-k <= hang {
			open.open[k/64] |= 1 << (k % 64)
		}
	}
	g := &gate{open: make([]uint64, (nFrames+63)/64)}
	for i := range nFrames {
		// The chunk holding the frame's centre, in 16 kHz samples.
		c := (int64(i)*int64(frameLen) + int64(frameLen)/2) * vad.SampleRate / int64(rate)
		if open.passes(min(int(c/vad.ChunkSize), nc-1)) {
			g.open[i/64] |= 1 << (i % 64)
		}
	}
	return g
}

// or opens the frames either gate opens; nil (no gate) opens all.
func (g *gate) or(o *gate) *gate {
	if g == nil || o == nil {
		return g
	}
	for i := range g.open {
		g.open[i] |= o.open[i]
	}
	return g
}

// trustS is how far either side the network's agreement with the level is
// counted (see the comment at the top).
const trustS = 20

// trustShare is the share of the loud frames near it that the network
// must call speech to be heeded (see the comment at the top). It is not
// chosen with the other settings: on the recordings people labelled (see
// scripts/pause-table.sh) none has loud speech the network is deaf to,
// and 40, 50 and 60% score the same there. It stays at the 60% chosen
// before on the in-repo clips, where the network loses a speaker across a
// reverberant room (at 40% their pauses reported are 56/65 real, at 60%
// 58/61).
const trustShare = 0.6

// trustUnheardS is how much voice, near it, the network must fail to hear
// before the level is heeded instead: a speaker it has lost for a word or
// two. A laugh, a cough, a hum or a murmur across a meeting room, loud
// against a recording that holds little speech, is voiced here and there
// but does not add up to that; set aside on those, the network took a
// meeting's rumble for 25 s of speech. See the benchmarks' notes for the
// recordings this was set on.
const trustUnheardS = 1.0

// trustLoudDB: frames within this of the speech level are the ones the
// network is checked on (the speech level is a high percentile of the
// frames, near the vowels; 6 dB under it is still a vowel, not a room).
const trustLoudDB = 6

// untrusted opens the frames near which the network disagrees with the
// level: of the frames within win of one whose pre-emphasized level (fv)
// is at or over loud, under share are open in ng, and at least unheard of
// them are voiced (voiced) and shut in ng. With voiced nil there is no
// voice to go by, and the share alone sets the network aside, as it did
// before the voice was asked for. A running count over the window: one
// pass, no memory per frame beyond the gate's bit.
func untrusted(ng *gate, fv frames, loud, win int, share float64, unheard int, voiced func(int) bool) *gate {
	if voiced == nil {
		voiced, unheard = func(int) bool { return true }, 0
	}
	n := fv.n
	isLoud := func(i int) bool { return fv.raw(i) >= loud }
	out := &gate{open: make([]uint64, (n+63)/64)}
	var nLoud, nAgree, nUnheard int
	add := func(i, d int) {
		if i < 0 || i >= n || !isLoud(i) {
			return
		}
		nLoud += d
		switch {
		case ng.passes(i):
			nAgree += d
		case voiced(i):
			nUnheard += d
		}
	}
	for i := 0; i < win && i < n; i++ {
		add(i, 1)
	}
	for i := 0; i < n; i++ {
		add(i+win, 1)
		add(i-win-1, -1)
		if nLoud > 0 && float64(nAgree) < share*float64(nLoud) && nUnheard >= unheard {
			out.open[i/64] |= 1 << (i % 64)
		}
	}
	return out
}

// voicedFrame tells whether the pitch tracker found a voice at frame i of
// f; nil when it cannot tell. The tracker does not search hops under
// pitch.Options.MinLevel, so in a recording whose speech level (of the
// plain levels, plainSpeech) is under it (speech far from the microphone,
// the gain low) it hears no voice at all; nor is there one without the
// voice over time (Options.NoVoice, for benchmarks of the timing alone).
func (a *Analyzer) voicedFrame(f frames, plainSpeech int) func(int) bool {
	v := a.voiceT
	if v == nil {
		return nil
	}
	if plainSpeech < int(levelOf(v.minLevel*v.minLevel)) {
		return nil
	}
	return func(i int) bool { return v.voiced((float64(i) + 0.5) * f.seconds) }
}

// and shuts the frames either gate shuts; nil (no gate) shuts none.
func (g *gate) and(o *gate) *gate {
	if g == nil {
		return o
	}
	if o == nil {
		return g
	}
	for i := range g.open {
		g.open[i] &= o.open[i]
	}
	return g
}

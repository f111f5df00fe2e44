package analyze

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGateSpread: a frame is open when it, or a frame within the spread
// of it, reaches the minimum; the recording's ends are no exception.
func TestGateSpread(t *testing.T) {
	rec := levelRecord{keep: true}
	for _, v := range []level{9, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 12} {
		rec.add(v)
	}
	f := frames{n: rec.n, stored: &rec}
	g := newGate(f, 10, 2)
	want := "..ooooo..ooo"
	if got := g.String(f.n); got != want {
		t.Errorf("open %s, want %s", got, want)
	}
}

// TestUntrusted: the network is set aside where, within the window, it
// calls under the share of the loud frames speech, and heeded elsewhere,
// including where nothing is loud.
func TestUntrusted(t *testing.T) {
	// Levels: L loud, q quiet. Network: o speech, . not.
	lv := "LLLLqqqqqqqqLLLLLLqqq"
	nt := "oooo........o.....ooo"
	rec := levelRecord{keep: true}
	ng := &gate{open: make([]uint64, 1)}
	for i := range lv {
		v := level(0)
		if lv[i] == 'L' {
			v = 10
		}
		rec.add(v)
		if nt[i] == 'o' {
			ng.open[0] |= 1 << i
		}
	}
	f := frames{n: rec.n, stored: &rec}
	g := untrusted(ng, f, 10, 2, 0.5, 0, func(int) bool { return true })
	// Frame 11 sees 9 to 13: two loud frames, one called speech, half;
	// frame 12 one of three; frame 19 sees one loud frame, not speech;
	// frame 20 none.
	want := "............oooooooo."
	if got := g.String(f.n); got != want {
		t.Errorf("set aside %s, want %s", got, want)
	}
	// Without a voice to go by (nil), the share alone decides.
	if got := untrusted(ng, f, 10, 2, 0.5, 5, nil).String(f.n); got != want {
		t.Errorf("with no voice to go by: set aside %s, want %s", got, want)
	}
}

// TestUntrustedNeedsAVoiceItMisses: the network is set aside only where,
// within the window, at least so many loud frames it does not hear are
// voiced; loud sound that is no voice leaves it heeded.
func TestUntrustedNeedsAVoiceItMisses(t *testing.T) {
	// Levels: L loud, q quiet; voiced: v. The network hears nothing.
	lv := "LLLLLqqqqqqqqqqLLLLL"
	vc := "..v........vv.v..vv."
	rec := levelRecord{keep: true}
	for i := range lv {
		v := level(0)
		if lv[i] == 'L' {
			v = 10
		}
		rec.add(v)
	}
	ng := &gate{open: make([]uint64, 1)}
	f := frames{n: rec.n, stored: &rec}
	voiced := func(i int) bool { return vc[i] == 'v' }
	// The voiced loud frames are 2, 17 and 18. Within 3 frames either
	// side, frames 8 to 11 see nothing loud; 0 to 5 see frame 2; 14 sees
	// 17, and 15 to 19 see 17 and 18.
	for _, c := range []struct {
		unheard int
		want    string
	}{
		{0, "oooooooo....oooooooo"},
		{1, "oooooo........oooooo"},
		{2, "...............ooooo"},
		{3, "...................."},
	} {
		g := untrusted(ng, f, 10, 3, 0.5, c.unheard, voiced)
		if got := g.String(f.n); got != c.want {
			t.Errorf("needing %d voiced frames unheard: set aside %s, want %s", c.unheard, got, c.want)
		}
	}
}

// String shows the first n frames of g, o where it is open.
func (g *gate) String(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '.'
		if g.passes(i) {
			b[i] = 'o'
		}
	}
	return string(b)
}

// runsOf is the runs eachRun finds, in a list.
func runsOf(t thresholds, f frames) []span {
	var spans []span
	eachRun(t, f, func(s span) { spans = append(spans, s) })
	return spans
}

// segmentHybridListed is segmentHybrid as it was with its cores kept in a
// list: segmentHybrid takes them one at a time and must find the same.
func (a *Analyzer) segmentHybridListed(t thresholds, f frames, tv thresholds, fv frames) []span {
	cores := runsOf(t, f)
	if len(cores) == 0 {
		return nil
	}
	// The evidence of a frame is measured over it and the ones before it
	// (see spectrumWork.levelsOf), so a sound's evidence lasts that much
	// after it: the frame levels below say where it really ends.
	for i := range cores {
		c := &cores[i]
		c.first = min(c.first+f.smooth, c.last)
		c.last = max(c.last-f.smooth-(bandSpan-1), c.first)
	}
	minGap := a.minGapFrames(f)
	var spans []span
	if !tv.speechFound {
		for _, c := range cores {
			spans = joinSpan(spans, c, minGap)
		}
		return voicedOnly(spans)
	}
	// Sounds that the level finds and the spectrum does not may join
	// speech; on their own they are not speech. Both lists come in order
	// and are merged as they come.
	near := int(math.Round(fragmentReachS / f.seconds))
	k, next := 0, 0 // the first core not before the sound; the first not yet joined
	eachRun(tv, fv, func(s span) {
		for k < len(cores) && cores[k].last < s.first {
			k++
		}
		ok := k < len(cores) && cores[k].first-s.last <= near // near the next or overlapping it
		ok = ok || k > 0 && s.first-cores[k-1].last <= near
		if !ok {
			return
		}
		for ; next < len(cores) && cores[next].first <= s.first; next++ {
			spans = joinSpan(spans, cores[next], minGap)
		}
		s.voiced = 0
		spans = joinSpan(spans, s, minGap)
	})
	for ; next < len(cores); next++ {
		spans = joinSpan(spans, cores[next], minGap)
	}
	return voicedOnly(spans)
}

// TestSegmentHybridMatchesListedCores: segmentHybrid merges the cores as
// they come, one at a time; on frames of every pattern it finds what the
// list of them found.
func TestSegmentHybridMatchesListedCores(t *testing.T) {
	a := New(DefaultOptions())
	rng := rand.New(rand.NewPCG(20, 1))
	for trial := range 300 {
		n := 200 + rng.IntN(3000)
		ev, lv := levelRecord{keep: true}, levelRecord{keep: true}
		// Runs of random length and level, so that sounds overlap cores,
		// fall near them and far from them.
		for ev.n < n {
			v, w := level(rng.IntN(60)), level(rng.IntN(60))
			for range 1 + rng.IntN(40) {
				ev.add(v)
				lv.add(w)
			}
		}
		smooth := rng.IntN(3)
		f := frames{n: ev.n, stored: &ev, seconds: 0.01, smooth: smooth}
		fv := frames{n: lv.n, stored: &lv, seconds: 0.01}
		t1 := thresholds{speechFound: true, low: 20, high: 40}
		tv := thresholds{speechFound: trial%10 != 0, low: 15 + rng.IntN(20), high: 45}
		got := a.segmentHybrid(t1, f, tv, fv)
		want := a.segmentHybridListed(t1, f, tv, fv)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: spans %v, want %v", trial, got, want)
		}
	}
}

// TestLevelGateStartsSpeechOnly: where the network bounds speech, a frame
// the level gate shuts may go on a stretch of speech (a voice fading at
// the end of a phrase) but neither start one nor count as its voicing; a
// sound the level gate shuts all through is no speech.
func TestLevelGateStartsSpeechOnly(t *testing.T) {
	// Evidence: H over the upper threshold, l over the lower, . under.
	// Level gate: o open.
	ev := "..llHHHHHllll....HHHH..llll..."
	lg := "....oooo.........................."[:len(ev)]
	rec := levelRecord{keep: true}
	loud := &gate{open: make([]uint64, 1)}
	for i := range ev {
		v := level(0)
		switch ev[i] {
		case 'H':
			v = 50
		case 'l':
			v = 20
		}
		rec.add(v)
		if lg[i] == 'o' {
			loud.open[0] |= 1 << i
		}
	}
	f := frames{n: rec.n, stored: &rec, seconds: 0.01, loud: loud}
	runs := runsOf(thresholds{speechFound: true, low: 10, high: 40}, f)
	// The run starts where the gate opens (frame 4, not 2), goes on to
	// the end of its sound (12) and is voiced by the frames the gate lets
	// through (4 to 7, not 8); the loud sound at 17 and the quiet one at
	// 23, the gate shut all through, start nothing.
	if len(runs) != 1 {
		t.Fatalf("runs %+v, want one", runs)
	}
	if r := runs[0]; r.first != 4 || r.last != 12 || r.voiced != 4 {
		t.Errorf("run %+v, want frames 4 to 12, 4 voiced", r)
	}
}

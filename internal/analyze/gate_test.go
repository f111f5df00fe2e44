package analyze

import "testing"

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
	g := untrusted(ng, f, 10, 2, 0.5)
	// Frame 11 sees 9 to 13: two loud frames, one called speech, half;
	// frame 12 one of three; frame 19 sees one loud frame, not speech;
	// frame 20 none.
	want := "............oooooooo."
	if got := g.String(f.n); got != want {
		t.Errorf("set aside %s, want %s", got, want)
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

// runsOf keeps the runs in a list of exactly their number: a long
// recording's tens of thousands of runs must not hold a grown list's
// spare half (and, while it grew, the copy before it).
func TestRunsOfKeepsAListOfTheirSize(t *testing.T) {
	rec := levelRecord{keep: true}
	for i := range 100_000 {
		if i%20 < 10 {
			rec.add(50) // ten frames of sound, then ten of silence
		} else {
			rec.add(0)
		}
	}
	f := frames{n: rec.n, stored: &rec, seconds: 0.01}
	runs := runsOf(thresholds{speechFound: true, low: 10, high: 40}, f)
	if len(runs) != 5000 || cap(runs) != len(runs) {
		t.Fatalf("%d runs in a list of %d, want 5000 in 5000", len(runs), cap(runs))
	}
	if r := runs[1]; r.first != 20 || r.last != 29 || r.voiced != 10 {
		t.Errorf("second run %+v, want frames 20 to 29, all voiced", r)
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

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

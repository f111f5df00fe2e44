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
	got := ""
	for i := range f.n {
		if g.passes(i) {
			got += "o"
		} else {
			got += "."
		}
	}
	if got != want {
		t.Errorf("open %s, want %s", got, want)
	}
}

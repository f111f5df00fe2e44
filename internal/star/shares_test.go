package star

import "testing"

func TestSharesByLabel(t *testing.T) {
	r := Result{Sections: []Section{{Label: S, Share: 0.1}, {Label: A, Share: 0.6}, {Label: R, Share: 0.3}}}
	if got, want := r.Shares(), [4]float64{0.1, 0, 0.6, 0.3}; got != want {
		t.Errorf("Shares() = %v, want %v", got, want)
	}
}

package timefmt

import (
	"errors"
	"math"
	"testing"
)

func TestFlag(t *testing.T) {
	var v float64
	f := NewFlag(&v, 120, 1, 3600, false)
	if v != 120 || f.String() != "2:00" || f.Type() != "time" {
		t.Fatalf("default %v shown %q", v, f.String())
	}
	for _, tc := range []struct {
		in   string
		want float64
		err  string
	}{
		{"90", 90, ""},
		{"1:30", 90, ""},
		{"1m30s", 90, ""},
		{"0.5", 0, "0.5 is out of range: use 1s to 1:00:00"},
		{"0", 0, "0 is out of range: use 1s to 1:00:00"},
		{"2h", 0, "2h is out of range: use 1s to 1:00:00"},
		{"soon", 0, `"soon" is not a time: use seconds (90), m:ss (1:30) or a duration (1m30s)`},
	} {
		v = -1
		err := f.Set(tc.in)
		var fe FlagError
		switch {
		case tc.err == "" && (err != nil || v != tc.want):
			t.Errorf("%q: %v, %v; want %v", tc.in, v, err, tc.want)
		case tc.err != "" && (!errors.As(err, &fe) || err.Error() != tc.err || v != -1):
			t.Errorf("%q: %v (set %v); want %q and nothing set", tc.in, err, v, tc.err)
		}
	}
	z := NewFlag(&v, 0, 0.1, 60, true)
	if err := z.Set("0"); err != nil || v != 0 || z.String() != "0" {
		t.Errorf("zero allowed: %v, %v, %q", v, err, z.String())
	}
}

func TestShow(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 0.3: "0.3s", 45: "45s", 90: "1:30", 90.5: "90.5s", 3600: "1:00:00"} {
		if got := Show(in); got != want {
			t.Errorf("Show(%v) = %q, want %q", in, got, want)
		}
	}
	if got := Show(math.Inf(1)); got == "" {
		t.Error("infinity shown as nothing")
	}
}

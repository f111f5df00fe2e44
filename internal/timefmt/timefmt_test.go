package timefmt

import "testing"

func TestClock(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{0, "0:00"}, {5.9, "0:05"}, {107, "1:47"}, {119.99, "1:59"}, {120, "2:00"}, {3725, "1:02:05"}, {-3, "0:00"}} {
		if got := Clock(c.in); got != c.want {
			t.Errorf("Clock(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSeconds(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{0.44, "0.4 s"}, {3.45, "3.5 s"}, {13.7, "13 s"}, {75, "1:15"}} {
		if got := Seconds(c.in); got != c.want {
			t.Errorf("Seconds(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
	}{{"90", 90}, {"1.5", 1.5}, {"1:30", 90}, {"0:05", 5}, {"90s", 90}, {"1m30s", 90}, {"300ms", 0.3}} {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "abc", "-1", "1:75", "1:5", "-2s", "Inf"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", bad)
		}
	}
}

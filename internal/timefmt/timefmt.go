// Package timefmt formats the seconds starcoach reports the way a person
// reads a clock: "1:47", "0:05", "13 s", "1.2 s".
package timefmt

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Clock formats seconds as m:ss (h:mm:ss from one hour), rounding down so
// that 119.9 s never reads as the 2:00 limit.
func Clock(seconds float64) string {
	if seconds < 0 || math.IsNaN(seconds) {
		seconds = 0
	}
	s := int64(seconds)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Seconds formats a short span: "0.4 s", "3.4 s", "13 s" (whole seconds
// from ten up), "2:05" from a minute up.
func Seconds(seconds float64) string {
	switch {
	case math.IsNaN(seconds):
		return "?"
	case seconds >= 60:
		return Clock(seconds)
	case seconds >= 10:
		return fmt.Sprintf("%.0f s", math.Floor(seconds))
	default:
		return fmt.Sprintf("%.1f s", seconds)
	}
}

// Parse reads a time given as seconds ("90", "1.5"), m:ss ("1:30") or a
// Go duration ("90s", "1m30s") and returns seconds.
func Parse(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil && v >= 0 && !math.IsInf(v, 0) {
		return v, nil
	}
	if m, sec, ok := strings.Cut(s, ":"); ok {
		mv, err1 := strconv.ParseUint(m, 10, 32)
		sv, err2 := strconv.ParseFloat(sec, 64)
		if err1 == nil && err2 == nil && sv >= 0 && sv < 60 && len(sec) >= 2 {
			return float64(mv)*60 + sv, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return d.Seconds(), nil
	}
	return 0, fmt.Errorf("%q is not a time: use seconds (90), m:ss (1:30) or a duration (1m30s)", s)
}

// Package figure writes a figure the one way starcoach shows it: rounded
// to a fixed number of places (never -0, never NaN, which JSON cannot
// carry) and counted in words ("1 answer", "twice").
package figure

import (
	"math"
	"strconv"
)

// Round rounds v to places decimals. NaN and infinities become 0, so a
// figure is always a number JSON can carry, and -0 becomes 0.
func Round(v float64, places int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	p := math.Pow(10, float64(places))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0
	}
	return r
}

// Plural is one when n is 1, else many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Times says how often: "not once", "once", "twice", "9 times".
func Times(n int) string {
	switch n {
	case 0:
		return "not once"
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return strconv.Itoa(n) + " times"
}

// Shorten cuts s to at most n characters, the last of them "…" when cut,
// for a one-line list such as the shell's completions.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:max(n-1, 0)]) + "…"
}

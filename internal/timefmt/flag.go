package timefmt

import (
	"fmt"
	"math"
	"strconv"
)

// Flag is a command-line value that takes a time: seconds (90), m:ss
// (1:30) or a duration (1m30s), parsed and checked against its range when
// it is set, so that a mistake is one line naming what is wrong, and shown
// one way in help ("2:00", "45s", "0.3s"). It satisfies pflag.Value.
type Flag struct {
	dst      *float64 // seconds
	min, max float64
	zero     bool // 0 is accepted even when min is more
}

// NewFlag sets *dst to def and returns a flag that stores in it times
// from min to max seconds; allowZero also accepts 0 (which a flag's help
// says means "off" or "none").
func NewFlag(dst *float64, def, min, max float64, allowZero bool) *Flag {
	*dst = def
	return &Flag{dst: dst, min: min, max: max, zero: allowZero}
}

// FlagError is a time flag's complaint, which says all there is to say:
// the command line's own wrapping can be left off.
type FlagError struct{ Err error }

func (e FlagError) Error() string { return e.Err.Error() }

// Set parses s and checks its range.
func (f *Flag) Set(s string) error {
	v, err := Parse(s)
	if err != nil {
		return FlagError{fmt.Errorf("%q is not a time: use seconds (90), m:ss (1:30) or a duration (1m30s)", s)}
	}
	if v == 0 && f.zero {
		*f.dst = 0
		return nil
	}
	if v < f.min || v > f.max || math.IsNaN(v) {
		return FlagError{fmt.Errorf("%s is out of range: use %s to %s", s, Show(f.min), Show(f.max))}
	}
	*f.dst = v
	return nil
}

func (f *Flag) String() string {
	if f.dst == nil {
		return ""
	}
	return Show(*f.dst)
}

// Type names the value in help.
func (f *Flag) Type() string { return "time" }

// Show writes seconds the way time flags show them: m:ss from a minute
// (h:mm:ss from an hour), else seconds with their unit.
func Show(v float64) string {
	if v == 0 {
		return "0" // pflag shows no default for it
	}
	if v >= 60 && v == math.Trunc(v) {
		return Clock(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + "s"
}

package cli

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/starcoach/starcoach/internal/timefmt"
)

// timeFlag is every flag that takes a time: seconds (90), m:ss (1:30) or a
// duration (1m30s), parsed and checked against its range when it is set,
// so that a mistake is one line naming the flag, and shown one way in
// help ("2:00", "45s", "0.3s").
type timeFlag struct {
	dst      *float64 // seconds
	min, max float64
	zero     bool // 0 is accepted even when min is more
}

// timeVar defines a time flag with its default and accepted range, min to
// max seconds; allowZero also accepts 0 (which the flag's help says means
// "off" or "none").
func timeVar(fs *pflag.FlagSet, dst *float64, name string, def, min, max float64, allowZero bool, usage string) {
	*dst = def
	fs.Var(&timeFlag{dst: dst, min: min, max: max, zero: allowZero}, name, usage)
}

// timeFlagError is a time flag's complaint, which says all there is to
// say (the command line's own wrapping is left off).
type timeFlagError struct{ error }

func (f *timeFlag) Set(s string) error {
	v, err := timefmt.Parse(s)
	if err != nil {
		return timeFlagError{fmt.Errorf("%q is not a time: use seconds (90), m:ss (1:30) or a duration (1m30s)", s)}
	}
	if v == 0 && f.zero {
		*f.dst = 0
		return nil
	}
	if v < f.min || v > f.max || math.IsNaN(v) {
		return timeFlagError{fmt.Errorf("%s is out of range: use %s to %s", s, showTime(f.min), showTime(f.max))}
	}
	*f.dst = v
	return nil
}

func (f *timeFlag) String() string {
	if f.dst == nil {
		return ""
	}
	return showTime(*f.dst)
}

func (f *timeFlag) Type() string { return "time" }

// showTime writes seconds the way time flags show them: m:ss from a minute
// (h:mm:ss from an hour), else seconds with their unit.
func showTime(v float64) string {
	if v == 0 {
		return "0" // pflag shows no default for it
	}
	if v >= 60 && v == math.Trunc(v) {
		return timefmt.Clock(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + "s"
}

// seconds turns a time flag's value into a duration.
func seconds(v float64) time.Duration { return time.Duration(v * float64(time.Second)) }

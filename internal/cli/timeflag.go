package cli

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/starcoach/starcoach/internal/analyze"
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

// timingFlags are the analyzer settings shared by every command that times
// an answer (analyze, record, practice).
type timingFlags struct {
	LimitS    float64
	ShortS    float64
	MinGapS   float64
	SilenceDB float64
}

// maxLimitS bounds a time limit: a day is far past any answer, and past it
// the clock and the JSON figures stop making sense.
const maxLimitS = 24 * 3600

func (f *timingFlags) register(cmd *cobra.Command) {
	d := analyze.DefaultOptions()
	fs := cmd.Flags()
	timeVar(fs, &f.LimitS, "limit", d.LimitS, 1, maxLimitS, false, "time limit for an answer, e.g. 1:30")
	timeVar(fs, &f.ShortS, "short", d.ShortS, 0, maxLimitS, true, "answers under this are flagged short")
	timeVar(fs, &f.MinGapS, "min-gap", d.MinGapS, 0.05, 60, false, "shortest silence that counts as a gap")
	fs.Float64Var(&f.SilenceDB, "silence-db", 0, "fixed silence threshold in dBFS, -120 to -1, e.g. -40 (default: adapts to each recording's noise floor)")
}

// options turns the flags into analyzer options.
func (f *timingFlags) options(cmd *cobra.Command) (analyze.Options, error) {
	o := analyze.DefaultOptions()
	o.LimitS, o.ShortS, o.MinGapS = f.LimitS, f.ShortS, f.MinGapS
	if cmd.Flags().Changed("silence-db") {
		// Written so that NaN is refused too.
		if !(f.SilenceDB >= -120 && f.SilenceDB < 0) {
			return o, usageErrorf("--silence-db %v is out of range: use -120 to -1 dBFS, e.g. -40", f.SilenceDB)
		}
		o.SilenceDB, o.FixedSilence = f.SilenceDB, true
	}
	return o, nil
}

package cli

import (
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// timeVar defines a time flag (timefmt.Flag) with its default and
// accepted range, min to max seconds; allowZero also accepts 0.
func timeVar(fs *pflag.FlagSet, dst *float64, name string, def, min, max float64, allowZero bool, usage string) {
	fs.Var(timefmt.NewFlag(dst, def, min, max, allowZero), name, usage)
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

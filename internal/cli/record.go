package cli

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/record"
)

type recordOptions struct {
	env  *Env
	Path string

	Question         string
	Context          string
	Countdown        float64 // seconds
	Max              float64
	Duration         float64
	StopAfterSilence float64
	Device           string
	Rate             int
	Channels         int
	Force            bool
	JSON             bool

	Timing timingFlags

	// Open opens the audio system; audio.Open unless a test sets it.
	Open func(verbose io.Writer) (audio.System, error)
	// Now is the clock that names the default file.
	Now func() time.Time
}

func newRecordCmd(env *Env, runF func(*recordOptions, record.Options) error) *cobra.Command {
	opts := &recordOptions{env: env, Open: audio.Open, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "record [ANSWER.wav]",
		Short: "Record a spoken answer from the microphone and time it",
		Long: `Record shows the question, counts down, and records your answer from the
microphone into a WAV file until you press Enter or q. Then it prints the same
timing as 'starcoach analyze' (or JSON with --json) and keeps it beside the
recording in ANSWER.wav.timing.json.

Without a file name the answer goes to answer-YYYYMMDD-HHMMSS.wav in the
current directory. An existing file is never overwritten without --force.

On a terminal a live line shows the time against --limit, the input level,
clipping, and a warning 15 s before the limit and at it. The recording ends
after --duration, after --stop-after-silence of silence once you have started
speaking, or at --max (unless given: --duration, else the limit plus 60 s).

Ctrl-C (or SIGTERM) stops the recording and keeps it, like Enter. The file is
written as it is recorded and made whole every second: even if starcoach is
killed, at most the last second is missing ('starcoach repair' fixes the
header).

When standard input is not a terminal (a script, a pipe, cron) there is no
Enter to press: give --duration, or --stop-after-silence (and --max as a
bound); a signal still stops the recording and keeps it.`,
		Example: `  starcoach record
  starcoach record --question "Tell me about a time you disagreed with your manager" answer.wav
  starcoach record --duration 2:00 --countdown 0 --json take1.wav
  starcoach record --stop-after-silence 4 --limit 1:30 < /dev/null`,
		Args: rangeArgs(0, 1, "takes at most one file name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Path = args[0]
			}
			ro, err := opts.recordOptions(cmd)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(opts, ro)
			}
			return runRecord(cmd.Context(), opts, ro)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Question, "question", "q", "", "the question, shown before recording starts")
	f.StringVar(&opts.Context, "context", "", "a line shown under the question, e.g. the Leadership Principle")
	timeVar(f, &opts.Countdown, "countdown", 3, 0, 60, true, "time counted down before recording starts")
	timeVar(f, &opts.Max, "max", 0, 1, maxLimitS, false, "longest recording (default: --duration, else the limit plus 60 s)")
	timeVar(f, &opts.Duration, "duration", 0, 0.1, maxLimitS, false, "record exactly this long, e.g. 2:00 (default: until stopped)")
	timeVar(f, &opts.StopAfterSilence, "stop-after-silence", 0, 0.1, 3600, false, "stop after this much silence once speech was heard, e.g. 4s")
	f.StringVarP(&opts.Device, "device", "d", "", "input device: index or name from 'starcoach devices' (default: the default input)")
	f.IntVar(&opts.Rate, "rate", audio.DefaultSampleRate, "sample rate in Hz")
	f.IntVar(&opts.Channels, "channels", audio.DefaultChannels, "channels to record")
	// No -f: that is --format wherever a command has one, and overwriting
	// a take is worth typing in full.
	f.BoolVar(&opts.Force, "force", false, "overwrite the file if it exists")
	f.BoolVar(&opts.JSON, "json", false, "print the timing as JSON")
	opts.Timing.register(cmd)
	return cmd
}

// recordOptions turns the flags into the recorder's options and applies
// the rule that a recording nobody can stop with a key needs an end.
func (o *recordOptions) recordOptions(cmd *cobra.Command) (record.Options, error) {
	ao, err := o.Timing.options(cmd)
	if err != nil {
		return record.Options{}, err
	}
	ro := record.Options{
		Path:       o.Path,
		Force:      o.Force,
		Device:     o.Device,
		SampleRate: o.Rate,
		Channels:   o.Channels,
		Question:   o.Question,
		Context:    o.Context,
		Analyze:    ao,
	}
	ro.Countdown, ro.Max, ro.Duration, ro.StopAfterSilence = seconds(o.Countdown), seconds(o.Max), seconds(o.Duration), seconds(o.StopAfterSilence)
	if err := ro.Check(o.env.Streams.IsStdinTTY()); err != nil {
		return ro, usageErrorf("%v", err)
	}
	return ro, nil
}

func runRecord(ctx context.Context, opts *recordOptions, ro record.Options) error {
	ro.Verbose = opts.env.Diagnostics()
	return record.Run(ctx, opts.Open, ro, opts.env.Streams, opts.Now, opts.JSON)
}

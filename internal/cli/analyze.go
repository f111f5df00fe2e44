package cli

import (
	"runtime"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/analyze"
)

type analyzeOptions struct {
	env   *Env
	Files []string
	JSON  bool
	Jobs  int

	Timing timingFlags
}

func newAnalyzeCmd(env *Env, runF func(*analyzeOptions, analyze.Options) error) *cobra.Command {
	opts := &analyzeOptions{env: env}
	cmd := &cobra.Command{
		Use:   "analyze FILE.wav [FILE.wav ...]",
		Short: "Time recorded answers: length against the limit, first word, pauses, level",
		Long: `Analyze times each recorded answer: how long it ran against the limit, when the
first word came, how long you actually spoke, every pause worth knowing about,
and whether the microphone level was usable.

The answer is timed from the start of the recording to the end of speech:
silence after you finished, before the recording stopped, does not count.
Speech is told from silence by its spectrum, against each recording's own
noise, unless --silence-db fixes a level threshold. Several files are analysed in parallel; with --json
each file's result is one JSON object on its own line.

Levels are in dBFS: decibels below the loudest sound a recording can hold,
so 0 is the top and every real level is negative. A peak of 0 means it
clipped, a warning says when speech is too quiet for a reliable analysis,
and "complete silence between words"
means the input gave exact zeros there, as a muted or virtual microphone
does.`,
		Example: `  starcoach analyze answer.wav
  starcoach analyze --limit 1:30 takes/*.wav
  starcoach analyze --json answer.wav | jq .verdict`,
		Args: requireArgs(1, "name at least one WAV file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if cmd.Flags().Changed("jobs") && opts.Jobs < 1 {
				return usageErrorf("--jobs must be at least 1")
			}
			ao, err := opts.Timing.options(cmd)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(opts, ao)
			}
			return runAnalyze(opts, ao)
		},
	}
	opts.Timing.register(cmd)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON, one object per file")
	cmd.Flags().IntVarP(&opts.Jobs, "jobs", "j", 0, "files analysed at once, 1 or more (default: one per core)")
	return cmd
}

func runAnalyze(opts *analyzeOptions, ao analyze.Options) error {
	jobs := opts.Jobs
	if jobs < 1 {
		jobs = runtime.NumCPU()
	}
	return analyze.Files(opts.Files, jobs, ao, opts.env.Streams.Out, opts.env.Streams.Err, opts.JSON)
}

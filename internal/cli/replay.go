package cli

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/replay"
)

// replayOptions are the flags, read straight into what replay.Run takes.
type replayOptions struct {
	env *Env
	replay.Request
	Section string // parsed into Plan.Sections
}

func newReplayCmd(env *Env, runF func(*replayOptions) error) *cobra.Command {
	opts := &replayOptions{env: env, Request: replay.Request{Open: audio.Open}}
	cmd := &cobra.Command{
		Use:   "replay SESSION [N] | replay ANSWER",
		Short: "Play recorded answers back, showing the STAR section and transcript",
		Long: `Replay plays a session's answers through the speaker, one after another, or
only answer number N (1 is the first). SESSION is a session id, a unique
start of one (2026-11-23), or "latest". One answer can also be named as
everywhere else: SESSION:N (latest:2), or the path of its recording in the
session's folder.

Each answer gets a line when it starts. On a terminal a status line shows the
time against the recording's length, the STAR section being spoken and the
transcript line, and keys control playback:

  space        pause and resume
  left, right  back and forward 5 s
  n, p         next and previous answer
  q            quit

--from starts each answer that far in. --section plays only the given STAR
sections (situation, task, action, result, or S, T, A, R; several separated
by commas), which needs a transcribed session. --skip-pauses shortens every
silence longer than 1 s to 1 s (keeping half a second after the last word and
before the next), and the silence before the first word and after the last
to half a second. The clock always shows the time in the recording.`,
		Example: `  starcoach replay latest
  starcoach replay latest:2
  starcoach replay latest 2 --from 1:30
  starcoach replay 2026-11-23 --section action --skip-pauses
  starcoach replay latest 1 --device "USB Headset"`,
		Args: rangeArgs(1, 2, "name a session and optionally an answer number"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Session = args[0]
			if len(args) == 1 && answerref.IsAnswerName(args[0]) {
				opts.Session, opts.Ref = "", args[0]
			}
			if len(args) == 2 {
				n, err := strconv.Atoi(args[1])
				if err != nil || n < 1 {
					return usageErrorf("answer %q is not an answer number: give 1 for the first answer", args[1])
				}
				opts.Answer = n
			}
			if opts.Section != "" {
				var err error
				if opts.Plan.Sections, err = replay.ParseSections(opts.Section); err != nil {
					return usageErrorf("--section: %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return runReplay(cmd.Context(), opts)
		},
	}
	timeVar(cmd.Flags(), &opts.Plan.FromS, "from", 0, 0, maxLimitS, true, "start each answer this far in, e.g. 1:30")
	cmd.Flags().StringVar(&opts.Section, "section", "", "play only these STAR sections (action, or a,r)")
	cmd.Flags().BoolVar(&opts.Plan.SkipPauses, "skip-pauses", false, "shorten silences over 1 s to 1 s")
	cmd.Flags().StringVarP(&opts.Device, "device", "d", "", "output device: index or name from 'starcoach devices'")
	return cmd
}

func runReplay(ctx context.Context, opts *replayOptions) error {
	req := opts.Request
	req.Verbose = opts.env.Diagnostics()
	return replay.Run(ctx, opts.env.Files().Store(), req, opts.env.Streams)
}

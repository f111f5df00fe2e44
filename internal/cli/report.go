package cli

import (
	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/report"
)

// reportOptions are the flags, read straight into what report.Run takes.
type reportOptions struct {
	env *Env
	report.Request
}

func newReportCmd(env *Env, runF func(*reportOptions) error) *cobra.Command {
	opts := &reportOptions{env: env}
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "report [SESSION]",
		Short: "Write a session's report: timing, pauses, pace, fillers, STAR per answer",
		Long: `Report writes one row per answer of a practice session: its length against
the limit and how far over, time to the first word, speaking time, pauses
(` + analyze.PauseLabel() + ` or more), long pauses (` + analyze.LongPauseLabel() + ` or more) and the longest, words
per minute, fillers per minute, "I" against "we", STAR coverage with each
section's share, the STAR score, and warnings for stories that look
reused, audio lost while recording and files that are missing; then the
session's totals and averages over its main answers (follow-ups are
listed but not averaged).

SESSION is a session id, a unique prefix of one (2026-11-23), or "latest"
(the default). --answer reports one answer, named as everywhere else:
SESSION:N (latest:2) or its recording. --format html writes one self-contained page (nothing is
loaded from the network) with a timeline per answer (the level, the
silences, the STAR sections, the limit) over its transcript with the
fillers highlighted, and the story bank (your stories against the 16
Leadership Principles, the gaps, the stories leaned on too often, what to
practise next; see 'starcoach stories'); --history adds charts of the last
sessions to it. --format json carries the story bank as "stories".`,
		Example: `  starcoach report
  starcoach report 2026-11-23 --format md -o session.md
  starcoach report latest --format html --history -o report.html
  starcoach report --answer latest:2 --format html -o answer.html
  starcoach report --json | jq '.answers[] | {n, over: .timing.over_by_s}'`,
		Args: rangeArgs(0, 1, "name at most one session"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Session = "latest"
			if len(args) == 1 {
				opts.Session = args[0]
				if opts.Answer != "" {
					return usageErrorf("--answer names its session: leave out %s", args[0])
				}
			}
			if asJSON {
				if cmd.Flags().Changed("format") && opts.Format != "json" {
					return usageErrorf("--json and --format %s disagree: give one of them", opts.Format)
				}
				opts.Format = "json"
			}
			var err error
			if opts.Format, err = report.CheckFormat(opts.Format, opts.History, opts.EmbedAudio, opts.Last); err != nil {
				return usageErrorf("%v", err)
			}
			if runF != nil {
				return runF(opts)
			}
			return runReport(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Format, "format", "f", "text", "text, md, csv, json or html")
	cmd.Flags().BoolVar(&asJSON, "json", false, "same as --format json")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "let -o replace an existing file that is not a report (never one in the data folder)")
	cmd.Flags().BoolVar(&opts.History, "history", false, "add the trend over the last sessions (html and json)")
	cmd.Flags().IntVar(&opts.Last, "last", 10, "sessions in the --history trend")
	cmd.Flags().BoolVar(&opts.EmbedAudio, "embed-audio", false, "put the recordings into the HTML page, so it plays wherever it is copied (large)")
	cmd.Flags().StringVar(&opts.Answer, "answer", "", "report only this answer: SESSION:N (latest:2) or its recording")
	return cmd
}

func runReport(opts *reportOptions) error {
	env := opts.env
	words, err := env.Files().Words()
	if err != nil {
		return err
	}
	req := opts.Request
	req.DataDir, req.Words, req.Stories = env.DataDir(), words, env.Files().StoryBank
	return report.Run(env.Files().Store(), req, env.Streams)
}

package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/report"
)

type historyOptions struct {
	env  *Env
	Last int
	JSON bool
}

func newHistoryCmd(env *Env, runF func(*historyOptions) error) *cobra.Command {
	opts := &historyOptions{env: env}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show how your answers trend across sessions",
		Long: `History follows the session averages across your last sessions: average
answer time, share of answers over the limit, long pauses per answer, share
of answers with all four STAR sections, words per minute and the STAR score.
It prints a table, one session a line, then each figure's trend: a sparkline
on a terminal, the plain values otherwise, ending with its direction from the
first session to the last (↑, ↓, or = when it reads the same) and, for a
figure where one way is better, "better" or "worse". Sessions without answers are left
out. For charts, use 'starcoach report --format html --history'.`,
		Example: `  starcoach history
  starcoach history --last 5
  starcoach history --json | jq '.[] | {session, score}'`,
		Args: rangeArgs(0, 0, "takes no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Last < 1 {
				return usageErrorf("--last must be 1 or more")
			}
			if runF != nil {
				return runF(opts)
			}
			return runHistory(opts)
		},
	}
	cmd.Flags().IntVar(&opts.Last, "last", 10, "how many of the latest sessions to show")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: one object per session, oldest first")
	return cmd
}

func runHistory(opts *historyOptions) error {
	env := opts.env
	words, err := env.Files().Words()
	if err != nil {
		return err
	}
	lo := report.Options{Words: words}
	points, notes, err := report.History(env.Files().Store(), "", opts.Last, lo)
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintf(env.Streams.Err, "starcoach: %s\n", n)
	}
	if opts.JSON {
		return report.WriteHistoryJSON(env.Streams.Out, points)
	}
	return report.WriteHistoryText(env.Streams.Out, points, env.Streams.IsStdoutTTY())
}

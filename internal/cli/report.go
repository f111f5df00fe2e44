package cli

import (
	"bufio"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/report"
	"github.com/starcoach/starcoach/internal/session"
)

type reportOptions struct {
	env     *Env
	Session string
	Format  string
	Output  string
	History bool
	Last    int
	// Answer narrows the report to one answer (SESSION:N or its recording).
	Answer string
	// EmbedAudio puts each recording into the HTML page.
	EmbedAudio bool
	// Force lets -o replace an existing file that is not a report.
	Force bool
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
			if opts.Format == "markdown" {
				opts.Format = "md"
			}
			if !slices.Contains(report.Formats, opts.Format) {
				return usageErrorf("--format %q: use one of %s", opts.Format, strings.Join(report.Formats, ", "))
			}
			if opts.History && opts.Format != "html" && opts.Format != "json" {
				return usageErrorf("--history goes with --format html or json; for a table of the trend use 'starcoach history'")
			}
			if opts.EmbedAudio && opts.Format != "html" {
				return usageErrorf("--embed-audio goes with --format html")
			}
			if opts.Last < 1 {
				return usageErrorf("--last must be 1 or more")
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
	if opts.Output != "" && opts.Output != "-" {
		if err := report.CheckOutput(opts.Output, env.DataDir(), opts.Force); err != nil {
			return err
		}
	}
	words, err := env.Files().Words()
	if err != nil {
		return err
	}
	lo := report.Options{Words: words}
	if opts.Format == "html" {
		lo.EnvelopePoints = report.HTMLEnvelopePoints
	}
	store := env.Files().Store()
	n := 0
	if opts.Answer != "" {
		na, err := answerref.Resolve(store, opts.Answer)
		if err != nil {
			return err
		}
		if na.Session == nil {
			return fmt.Errorf("%s: not an answer of a session; for a single recording use starcoach star or starcoach analyze", opts.Answer)
		}
		opts.Session, n = na.Session.ID, na.N
	}
	r, err := report.Load(store, opts.Session, lo)
	if err != nil {
		return err
	}
	if n > 0 {
		if err := r.Only(n); err != nil {
			return err
		}
	}
	if opts.Format == "html" {
		if err := r.LinkAudio(store.SessionDir(r.Session), opts.Output, opts.EmbedAudio, env.Streams.Err); err != nil {
			return err
		}
	}
	if err := addReportExtras(env, store, r, opts, lo); err != nil {
		return err
	}
	return writeReport(env, r, opts)
}

// addReportExtras adds the trend over the last sessions with --history,
// and the story bank to the HTML and JSON formats.
func addReportExtras(env *Env, store *session.Store, r *report.Report, opts *reportOptions, lo report.Options) error {
	if opts.History {
		points, notes, err := report.History(store, r.Session, opts.Last, lo)
		if err != nil {
			return err
		}
		for _, n := range notes {
			fmt.Fprintf(env.Streams.Err, "starcoach: %s\n", n)
		}
		r.History = points
	}
	if opts.Format == "html" || opts.Format == "json" {
		// The story bank spans every session; without it the report is
		// still worth having.
		b, err := env.Files().StoryBank()
		if err != nil {
			fmt.Fprintf(env.Streams.Err, "starcoach: the story bank is left out of the report: %v\n", err)
		} else {
			for _, w := range b.Warnings {
				fmt.Fprintf(env.Streams.Err, "starcoach: %s\n", w)
			}
			r.Stories = &b
		}
	}
	return nil
}

// writeReport writes the report in its format to standard output, or to
// --output, replaced whole and private like the answers it quotes.
func writeReport(env *Env, r *report.Report, opts *reportOptions) error {
	if opts.Output == "" || opts.Output == "-" {
		bw := bufio.NewWriter(env.Streams.Out)
		if err := report.Write(bw, r, opts.Format); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := report.WriteFile(opts.Output, r, opts.Format); err != nil {
		return err
	}
	if env.Streams.IsStderrTTY() {
		fmt.Fprintf(env.Streams.Err, "wrote %s\n", opts.Output)
	}
	return nil
}

package cli

import (
	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/practice"
)

func newSessionsCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sessions",
		Short: "List, show and delete your practice sessions",
		Long: `Sessions lists the practice sessions kept in the data directory, shows one
session's summary, and deletes sessions.

Each session is a folder under <data dir>/sessions named after the time it
started (2026-11-23T09-15-04). It holds session.json and, for every
answer, its recording and what was made from it:

  01-own-3.wav               the recording
  01-own-3.wav.timing.json   duration, pauses, verdict against the limit
  01-own-3.transcript.json   what the speech-to-text engine heard
  01-own-3.star.json         the STAR check: sections, findings, score

A session is named by its full id, a unique start of it (2026-11-23T09),
or "latest".`,
		Args: rangeArgs(0, 0, "use 'starcoach sessions list', 'show ID' or 'delete ID'"),
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newSessionsListCmd(env, nil), newSessionsShowCmd(env, nil), newSessionsDeleteCmd(env, nil))
	return cmd
}

type sessionsListOptions struct {
	env  *Env
	JSON bool
}

func newSessionsListCmd(env *Env, runF func(*sessionsListOptions) error) *cobra.Command {
	opts := &sessionsListOptions{env: env}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the practice sessions, oldest first",
		Example: `  starcoach sessions list
  starcoach sessions list --json | jq '.[] | select(.finished | not) | .id'`,
		Args: rangeArgs(0, 0, "takes no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runSessionsList(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: one object per session")
	return cmd
}

func runSessionsList(opts *sessionsListOptions) error {
	words, err := opts.env.Files().Words()
	if err != nil {
		return err
	}
	return practice.List(opts.env.Files().Store(), words, opts.env.Streams, opts.JSON)
}

type sessionsShowOptions struct {
	env  *Env
	ID   string
	JSON bool
}

func newSessionsShowCmd(env *Env, runF func(*sessionsShowOptions) error) *cobra.Command {
	opts := &sessionsShowOptions{env: env}
	cmd := &cobra.Command{
		Use:   "show [ID]",
		Short: "Show a session's summary (the latest by default)",
		Long: `Show prints a session's summary: for each answer its time against the
limit, its pauses (` + analyze.PauseLabel() + ` or more; those of ` + analyze.LongPauseLabel() + ` or more marked long), its
STAR coverage and score, and the
answers that look like the same story as an earlier one, in this session
or an earlier session, with the key terms they share.`,
		Example: `  starcoach sessions show
  starcoach sessions show 2026-11-23T09
  starcoach sessions show latest --json | jq '.answers[].star.score'`,
		Args: rangeArgs(0, 1, "name at most one session"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = "latest"
			if len(args) == 1 {
				opts.ID = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runSessionsShow(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the summary as JSON")
	return cmd
}

func runSessionsShow(opts *sessionsShowOptions) error {
	words, err := opts.env.Files().Words()
	if err != nil {
		return err
	}
	return practice.Show(opts.env.Files().Store(), opts.ID, words, opts.env.Streams, opts.JSON)
}

type sessionsDeleteOptions struct {
	env *Env
	IDs []string
	Yes bool
}

func newSessionsDeleteCmd(env *Env, runF func(*sessionsDeleteOptions) error) *cobra.Command {
	opts := &sessionsDeleteOptions{env: env}
	cmd := &cobra.Command{
		Use:   "delete ID [ID ...]",
		Short: "Delete sessions and their recordings",
		Long: `Delete removes sessions with every recording and file in them. It asks
first on a terminal; elsewhere it needs --yes. A session in use by a
running starcoach is not deleted.`,
		Example: `  starcoach sessions delete 2026-11-23T09-15-04
  starcoach sessions delete --yes latest`,
		Args: requireArgs(1, "name the sessions to delete (see 'starcoach sessions list')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IDs = args
			if !opts.Yes && !env.Streams.IsStdinTTY() {
				return usageErrorf("deleting sessions removes their recordings: add --yes to confirm")
			}
			if runF != nil {
				return runF(opts)
			}
			return runSessionsDelete(opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "delete without asking")
	return cmd
}

func runSessionsDelete(opts *sessionsDeleteOptions) error {
	return practice.Delete(opts.env.Files().Store(), opts.IDs, opts.Yes, opts.env.Streams)
}

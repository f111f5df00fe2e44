package cli

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/storybank"
)

type storiesOptions struct {
	env  *Env
	JSON bool
}

func newStoriesCmd(env *Env, runF func(*storiesOptions) error) *cobra.Command {
	opts := &storiesOptions{env: env}
	cmd := &cobra.Command{
		Use:   "stories",
		Short: "Show your story bank: which story covers which Leadership Principle",
		Long: `Stories shows the stories your answers told against the 16 Leadership
Principles: each story's answers per principle, the principles with no
story yet, the stories leaned on too often (more than 3 principles, a third
of all answers, or told twice in one session), and a question to practise
for each principle without a story. Interviewers expect 5-8 distinct
stories, each covering 2-3 principles.

An answer's story is named when it is recorded (--story) or afterwards
with 'starcoach stories assign SESSION:N NAME'. Answers without a story
that look like a named story's answers (the same systems, people, numbers)
are listed as "proposed: NAME"; confirm one with 'starcoach stories assign
SESSION:N'.`,
		Example: `  starcoach stories
  starcoach stories --json | jq .gaps
  starcoach stories assign latest:2 "checkout outage"
  starcoach stories assign latest:3`,
		Args: rangeArgs(0, 0, "use 'starcoach stories' or 'starcoach stories assign SESSION:N NAME'"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runStories(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: stories, coverage, gaps, over-used stories, proposals, suggestions")
	cmd.AddCommand(newStoriesAssignCmd(env, nil))
	return cmd
}

func runStories(opts *storiesOptions) error {
	b, err := opts.env.Files().StoryBank()
	if err != nil {
		return err
	}
	return storybank.Write(opts.env.Streams.Out, opts.env.Streams.Err, b, opts.JSON)
}

type storiesAssignOptions struct {
	env  *Env
	Ref  string
	Name string // empty: take the proposed story
}

func newStoriesAssignCmd(env *Env, runF func(*storiesAssignOptions) error) *cobra.Command {
	opts := &storiesAssignOptions{env: env}
	cmd := &cobra.Command{
		Use:   "assign ANSWER [NAME]",
		Short: "Name the story an answer told",
		Long: `Assign names the story an answer of a session told. Without NAME it
confirms the story 'starcoach stories' proposed for the answer. Names are
compared without regard to case, so "Checkout outage" joins "checkout
outage".

` + answerref.Help,
		Example: `  starcoach stories assign latest:2 "checkout outage"
  starcoach stories assign 2026-11-23:3`,
		Args: rangeArgs(1, 2, "name an answer as SESSION:N, and the story"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if len(args) == 2 {
				opts.Name = args[1]
				if err := storybank.CheckName(opts.Name); err != nil {
					return usageErrorf("%v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return runStoriesAssign(opts)
		},
	}
	return cmd
}

func runStoriesAssign(opts *storiesAssignOptions) error {
	b, err := opts.env.Files().StoryBank()
	if err != nil {
		return err
	}
	a, err := storybank.AssignRef(opts.env.Files().Store(), b, opts.Ref, opts.Name, time.Now)
	if err != nil {
		return err
	}
	return storybank.WriteAssigned(opts.env.Streams.Out, a)
}

package cli

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/compare"
)

type compareOptions struct {
	env  *Env
	A, B string
	JSON bool
}

func newCompareCmd(env *Env, runF func(*compareOptions) error) *cobra.Command {
	opts := &compareOptions{env: env}
	cmd := &cobra.Command{
		Use:   "compare ANSWER ANSWER",
		Short: "Put two takes of an answer side by side and say what improved",
		Long: `Compare shows two takes of the same question side by side: duration,
time to the first word, pauses, STAR shares, missing sections, reflection,
score, fillers and speaking rate, and marks each measure of the second take
"better" or "worse" than the first.

ANSWER is SESSION:N, the N-th answer of a session as 'starcoach sessions
show' numbers them (latest:2, 2026-11-23:1), or a recording with its
ANSWER.wav.timing.json and ANSWER.transcript.json beside it (without a
timing file the recording is measured). Both takes are checked by the same
rules, the STAR lexicon of <config dir>/star-lexicon.toml included.`,
		Example: `  starcoach compare latest:1 latest:2
  starcoach compare 2026-11-20:3 latest:1
  starcoach compare take1.wav take2.wav --json`,
		Args: rangeArgs(2, 2, "name two answers: SESSION:N or a recording"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.A, opts.B = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runCompare(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: both takes' figures, each change, what improved")
	return cmd
}

func runCompare(opts *compareOptions) error {
	words, err := opts.env.Files().Words()
	if err != nil {
		return err
	}
	store := opts.env.Files().Store()
	a, err := compare.Open(opts.A, store, words)
	if err != nil {
		return err
	}
	b, err := compare.Open(opts.B, store, words)
	if err != nil {
		return err
	}
	c := compare.Compare(a, b)
	out := opts.env.Streams.Out
	if opts.JSON {
		return json.NewEncoder(out).Encode(c)
	}
	return compare.WriteText(out, c)
}

package cli

import (
	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/prompts"
)

func newPromptsCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "prompts",
		Short: "List and show the interview questions you can practise",
		Long: `Prompts lists the question banks and shows their questions. starcoach comes
with these banks:

  amazon-lp    at least three questions for each of Amazon's 16 Leadership
               Principles, for new grads, senior engineers and managers
  behavioral   general questions any company asks
  openers      tell me about yourself, why this company (2:00)
  bar-raiser   the follow-up pushes after an answer (1:00)

Your own banks go in <config dir>/prompts/<bank>.toml (by default
~/.config/starcoach/prompts). A file named like a built-in bank adds its
questions to that bank, and a question with the same id as a built-in one
replaces it; any other name makes a new bank. Question ids are unique
across all banks. A bank file looks like this:

  title = "My company"
  limit = 120                       # default time limit: seconds or "2:00"

  [[question]]
  id = "mine-1"
  text = "Tell me about a time you changed a team's mind."
  principles = ["Earn Trust", "Have Backbone; Disagree and Commit"]
  level = "senior"                  # new-grad, senior, manager or any
  limit = 90                        # this question's own limit
  follow_ups = ["What were the trade-offs?", "What would you do differently?"]

Principles are named in full, as Amazon spells them:

  Customer Obsession                  Bias for Action
  Ownership                           Frugality
  Invent and Simplify                 Earn Trust
  Are Right, A Lot                    Dive Deep
  Learn and Be Curious                Have Backbone; Disagree and Commit
  Hire and Develop the Best           Deliver Results
  Insist on the Highest Standards     Strive to be Earth's Best Employer
  Think Big                           Success and Scale Bring Broad Responsibility

A mistake in a bank is reported with its file and line.`,
		Args: rangeArgs(0, 0, "use 'starcoach prompts list' or 'starcoach prompts show ID'"),
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPromptsListCmd(env, nil), newPromptsShowCmd(env, nil))
	return cmd
}

type promptsListOptions struct {
	env   *Env
	Bank  string
	LP    []string
	Level string
	JSON  bool
}

func newPromptsListCmd(env *Env, runF func(*promptsListOptions) error) *cobra.Command {
	opts := &promptsListOptions{env: env}
	cmd := &cobra.Command{
		Use:   "list [--bank BANK] [--lp PRINCIPLES] [--level LEVEL]",
		Short: "List the question banks, or one bank's questions",
		Long: `List shows each bank with how many questions it has, or with --bank that
bank's questions: id, level, time limit, principles and text.

--lp keeps questions that test any of the principles named, separated by
commas; a name can be shortened to its start ("cust"), its initials
("dd", "lbc") or a word of it ("highest", "commit"), in any case.
--level keeps questions for that level (new-grad, senior or manager) and
those for any level. Without --bank the counts are of the questions that
match.`,
		Example: `  starcoach prompts list
  starcoach prompts list --bank amazon-lp --lp "dive deep,ownership"
  starcoach prompts list --bank behavioral --level new-grad --json`,
		Args: rangeArgs(0, 0, "takes no arguments; name a bank with --bank"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := promptFilter(opts.LP, opts.Level); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runPromptsList(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Bank, "bank", "", "list this bank's questions")
	cmd.Flags().StringArrayVar(&opts.LP, "lp", nil, "only questions for these Leadership Principles (comma-separated)")
	cmd.Flags().StringVar(&opts.Level, "level", "", "only questions for this level: new-grad, senior or manager")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: the banks, or the bank with its questions")
	return cmd
}

func runPromptsList(opts *promptsListOptions) error {
	f, err := promptFilter(opts.LP, opts.Level)
	if err != nil {
		return err
	}
	lib, err := opts.env.Files().Banks()
	if err != nil {
		return err
	}
	if opts.Bank != "" {
		if _, err := lib.Bank(opts.Bank); err != nil {
			return usageErrorf("--bank: %v", err)
		}
	}
	return lib.List(opts.env.Streams.Out, opts.env.Streams.Err, opts.Bank, f, opts.JSON)
}

type promptsShowOptions struct {
	env  *Env
	ID   string
	JSON bool
}

func newPromptsShowCmd(env *Env, runF func(*promptsShowOptions) error) *cobra.Command {
	opts := &promptsShowOptions{env: env}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one question in full, with its follow-ups",
		Long: `Show prints a question with its principles, level, time limit, where it
comes from, the Bar Raiser follow-ups to practise after answering it, and
what an interviewer listens for in an answer: its first principle's
signals (signals.toml, yours in the config folder included) and its own.
'starcoach prompts list --bank BANK' lists the ids.`,
		Example: `  starcoach prompts show dive-deep-2
  starcoach prompts show about-you --json`,
		Args: rangeArgs(1, 1, "name one question id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runPromptsShow(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the question as JSON")
	return cmd
}

func runPromptsShow(opts *promptsShowOptions) error {
	lib, err := opts.env.Files().Banks()
	if err != nil {
		return err
	}
	signals, err := prompts.LoadSignals(opts.env.ConfigDir())
	if err != nil {
		return err
	}
	return lib.Show(opts.env.Streams.Out, opts.ID, signals, opts.JSON)
}

package cli

import (
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/report"
	"github.com/starcoach/starcoach/internal/shellcomp"
	"github.com/starcoach/starcoach/internal/stt"
)

// completer is a cobra completion function.
type completer = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

// registerCompletions gives the shell the values of flags and arguments.
// Flags are matched by name across the whole tree, so a flag means the same
// values wherever it appears; arguments by command.
func registerCompletions(root *cobra.Command, env *Env) {
	byFlag := map[string]completer{
		"bank":     completeBanks(env),
		"question": completeQuestions(env),
		"level":    fixedValues(prompts.Levels()...),
		"lp":       completePrinciples,
		"format":   fixedValues(report.Formats...),
		"engine":   fixedValues(stt.Names()...),
		"session":  completeSessions(env),
		"resume":   completeSessions(env),
		"answer":   completeAnswers(env),
	}
	byCommand := map[string]completer{
		"star":            oneArg(completeAnswers(env)),
		"compare":         upTo(2, completeAnswers(env)),
		"transcribe":      completeAnswersOrFiles(env),
		"stories assign":  completeAssign(env),
		"replay":          completeReplay(env),
		"report":          oneArg(completeSessions(env)),
		"sessions show":   oneArg(completeSessions(env)),
		"sessions delete": upTo(100, completeSessions(env)),
		"prompts show":    upTo(100, completeQuestions(env)),
		"history":         noArgs,
		"analyze":         wavFiles,
		"repair":          wavFiles,
		"import":          oneArg(wavFiles),
		"record":          oneArg(wavFiles),
		"practice":        noArgs,
		"setup":           noArgs,
		"doctor":          noArgs,
		"devices":         noArgs,
		"stories":         noArgs,
		"prompts list":    noArgs,
		"sessions list":   noArgs,
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		name := strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
		if f, ok := byCommand[name]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = f
		}
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if f, ok := byFlag[fl.Name]; ok {
				if _, exists := c.GetFlagCompletionFunc(fl.Name); !exists {
					c.RegisterFlagCompletionFunc(fl.Name, f)
				}
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// bashCompletion makes 'completion bash' write a script that works
// without the bash-completion package (see shellcomp).
func bashCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	bash, _, err := root.Find([]string{"completion", "bash"})
	if err != nil || bash.Name() != "bash" {
		return
	}
	bash.Long = shellcomp.BashHelp(root.Name())
	bash.RunE = func(cmd *cobra.Command, _ []string) error {
		noDesc, _ := cmd.Flags().GetBool("no-descriptions")
		return shellcomp.WriteBash(cmd.OutOrStdout(), func(w io.Writer) error { return root.GenBashCompletionV2(w, !noDesc) })
	}
}

func fixedValues(values ...string) completer {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

func noArgs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

func wavFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"wav"}, cobra.ShellCompDirectiveFilterFileExt
}

// oneArg completes the first argument only.
func oneArg(f completer) completer { return upTo(1, f) }

func upTo(n int, f completer) completer {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) >= n {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return f(cmd, args, toComplete)
	}
}

// completePrinciples completes --lp, whose value is a comma-separated
// list: the principles already typed are kept in front.
func completePrinciples(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, _ := splitLast(toComplete)
	var out []string
	for _, p := range prompts.Principles() {
		out = append(out, done+p)
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

func splitLast(s string) (done, last string) {
	i := strings.LastIndex(s, ",")
	if i < 0 {
		return "", s
	}
	return s[:i+1], s[i+1:]
}

func completeBanks(env *Env) completer {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		lib, err := env.Files().Banks()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, b := range lib.Banks() {
			out = append(out, b.Name+"\t"+b.Title)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func completeQuestions(env *Env) completer {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		lib, err := env.Files().Banks()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, b := range lib.Banks() {
			for _, q := range b.Questions {
				out = append(out, q.ID+"\t"+figure.Shorten(q.Text, 70))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func completeSessions(env *Env) completer {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return answerref.SessionChoices(env.Files().Store()), cobra.ShellCompDirectiveNoFileComp
	}
}

// completeAnswers completes an answer's name: first the session ("latest:"
// or an id followed by ":"), then the answer's number with its question.
// What looks like a path completes as recordings instead.
func completeAnswers(env *Env) completer {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if looksLikePath(toComplete) {
			return wavFiles(cmd, args, toComplete)
		}
		if id, _, found := strings.Cut(toComplete, ":"); found {
			return answerref.AnswerChoices(env.Files().Store(), id, id+":"), cobra.ShellCompDirectiveNoFileComp
		}
		return answerref.SessionPrefixes(env.Files().Store()), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// completeAnswersOrFiles is for commands that take recordings: answers of
// sessions, and WAV files when a path is being typed.
func completeAnswersOrFiles(env *Env) completer {
	answers := completeAnswers(env)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if toComplete == "" {
			if len(answerref.Sessions(env.Files().Store())) == 0 {
				return wavFiles(cmd, args, toComplete)
			}
		}
		return answers(cmd, args, toComplete)
	}
}

// completeAssign completes 'stories assign ANSWER NAME': the answer, then
// the stories already told, so that one story keeps one name.
func completeAssign(env *Env) completer {
	answers := completeAnswers(env)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			return answers(cmd, args, toComplete)
		case 1:
			b, err := env.Files().StoryBank()
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []string
			for _, s := range b.Stories {
				out = append(out, s.Name+"\t"+strconv.Itoa(len(s.Answers))+" "+figure.Plural(len(s.Answers), "answer", "answers"))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeReplay completes 'replay SESSION [N]' and 'replay SESSION:N'.
func completeReplay(env *Env) completer {
	sessions := completeSessions(env)
	answers := completeAnswers(env)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		switch len(args) {
		case 0:
			if strings.Contains(toComplete, ":") {
				return answers(cmd, args, toComplete)
			}
			return sessions(cmd, args, toComplete)
		case 1:
			return answerref.AnswerChoices(env.Files().Store(), args[0], ""), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// looksLikePath says whether a partly typed argument is a path rather
// than a session, for completion.
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, "/.~") && !strings.Contains(s, ":")
}

package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/report"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/timefmt"
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
				out = append(out, q.ID+"\t"+shorten(q.Text, 70))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// sessionIDs lists the sessions, newest first, with "latest".
func sessionIDs(env *Env) (*session.Store, []string) {
	store := env.Files().Store()
	ids, err := store.IDs()
	if err != nil {
		return store, nil
	}
	slices.Reverse(ids)
	return store, ids
}

// sessionNote describes a session for the shell's list.
func sessionNote(store *session.Store, id string) string {
	s, err := store.Load(id)
	if err != nil {
		return ""
	}
	n := 0
	for _, a := range s.Answers {
		if a.Kind != session.KindFollowUp {
			n++
		}
	}
	return fmt.Sprintf("%s, %d of %d questions answered", s.Settings.Bank, n, len(s.Questions))
}

func completeSessions(env *Env) completer {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		store, ids := sessionIDs(env)
		if len(ids) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := []string{"latest\tthe newest session (" + ids[0] + ")"}
		for i, id := range ids {
			if i < 20 {
				out = append(out, id+"\t"+sessionNote(store, id))
			} else {
				out = append(out, id)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
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
			return answerChoices(env.Files().Store(), id, id+":"), cobra.ShellCompDirectiveNoFileComp
		}
		_, ids := sessionIDs(env)
		if len(ids) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := []string{"latest:\tan answer of the newest session (" + ids[0] + ")"}
		for _, id := range ids {
			out = append(out, id+":")
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// answerChoices lists the answers of session id (as the user wrote it),
// each as prefix+number with its question; nothing when the session cannot
// be read.
func answerChoices(store *session.Store, id, prefix string) []string {
	resolved, err := store.Resolve(id)
	if err != nil {
		return nil
	}
	s, err := store.Load(resolved)
	if err != nil {
		return nil
	}
	var out []string
	for i, a := range s.Answers {
		out = append(out, prefix+strconv.Itoa(i+1)+"\t"+answerNote(s, a))
	}
	return out
}

// answerNote is the question an answer is to and its length.
func answerNote(s *session.Session, a session.Answer) string {
	text := a.Prompt
	if a.Kind != session.KindFollowUp && a.Question >= 0 && a.Question < len(s.Questions) {
		text = s.Questions[a.Question].Text
	}
	if a.Kind == session.KindFollowUp {
		text = "follow-up: " + text
	}
	note := shorten(text, 60)
	if a.DurationS > 0 {
		note = timefmt.Clock(a.DurationS) + " " + note
	}
	return note
}

// completeAnswersOrFiles is for commands that take recordings: answers of
// sessions, and WAV files when a path is being typed.
func completeAnswersOrFiles(env *Env) completer {
	answers := completeAnswers(env)
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if toComplete == "" {
			if _, ids := sessionIDs(env); len(ids) == 0 {
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
			return answerChoices(env.Files().Store(), args[0], ""), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// looksLikePath says whether a partly typed argument is a path rather
// than a session, for completion.
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, "/.~") && !strings.Contains(s, ":")
}

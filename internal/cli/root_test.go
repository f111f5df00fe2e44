package cli

import (
	"regexp"
	"testing"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/ui"
	builtinprompts "github.com/starcoach/starcoach/prompts"
)

// Every command a user can run appears under one of the help's groups, so
// that a new command is not left among cobra's own.
func TestEveryCommandIsGrouped(t *testing.T) {
	streams, _, _, _ := ui.Test()
	root := NewRootCmd(&Env{Streams: streams, Getenv: func(string) string { return "" }})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help", "completion":
			if c.GroupID != "" {
				t.Errorf("%s: cobra's own command is in group %q", c.Name(), c.GroupID)
			}
		default:
			if c.GroupID == "" {
				t.Errorf("%s: in no group; add it to commandGroups", c.Name())
			}
		}
	}
}

// The question ids and answer names in the help's examples are ones the
// commands take: an example is something to copy.
func TestHelpExamplesNameRealQuestions(t *testing.T) {
	streams, _, _, _ := ui.Test()
	env := &Env{Streams: streams, Getenv: func(string) string { return "" }, dataDir: t.TempDir()}
	lib, err := prompts.LoadUser(builtinprompts.Builtin(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	question := regexp.MustCompile(`--question[ =]([a-z][a-z0-9-]*)(\s|$)`)
	var walk func(c *cobra.Command)
	seen := 0
	walk = func(c *cobra.Command) {
		for _, m := range question.FindAllStringSubmatch(c.Example+"\n"+c.Long, -1) {
			seen++
			if _, err := lib.Find(m[1]); err != nil {
				t.Errorf("%s: example question %q: %v", c.CommandPath(), m[1], err)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCmd(env))
	if seen == 0 {
		t.Fatal("no example names a question: the test looks for --question ID")
	}
}

package cli

import (
	"testing"

	"github.com/starcoach/starcoach/internal/ui"
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

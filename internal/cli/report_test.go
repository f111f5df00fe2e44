package cli

import (
	"errors"
	"testing"

	"github.com/starcoach/starcoach/internal/ui"
)

// TestReportFlags checks how the report and history command lines become
// options, without running them.
func TestReportFlags(t *testing.T) {
	cases := []struct {
		args    []string
		session string
		format  string
		history bool
		usage   bool
	}{
		{args: nil, session: "latest", format: "text"},
		{args: []string{"2026-11-20", "--format", "md"}, session: "2026-11-20", format: "md"},
		{args: []string{"--format", "markdown"}, session: "latest", format: "md"},
		{args: []string{"--json"}, session: "latest", format: "json"},
		{args: []string{"--json", "--format", "json"}, session: "latest", format: "json"},
		{args: []string{"-f", "html", "--history", "--last", "3"}, session: "latest", format: "html", history: true},
		{args: []string{"--json", "--format", "csv"}, usage: true},
		{args: []string{"--format", "pdf"}, usage: true},
		{args: []string{"--history"}, usage: true},
		{args: []string{"--format", "html", "--history", "--last", "0"}, usage: true},
		{args: []string{"a", "b"}, usage: true},
	}
	for _, c := range cases {
		streams, _, _, _ := ui.Test()
		var got *reportOptions
		cmd := newReportCmd(&Env{Streams: streams}, func(o *reportOptions) error { got = o; return nil })
		cmd.SetArgs(c.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		err := cmd.Execute()
		var u usageError
		if c.usage {
			if !errors.As(err, &u) {
				t.Errorf("%q: got %v, want a usage error", c.args, err)
			}
			continue
		}
		if err != nil || got == nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if got.Session != c.session || got.Format != c.format || got.History != c.history {
			t.Errorf("%q: session %q format %q history %v, want %q %q %v", c.args, got.Session, got.Format, got.History, c.session, c.format, c.history)
		}
	}
}

func TestHistoryFlags(t *testing.T) {
	streams, _, _, _ := ui.Test()
	var got *historyOptions
	cmd := newHistoryCmd(&Env{Streams: streams}, func(o *historyOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--last", "4", "--json"})
	if err := cmd.Execute(); err != nil || got.Last != 4 || !got.JSON {
		t.Errorf("history --last 4 --json: %v, %+v", err, got)
	}
	got = nil
	cmd = newHistoryCmd(&Env{Streams: streams}, func(o *historyOptions) error { got = o; return nil })
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil || got.Last != 10 || got.JSON {
		t.Errorf("history: %v, %+v; want the last 10 as text", err, got)
	}
}

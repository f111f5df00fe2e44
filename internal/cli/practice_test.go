package cli

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/ui"
)

// --story names become the practice's stories, one per answer; more names
// than questions, or an empty name, are refused before anything runs.
func TestPracticeStoryFlag(t *testing.T) {
	parse := func(args ...string) (*practiceOptions, error) {
		streams, _, _, _ := ui.Test()
		var got *practiceOptions
		cmd := newPracticeCmd(&Env{Streams: streams}, func(o *practiceOptions) error { got = o; return nil })
		cmd.SetArgs(append([]string{"--stop-after-silence", "2s"}, args...))
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		return got, cmd.Execute()
	}
	for _, c := range []struct {
		args []string
		want string // the names joined by |, or the error
	}{
		{[]string{"--count", "1", "--story", "Checkout outage"}, "Checkout outage"},
		{[]string{"--count", "3", "--story", " checkout  outage , mentoring Priya"}, "checkout  outage|mentoring Priya"},
		{[]string{"--count", "2"}, ""},
		{[]string{"--resume", "--story", "a,b,c,d,e,f,g"}, "a|b|c|d|e|f|g"}, // checked against the session
		{[]string{"--count", "2", "--story", "a,b,c"}, "--story names 3 stories for 2 questions"},
		{[]string{"--count", "2", "--story", "a,,b"}, "--story: the story name is empty"},
		{[]string{"--count", "1", "--story", ""}, "--story: the story name is empty"},
	} {
		o, err := parse(c.args...)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = strings.Join(o.Stories, "|")
		}
		if !strings.HasPrefix(got, c.want) || (c.want == "" && got != "") {
			t.Errorf("%q: got %q, want %q", c.args, got, c.want)
		}
	}
}

// --story on import is checked when the flags are read.
func TestImportStoryFlag(t *testing.T) {
	streams, _, _, _ := ui.Test()
	var got *importOptions
	cmd := newImportCmd(&Env{Streams: streams}, func(o *importOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"take.wav", "--question", "own-1", "--story", "Checkout outage"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil || got.Story != "Checkout outage" {
		t.Fatalf("options %+v, %v", got, err)
	}
	cmd = newImportCmd(&Env{Streams: streams}, func(o *importOptions) error { return nil })
	cmd.SetArgs([]string{"take.wav", "--question", "own-1", "--story", " \t"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "--story: the story name") {
		t.Errorf("a blank story name: %v", err)
	}
}

// --question, --retake and --resume each choose what to answer; flags that
// pick new questions, or a second way, are refused before anything runs;
// an argument says which flag was meant.
func TestPracticeChoiceFlags(t *testing.T) {
	parse := func(args ...string) (*practiceOptions, error) {
		streams, _, _, _ := ui.Test()
		var got *practiceOptions
		root := &cobra.Command{Use: "starcoach"}
		root.AddCommand(newPracticeCmd(&Env{Streams: streams}, func(o *practiceOptions) error { got = o; return nil }))
		root.SetArgs(append(args, "--stop-after-silence", "2s"))
		root.SetOut(io.Discard)
		root.SetErr(io.Discard)
		return got, root.Execute()
	}
	for _, c := range []struct {
		args []string
		want string // the options as "questions|retake|resume|redo|keep", or the error
	}{
		{[]string{"practice", "--question", "ownership-1", "--question", "dive-deep-1"}, "ownership-1,dive-deep-1|||false|false"},
		{[]string{"practice", "--retake", "latest:2"}, "|latest:2||false|false"},
		{[]string{"retake", "latest:2"}, "|latest:2||false|false"},
		{[]string{"practice", "--resume", "--keep"}, "||latest|false|true"},
		{[]string{"practice", "--resume", "2026-12-01", "--redo"}, "||2026-12-01|true|false"},
		{[]string{"practice", "--question", "ownership-1", "--lp", "Ownership"}, "--lp picks new questions"},
		{[]string{"practice", "--retake", "latest:2", "--resume"}, "--resume, --retake and --question each choose"},
		{[]string{"practice", "--keep"}, "--redo and --keep say what --resume does"},
		{[]string{"practice", "--resume", "--keep", "--redo"}, "--redo and --keep: give one of them"},
		{[]string{"practice", "latest:2"}, "practice takes no arguments; to take answer latest:2 again use --retake latest:2"},
		{[]string{"retake"}, "retake takes one answer to take again"},
		{[]string{"practice", "--retake", "latest:2", "--story", "a"}, "--story with --retake"},
	} {
		o, err := parse(c.args...)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = fmt.Sprintf("%s|%s|%s|%v|%v", strings.Join(o.Questions, ","), o.Retake, o.Resume, o.Redo, o.Keep)
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.args, got, c.want)
		}
	}
}

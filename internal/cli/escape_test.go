package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/ui"
)

// Text from a session file (a story's name, a question) printed to a
// terminal carries no control character the terminal would act on.
func TestTerminalOutputCarriesNoEscapes(t *testing.T) {
	data := t.TempDir()
	dir := filepath.Join(data, "sessions", "2026-01-01T00-00-00")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	const s = `{"schema": 1, "id": "2026-01-01T00-00-00", "settings": {"bank": "amazon-lp"},
 "questions": [{"id": "ownership-1", "text": "Tell me \u001b[2Jabout a time\u009b31m.", "principles": ["Ownership"], "limit_s": 120}],
 "answers": [{"question": 0, "kind": "answer", "status": "recorded", "wav": "01.wav", "duration_s": 60,
   "story": "pipeline\u001b]0;owned\u0007 rebuild"}], "finished": true}`
	if err := os.WriteFile(filepath.Join(dir, "session.json"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"stories"}, {"sessions", "show"}, {"sessions", "list"}} {
		streams, _, out, errOut := ui.Test()
		streams.SetTTY(false, true, false)
		env := &Env{Streams: streams, Getenv: func(string) string { return "" }}
		code := Run(env, append([]string{"--data-dir", data}, args...))
		got := out.String()
		if code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut.String())
		}
		if strings.ContainsAny(got, "\x1b\x07\u009b") {
			t.Errorf("%v: control characters reach the terminal:\n%q", args, got)
		}
		if args[0] == "stories" && !strings.Contains(got, "pipeline\uFFFD]0;owned\uFFFD rebuild") {
			t.Errorf("%v: the story is not shown with its controls replaced:\n%s", args, got)
		}
	}
}

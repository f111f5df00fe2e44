package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/transcript"
)

// The report judges each answer with the word lists and probes it is
// given, the user's probes.toml included, so its push is the one 'sessions
// show' and 'star' give for the same answer.
func TestReportPushesWithTheUsersProbes(t *testing.T) {
	dir := t.TempDir()
	text := "At my last job our deploys took forty minutes and failed every week, and the fixes reached customers days late. " +
		"We had to make deploys fast and safe before the busy season. " +
		"We measured every step of the pipeline, we cached the dependencies, we split the tests into parallel jobs and we added a canary stage. " +
		"In the end deploys were much faster and the team was happy with it, and we learned to measure first."
	f, err := os.Create(filepath.Join(dir, "01-q.transcript.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := (&transcript.Transcript{Text: text}).Encode(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sess := &session.Session{ID: "s", Settings: session.Settings{LimitS: 120},
		Questions: []session.Question{{ID: "q", Text: "Tell me about a time you improved a process."}},
		Answers:   []session.Answer{{Question: 0, Kind: session.KindAnswer, Transcript: "01-q.transcript.json", Status: session.StatusTranscribed}}}

	builtIn := Build(sess, dir, Options{}).Answers[0]
	if builtIn.Star == nil || builtIn.Star.Push == nil {
		t.Fatalf("no push with the built-in probes; warnings %q, check %+v", builtIn.Warnings, builtIn.Star)
	}
	conf := t.TempDir()
	var user strings.Builder
	// Each built-in probe (prompts/probes.toml) replaced by one of the
	// user's with the same id and weakness.
	for id, weakness := range map[string]string{"impact": "no_number", "personal-role": "we_over_i", "hardest-decision": "thin_action", "differently": "no_reflection"} {
		user.WriteString("[[probe]]\nid = \"" + id + "\"\nweakness = \"" + weakness + "\"\ntext = \"Mine: " + id + "?\"\n")
	}
	if err := os.WriteFile(filepath.Join(conf, probe.FileName), []byte(user.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	probes, err := probe.Load(conf)
	if err != nil {
		t.Fatal(err)
	}
	words := assess.Options{Probes: probes}
	got := Build(sess, dir, Options{Words: words}).Answers[0]
	want := assess.Build(sess, dir, 0, words)
	if got.Star == nil || want.Star == nil || got.Star.Push == nil || want.Star.Push == nil ||
		got.Star.Push.Text != want.Star.Push.Text || !strings.HasPrefix(got.Star.Push.Text, "Mine: ") {
		t.Errorf("report's push %+v, the assessment's %+v; want the user's probe in both", got.Star, want.Star)
	}
}

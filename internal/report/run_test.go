package report

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/ui"
)

// One answer named as SESSION:N is reported alone; a story bank that
// cannot be built is left out with a line saying so, not the report; a
// session's file is never replaced by a report, even with Force.
func TestRunReportsTheAnswerNamed(t *testing.T) {
	dataDir := t.TempDir()
	store := session.NewStore(dataDir)
	sentences := []string{"Our deploys took forty minutes.", "I rebuilt the pipeline."}
	makeSession(t, store, session.Settings{}, fixtureQuestions[:1], []answerSpec{
		{question: 0, leadS: 0.5, tailS: 0.5, sentences: sentences},
		{question: 0, leadS: 0.5, tailS: 0.5, sentences: sentences[1:]},
	}, fixedCreated)

	streams, _, out, errOut := ui.Test()
	broken := func() (storybank.Bank, error) { return storybank.Bank{}, errors.New("stories.toml: line 3: bad") }
	req := Request{Session: "latest", Answer: "latest:2", Format: "json", Last: 10, DataDir: dataDir, Stories: broken}
	if err := Run(store, req, streams); err != nil {
		t.Fatal(err)
	}
	var r Report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(r.Answers) != 1 || r.Answers[0].N != 2 || r.Stories != nil {
		t.Errorf("answers %+v, stories %v; want answer 2 alone and no story bank", r.Answers, r.Stories)
	}
	if !strings.Contains(errOut.String(), "the story bank is left out of the report: stories.toml: line 3: bad") {
		t.Errorf("stderr %q", errOut)
	}

	req.Format, req.Answer, req.Force = "md", "", true
	req.Output = filepath.Join(store.SessionDir(r.Session), "session.json")
	before, _ := os.ReadFile(req.Output)
	if err := Run(store, req, streams); err == nil {
		t.Error("a session's file replaced by a report")
	}
	if after, _ := os.ReadFile(req.Output); string(after) != string(before) {
		t.Error("session.json changed")
	}
	req.Output = filepath.Join(t.TempDir(), "report.md")
	if err := Run(store, req, streams); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(req.Output); err != nil || !strings.Contains(string(b), "| 2 |") {
		t.Errorf("written report: %v\n%s", err, b)
	}
}

func TestCheckFormat(t *testing.T) {
	for _, tc := range []struct {
		format         string
		history, embed bool
		last           int
		want, err      string
	}{
		{"markdown", false, false, 10, "md", ""},
		{"html", true, true, 3, "html", ""},
		{"json", true, false, 1, "json", ""},
		{"pdf", false, false, 10, "", `--format "pdf": use one of text, md, csv, json, html`},
		{"md", true, false, 10, "", "--history goes with --format html or json"},
		{"json", false, true, 10, "", "--embed-audio goes with --format html"},
		{"html", true, false, 0, "", "--last must be 1 or more"},
	} {
		got, err := CheckFormat(tc.format, tc.history, tc.embed, tc.last)
		if tc.err == "" && (err != nil || got != tc.want) || tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)) {
			t.Errorf("%+v: %q, %v", tc, got, err)
		}
	}
}

package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/session"
)

// fixtureReport is the report of the fixture session, its recordings
// left out (they are reported missing), and a copy of its folder.
func fixtureReport(t *testing.T) (*Report, string) {
	t.Helper()
	store := &session.Store{Dir: filepath.Join(t.TempDir(), "sessions")}
	dir := filepath.Join(store.Dir, fixtureID)
	copyDir(t, filepath.Join(fixtureDir, "sessions", fixtureID), dir)
	r, err := Load(store, fixtureID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r, dir
}

// Every format Write knows is recognised as a report; the files a session
// keeps, and other people's files, are not.
func TestIsReportKnowsEveryFormatAndNothingElse(t *testing.T) {
	r, dir := fixtureReport(t)
	out := t.TempDir()
	for _, format := range Formats {
		for _, rep := range []*Report{r, {Session: "2026-11-21T10-00-00"}} {
			var b bytes.Buffer
			if err := Write(&b, rep, format); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(out, "r."+format)
			os.WriteFile(p, b.Bytes(), 0o600)
			if !IsReport(p) {
				t.Errorf("a %s report of %d answers is not recognised:\n%.200s", format, len(rep.Answers), b.String())
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) < 5 {
		t.Fatalf("fixture folder has %d files", len(entries))
	}
	for _, e := range entries {
		if IsReport(filepath.Join(dir, e.Name())) {
			t.Errorf("the session's %s is taken for a report", e.Name())
		}
	}
	for name, text := range map[string]string{
		"notes.txt":  "session notes: talk about the outage\n",
		"plan.md":    "# Practice plan\n",
		"page.html":  "<!DOCTYPE html>\n<html><title>my page</title>",
		"data.json":  `{"session": "x", "mine": true}`,
		"empty.txt":  "",
		"binary.wav": "RIFF\x24\x00\x00\x00WAVEfmt ",
	} {
		p := filepath.Join(out, name)
		os.WriteFile(p, []byte(text), 0o600)
		if IsReport(p) {
			t.Errorf("%s (%q) is taken for a report", name, text)
		}
	}
}

func TestCheckOutput(t *testing.T) {
	r, sessionDir := fixtureReport(t)
	data := filepath.Dir(filepath.Dir(sessionDir)) // the store's parent: the data folder
	out := t.TempDir()
	var html bytes.Buffer
	if err := WriteHTML(&html, r); err != nil {
		t.Fatal(err)
	}
	write := func(dir, name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	oldReport := write(out, "report.html", html.String())
	notes := write(out, "notes.txt", "my notes\n")
	recording := filepath.Join(sessionDir, "01-co-1.wav")
	os.WriteFile(recording, []byte("RIFF voice"), 0o600)
	reportInside := write(sessionDir, "report.html", html.String())
	link := filepath.Join(out, "link.html")
	os.Symlink(oldReport, link)
	dangling := filepath.Join(out, "dangling.html")
	os.Symlink(filepath.Join(out, "nowhere"), dangling)
	fifo := filepath.Join(out, "fifo")
	haveFIFO := makeFIFO(t, fifo)
	// The data folder reached through a link.
	dataLink := filepath.Join(out, "data-link")
	os.Symlink(data, dataLink)
	viaLink := filepath.Join(dataLink, "sessions", fixtureID, "session.json")

	for _, c := range []struct {
		name, path string
		force      bool
		want       string // "" for allowed
	}{
		{"a new file", filepath.Join(out, "new.html"), false, ""},
		{"a new file in a session's folder", filepath.Join(sessionDir, "new.html"), false, ""},
		{"a report written before", oldReport, false, ""},
		{"a report in the data folder", reportInside, false, ""},
		{"someone's notes", notes, false, "notes.txt: already exists and is not a report: name another file, or pass --force to replace it"},
		{"someone's notes, forced", notes, true, ""},
		{"a recording", recording, false, "01-co-1.wav: is not a report, and it is in starcoach's data folder"},
		{"a recording, forced", recording, true, "in starcoach's data folder, where it may be a recording"},
		{"session.json, forced", filepath.Join(sessionDir, "session.json"), true, "session.json: is not a report, and it is in starcoach's data folder"},
		{"session.json through a linked folder", viaLink, true, "in starcoach's data folder"},
		{"a link to a report", link, false, "link.html: already exists and is a link, which the report would replace"},
		{"a link to a report, forced", link, true, ""},
		{"a dangling link", dangling, true, "a link to something that is not a file"},
		{"a folder", out, true, "is a folder"},
		{"a FIFO", fifo, true, "fifo: not a regular file"},
	} {
		if c.path == fifo && !haveFIFO {
			continue
		}
		err := CheckOutput(c.path, data, c.force)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: err = %v; want %q", c.name, err, c.want)
		case err != nil && (strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), c.path+": ")):
			t.Errorf("%s: %q is not one line naming the file", c.name, err)
		}
	}
}

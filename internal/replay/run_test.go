package replay

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/ui"
)

// An answer named as SESSION:N plays whole on the speaker, with its line
// on standard output; a session whose only recording is gone plays
// nothing and says why.
func TestRunPlaysTheAnswerNamed(t *testing.T) {
	store, id, rec := makeSession(t, "Hello there.")
	fake := &audio.Fake{}
	open := func(io.Writer) (audio.System, error) { return fake, nil }
	streams, _, out, errOut := ui.Test()
	if err := Run(context.Background(), store, Request{Ref: "latest:1", Open: open}, streams); err != nil {
		t.Fatalf("%v; stderr %s", err, errOut)
	}
	sameSamples(t, "the answer", fake.Played(), rec.samples)
	if !strings.Contains(out.String(), "Tell me about a deadline you rescued.") {
		t.Errorf("no answer line:\n%s", out)
	}

	outside := filepath.Join(t.TempDir(), "take.wav")
	os.WriteFile(outside, []byte("RIFF"), 0o600)
	if err := Run(context.Background(), store, Request{Ref: outside, Open: open}, streams); err == nil {
		t.Error("a recording outside any session: no error")
	}

	os.Remove(filepath.Join(store.SessionDir(id), "q1.wav"))
	streams, _, _, errOut = ui.Test()
	err := Run(context.Background(), store, Request{Session: "latest", Open: open}, streams)
	if err == nil || !strings.Contains(err.Error()+errOut.String(), "q1.wav: the recording is missing") {
		t.Errorf("missing recording: %v, stderr %q", err, errOut)
	}
}

func TestParseSections(t *testing.T) {
	got, err := ParseSections("action, R")
	if err != nil || len(got) != 2 || got[0] != star.A || got[1] != star.R {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := ParseSections("a,outcome"); err == nil || !strings.Contains(err.Error(), `"outcome"`) {
		t.Errorf("unknown section: %v", err)
	}
}

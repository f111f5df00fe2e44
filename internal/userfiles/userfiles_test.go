package userfiles

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/transcript"
)

type dirs struct{ data, config string }

func (d dirs) DataDir() string   { return d.data }
func (d dirs) ConfigDir() string { return d.config }

func noEnv(string) string { return "" }

// A filler word the user adds to speech-words.toml is counted by every
// figure: the speech figures and the STAR check's fillers alike.
func TestTheUsersFillerWordCountsEverywhere(t *testing.T) {
	cfg := t.TempDir()
	if err := os.WriteFile(filepath.Join(cfg, "speech-words.toml"), []byte(`soft_fillers = ["right"]`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := New(dirs{data: t.TempDir(), config: cfg}, noEnv)
	words, err := f.Words()
	if err != nil {
		t.Fatal(err)
	}
	tr := &transcript.Transcript{Text: "Right, so at my last job, right, the nightly build took six hours. I had to make it faster, right. I cached the dependencies and split the tests. The build went from six hours to forty minutes."}
	a := assess.Of(assess.DefaultLimitS, nil, tr, nil, words)
	if a.Check == nil || a.Check.Fillers != 3 {
		t.Fatalf("STAR check fillers: %+v; want the user's \"right\" counted 3 times", a.Check)
	}
	if _, err := f.Words(); err != nil {
		t.Fatal(err)
	}
}

// A broken user file is an error naming it; with no configuration folder
// no user file is read, and none is looked for in the current folder.
func TestUserFilesErrorsAndNoConfigFolder(t *testing.T) {
	cfg := t.TempDir()
	if err := os.WriteFile(filepath.Join(cfg, "star-lexicon.toml"), []byte("[fillers]\nmarkers = [\"right\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dirs{config: cfg}, noEnv).Star(); err == nil || !strings.Contains(err.Error(), "star-lexicon.toml") {
		t.Errorf("broken lexicon: %v; want an error naming the file", err)
	}
	data := t.TempDir()
	none := New(dirs{data: data}, noEnv)
	if p := none.File("config.toml"); p != "" {
		t.Errorf("config file with no config folder: %q", p)
	}
	if _, err := none.Words(); err != nil {
		t.Errorf("built-in word lists alone: %v", err)
	}
	if got := none.Store().Dir; !strings.HasPrefix(got, data) {
		t.Errorf("store in %q; want it under the data folder %q", got, data)
	}
}

package transcript

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.transcript.json")
	if err := os.WriteFile(good, []byte(`{"engine":"whisper","text":"I led it.","words":[{"start_s":0.1,"end_s":0.2,"word":"I"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Engine != "whisper" || tr.Text != "I led it." || len(tr.Words) != 1 || tr.Segments == nil {
		t.Errorf("Load = %+v", tr)
	}

	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}

	bad := filepath.Join(dir, "b.transcript.json")
	if err := os.WriteFile(bad, []byte(`RIFF....WAVE`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), bad+": not a transcript") {
		t.Errorf("malformed file: %v, want an error starting with the file's name", err)
	}
}

func TestPlainText(t *testing.T) {
	words := []Word{{Word: "we"}, {Word: "shipped"}}
	for _, c := range []struct {
		t    Transcript
		want string
	}{
		{Transcript{Text: "We shipped.", Words: words}, "We shipped."},
		{Transcript{Text: "  ", Words: words}, "we shipped"},
		{Transcript{}, ""},
	} {
		if got := c.t.PlainText(); got != c.want {
			t.Errorf("PlainText(%+v) = %q, want %q", c.t, got, c.want)
		}
	}
}

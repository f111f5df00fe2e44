package answerref

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		id   string
		n    int
		okay bool
	}{
		{"latest:2", "latest", 2, true},
		{"2026-11-23:1", "2026-11-23", 1, true},
		{"2026-11-23T10:15:3", "2026-11-23T10:15", 3, true},
		{"latest:0", "", 0, false},
		{"latest", "", 0, false},
		{"answer.wav", "", 0, false},
		{":2", "", 0, false},
	}
	for _, c := range cases {
		id, n, ok := Parse(c.in)
		if id != c.id || n != c.n || ok != c.okay {
			t.Errorf("Parse(%q) = %q, %d, %v", c.in, id, n, ok)
		}
	}
}

// fixture is a store with one session: an answer over a 50 s limit and
// its follow-up, each with a saved timing.
func fixture(t *testing.T) (*session.Store, string) {
	t.Helper()
	store := session.NewStore(t.TempDir())
	id := "2026-11-24T10-00-00"
	dir := store.SessionDir(id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	sess := session.Session{Schema: 1, ID: id, Settings: session.Settings{LimitS: 50},
		Questions: []session.Question{{ID: "ownership-1", Text: "Tell me about a time you owned something.", LimitS: 50}},
		Answers: []session.Answer{
			{Question: 0, Kind: session.KindAnswer, WAV: "01-ownership-1.wav", Timing: "01-ownership-1.wav.timing.json", Status: session.StatusRecorded},
			{Question: 0, Kind: session.KindFollowUp, Prompt: "What would you do differently?", Parent: 1, WAV: "02-ownership-1-follow-up.wav", Timing: "02-ownership-1-follow-up.wav.timing.json", Status: session.StatusRecorded},
		}}
	writeJSON(t, filepath.Join(dir, session.FileName), sess)
	for _, a := range sess.Answers {
		if err := os.WriteFile(filepath.Join(dir, a.WAV), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		writeJSON(t, filepath.Join(dir, a.Timing), analyze.Result{File: a.WAV, AnswerS: 62, DurationS: 63, SpeechFound: true, LimitS: 50, Gaps: []analyze.Gap{}})
	}
	return store, dir
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// SESSION:N and the recording's path inside the session's folder are the
// same answer, a follow-up's kind and prompt included, judged the same.
func TestResolveNamesOneAnswerTwoWays(t *testing.T) {
	store, dir := fixture(t)
	byRef, err := Resolve(store, "latest:2")
	if err != nil {
		t.Fatal(err)
	}
	byPath, err := Resolve(store, filepath.Join(dir, "02-ownership-1-follow-up.wav"))
	if err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]Answer{"latest:2": byRef, "path": byPath} {
		rec, ok := a.Record()
		if !ok || a.N != 2 || rec.Kind != session.KindFollowUp || a.Ref() != "2026-11-24T10-00-00:2" {
			t.Errorf("%s: answer %d, kind %q, ref %s; want the follow-up, 2026-11-24T10-00-00:2", name, a.N, rec.Kind, a.Ref())
		}
		as := a.Assess(assess.Options{})
		if as.Kind != session.KindFollowUp || as.Prompt != "What would you do differently?" || as.Timing == nil || as.Timing.Verdict != analyze.Over {
			t.Errorf("%s: assessed as kind %q, prompt %q, timing %+v", name, as.Kind, as.Prompt, as.Timing)
		}
	}
	if in, ok := InSessionFolder(filepath.Join(dir, "02-ownership-1-follow-up.transcript.json")); !ok || in.N != 2 {
		t.Errorf("a transcript in the session's folder: %+v, %v; want answer 2", in, ok)
	}
}

func TestResolveSaysWhatIsWrong(t *testing.T) {
	store, dir := fixture(t)
	for arg, want := range map[string]string{
		dir:            "is a folder",
		"latest":       "that is session 2026-11-24T10-00-00; name one of its answers as latest:N",
		"latest:3":     "session 2026-11-24T10-00-00 has 2 answers",
		"gone.wav":     "gone.wav: no such file",
		"nonsense":     "not an answer named as SESSION:N",
		"2027-01-01:1": "2027-01-01:1: ",
	} {
		_, err := Resolve(store, arg)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Resolve(%q): %v, want %q", arg, err, want)
		}
		var ue *UsageError
		if usage := errors.As(err, &ue); usage != (arg == dir || arg == "latest") {
			t.Errorf("Resolve(%q): a usage error is %v", arg, usage)
		}
	}
	loose := filepath.Join(t.TempDir(), "answer.wav")
	if err := os.WriteFile(loose, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := Resolve(store, loose)
	if err != nil || a.Session != nil || a.Ref() != loose {
		t.Errorf("a recording outside any session: %+v, %v", a, err)
	}
	got, err := Recordings(store, []string{"latest:1", loose, "missing.wav"})
	if err != nil || len(got) != 3 || got[0] != filepath.Join(dir, "01-ownership-1.wav") || got[1] != loose || got[2] != "missing.wav" {
		t.Errorf("Recordings: %q, %v", got, err)
	}
}

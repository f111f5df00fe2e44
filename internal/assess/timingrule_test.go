package assess

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/testaudio"
)

// A session's answer whose saved timing cannot be read is judged by
// LoadTiming's rule: no timing, the file named, and no measurement behind
// the user's back; the same answer named by its recording alone says the
// same.
func TestBuildReadsASavedTimingByLoadTimingsRule(t *testing.T) {
	dir := t.TempDir()
	wavPath := filepath.Join(dir, "01-q.wav")
	testaudio.Tone(t, wavPath, 3, testaudio.Rate)
	timing := Paths(wavPath).Timing
	if err := os.WriteFile(timing, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadTiming(wavPath, 60); err == nil {
		t.Fatal("LoadTiming read a broken timing file without an error")
	}
	s := &session.Session{ID: "s", Settings: session.Settings{LimitS: 60}, Answers: []session.Answer{
		{Question: -1, Kind: session.KindAnswer, WAV: filepath.Base(wavPath), Timing: filepath.Base(timing), Status: session.StatusRecorded},
	}}
	for name, a := range map[string]Answer{
		"Build": Build(s, dir, 0, Options{}),
		"Loose": Loose(wavPath, 60, Options{}),
	} {
		if a.Timing != nil {
			t.Errorf("%s: timing %+v from a broken timing file; want none, as LoadTiming gives", name, *a.Timing)
		}
		said := strings.Join(a.Warnings, "\n")
		if !strings.Contains(said, filepath.Base(timing)) {
			t.Errorf("%s: the warnings do not name %s:\n%s", name, filepath.Base(timing), said)
		}
	}
}

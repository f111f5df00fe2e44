package quality_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
)

// TestPocketSphinxNonsenseIsRefused speaks a strong answer with espeak-ng
// and transcribes it with the real pocketsphinx_continuous, which hears
// synthetic speech as nonsense; its own word posteriors give it away.
func TestPocketSphinxNonsenseIsRefused(t *testing.T) {
	testaudio.Need(t, "pocketsphinx_continuous", "espeak-ng", "sox")
	dir := t.TempDir()
	wav := testaudio.Speak(t, dir, "Last spring our payment service was timing out. I found the cause in the connection pool and fixed it. Errors fell from four percent to almost none.", 16000)
	eng, err := stt.Choose(stt.Settings{Engine: stt.PocketSphinx}, stt.Survey(stt.Settings{}, exec.LookPath))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tr, err := (&stt.Transcriber{Engine: eng, Runner: &stt.ExecRunner{}, TempDir: tmp}).Transcribe(context.Background(), wav)
	if err != nil {
		t.Fatal(err)
	}
	e := quality.Judge(tr, 0, quality.SystemDictionary())
	d := -1.0
	if e.Doubted != nil {
		d = *e.Doubted
	}
	t.Logf("heard %q: %s, order z %.1f, doubted %.2f (%s)", tr.Text, e.Level, e.OrderZ, d, e.Why())
	if e.Doubted == nil {
		t.Fatalf("no word posteriors from PocketSphinx")
	}
	if e.Reliable() {
		t.Errorf("PocketSphinx's transcript of synthetic speech judged %s", e.Level)
	}
}

// The engines' own confidences reach the estimate: whisper's token
// probabilities (-ojf), Vosk's word confidences. The same transcripts with
// the confidences lowered are refused.
func TestEngineConfidences(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "stt")
	for _, c := range []struct {
		file  string
		parse func([]byte) (*transcript.Transcript, error)
		conf  *regexp.Regexp
		low   string
	}{
		{"whisper/answer.ojf.json", stt.ParseWhisper, regexp.MustCompile(`"p": [0-9.]+`), `"p": 0.2`},
		{"vosk/answer.results.json", stt.ParseVosk, regexp.MustCompile(`"conf" : [0-9.]+`), `"conf" : 0.2`},
	} {
		data, err := os.ReadFile(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			data     []byte
			reliable bool
		}{{data, true}, {c.conf.ReplaceAll(data, []byte(c.low)), false}} {
			tr, err := c.parse(v.data)
			if err != nil {
				t.Fatalf("%s: %v", c.file, err)
			}
			e := quality.Judge(tr, 0, nil)
			if e.Doubted == nil || e.Reliable() != v.reliable {
				t.Errorf("%s: %s (%s), doubted %v; want reliable %v", c.file, e.Level, e.Why(), e.Doubted, v.reliable)
			}
		}
	}
}

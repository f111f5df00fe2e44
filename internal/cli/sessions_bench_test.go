package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/ui"
)

// bigSession writes a session of n transcribed answers into a new data
// folder and returns the folder. Every answer has its own recording,
// timing, transcript and STAR check (links to one set, to keep the set-up
// short).
func bigSession(b *testing.B, n int) string {
	b.Helper()
	data := b.TempDir()
	id := "2026-01-01T00-00-00"
	dir := filepath.Join(data, "sessions", id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	wavPath := testaudio.Speak(b, b.TempDir(), "I rebuilt the release pipeline and we cut the build from forty to six minutes.", 16000)
	f, err := os.Open(wavPath)
	if err != nil {
		b.Fatal(err)
	}
	tm, err := analyze.Stream(f, analyze.DefaultOptions())
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	tr := &transcript.Transcript{Engine: "command", Text: "I rebuilt the release pipeline and we cut the build from forty to six minutes."}
	res := star.Check(tr, &star.Timing{DurationS: tm.DurationS, LimitS: 120}, star.DefaultLexicon())
	proto := map[string]any{"wav": nil, "timing": tm, "transcript": tr, "star": res}
	protoPath := map[string]string{"wav": wavPath}
	for _, k := range []string{"timing", "transcript", "star"} {
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(proto[k]); err != nil {
			b.Fatal(err)
		}
		protoPath[k] = filepath.Join(b.TempDir(), k+".json")
		if err := os.WriteFile(protoPath[k], buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s := &session.Session{Schema: session.SchemaVersion, ID: id, Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Questions: []session.Question{{ID: "ownership-1", Text: "Tell me about a time.", LimitS: 120}}, Finished: true}
	for i := range n {
		base := fmt.Sprintf("%02d-ownership-1", i+1)
		a := session.Answer{Kind: session.KindAnswer, Status: session.StatusTranscribed, WAV: base + ".wav",
			Timing: base + ".wav.timing.json", Transcript: base + ".transcript.json", Star: base + ".star.json", DurationS: tm.DurationS}
		for k, name := range map[string]string{"wav": a.WAV, "timing": a.Timing, "transcript": a.Transcript, "star": a.Star} {
			if err := os.Link(protoPath[k], filepath.Join(dir, name)); err != nil {
				b.Fatal(err)
			}
		}
		s.Answers = append(s.Answers, a)
	}
	var buf bytes.Buffer
	if err := session.Encode(&buf, s); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, session.FileName), buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkSessionsList10000 times 'sessions list' on a session of 10,000
// answers: it reads session.json and every answer's files once, so its
// time grows with the session's size.
func BenchmarkSessionsList10000(b *testing.B) {
	data := bigSession(b, 10000)
	var out bytes.Buffer
	env := &Env{Streams: &ui.Streams{In: strings.NewReader(""), Out: &out, Err: io.Discard}, Getenv: func(string) string { return "" }, dataDir: data}
	b.ResetTimer()
	for b.Loop() {
		out.Reset()
		if err := runSessionsList(&sessionsListOptions{env: env}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if !strings.Contains(out.String(), "10000/1") {
		b.Fatalf("not the whole session listed:\n%s", out.String())
	}
}

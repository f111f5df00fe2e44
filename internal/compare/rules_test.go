package compare

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/transcript"
)

// timedTake is an answer (or follow-up) of answerS seconds, first word at
// firstS, with transcript text (none when ""), assessed from its files as
// every command assesses a session's answer.
func timedTake(t *testing.T, kind string, answerS, firstS float64, text string) Take {
	t.Helper()
	dir := t.TempDir()
	// Spoken at 150 words a minute, so that the transcript reads as
	// reliable and is judged.
	speaking := answerS - firstS
	if n := len(strings.Fields(text)); n > 0 {
		speaking = float64(n) * 60 / 150
	}
	tm := analyze.Result{DurationS: answerS + 1, AnswerS: answerS, SpeechFound: true, SpeechStartS: firstS, SpeechEndS: answerS, SpeakingS: speaking, ShortS: 30, NearS: 10}
	data, err := json.Marshal(tm)
	if err != nil {
		t.Fatal(err)
	}
	a := session.Answer{Question: 0, Kind: kind, Status: session.StatusRecorded, WAV: "take.wav", Timing: "take.wav.timing.json"}
	if err := os.WriteFile(filepath.Join(dir, a.Timing), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if text != "" {
		if _, err := stt.Save(filepath.Join(dir, a.WAV), &transcript.Transcript{Text: text}); err != nil {
			t.Fatal(err)
		}
		a.Transcript, a.Status = "take.transcript.json", session.StatusTranscribed
	}
	s := &session.Session{ID: "s", Questions: []session.Question{{ID: "q", Text: "Tell me about a time."}}}
	if kind == session.KindFollowUp {
		a.Prompt, a.Parent = "What were the trade-offs?", 1
		s.Answers = append(s.Answers, session.Answer{Question: 0, Kind: session.KindAnswer})
	}
	s.Answers = append(s.Answers, a)
	return NewTake("take", assess.Build(s, dir, len(s.Answers)-1, assess.Options{}))
}

func verdictOfMeasure(c Comparison, m string) (string, bool) {
	for _, ch := range c.Changes {
		if ch.Measure == m {
			return ch.Verdict, true
		}
	}
	return "", false
}

func TestDurationJudgedByItsRule(t *testing.T) {
	for _, tc := range []struct {
		name   string
		aS, bS float64
		want   string
	}{
		{"ok to ok, shorter", 55, 50, ""},
		{"ok to ok, longer", 62, 98, ""},
		{"short to ok", 20, 70, "better"},
		{"ok to over", 100, 130, "worse"},
		{"over to over, shorter", 150, 130, "better"},
		{"short to over", 20, 140, ""},
	} {
		a := timedTake(t, session.KindAnswer, tc.aS, 1, "")
		b := timedTake(t, session.KindAnswer, tc.bS, 1, "")
		got, _ := verdictOfMeasure(Compare(a, b), "duration")
		if got != tc.want {
			t.Errorf("%s (%s -> %s): duration %q, want %q", tc.name, a.Timing.Verdict, b.Timing.Verdict, got, tc.want)
		}
	}
}

func TestClippedStartIsNotBetter(t *testing.T) {
	a := timedTake(t, session.KindAnswer, 70, 1.2, "")
	clipped := timedTake(t, session.KindAnswer, 70, 0, "")
	if got, _ := verdictOfMeasure(Compare(a, clipped), "first word"); got != "worse" {
		t.Errorf("1.2 s -> 0.0 s (clipped): %q, want worse", got)
	}
	slow := timedTake(t, session.KindAnswer, 70, 5, "")
	if got, _ := verdictOfMeasure(Compare(slow, clipped), "first word"); got != "" {
		t.Errorf("5.0 s (slow) -> 0.0 s (clipped): %q, want neither", got)
	}
	if got, _ := verdictOfMeasure(Compare(slow, a), "first word"); got != "better" {
		t.Errorf("5.0 s (slow) -> 1.2 s: %q, want better", got)
	}
	if got, _ := verdictOfMeasure(Compare(a, timedTake(t, session.KindAnswer, 70, 2.4, "")), "first word"); got != "" {
		t.Errorf("1.2 s -> 2.4 s, both prompt starts: %q, want neither", got)
	}
}

func TestFollowUpsJudgedAsReplies(t *testing.T) {
	a := timedTake(t, session.KindFollowUp, 20, 0.5, "We had to choose between speed and safety.")
	b := timedTake(t, session.KindFollowUp, 35, 0.5, "I chose the slower rollout because the trade-off was risk against speed; we gave up two days to keep error rates flat.")
	if a.Reply == nil || b.Reply == nil {
		t.Fatal("follow-ups without a reply judgement")
	}
	c := Compare(a, b)
	if _, ok := verdictOfMeasure(c, "reply"); !ok {
		t.Errorf("no reply row: %+v", c.Changes)
	}
	if _, ok := verdictOfMeasure(c, "score"); ok {
		t.Errorf("follow-ups given a STAR score row: %+v", c.Changes)
	}
	// 0:20 and 0:35 are both fine for a reply (its limit is 1:00).
	if got, _ := verdictOfMeasure(c, "duration"); got != "" {
		t.Errorf("reply 0:20 -> 0:35: %q, want neither", got)
	}
	var out strings.Builder
	if err := WriteText(&out, c); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "no transcript yet") {
		t.Errorf("transcribed follow-ups said to have no transcript:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "(follow-up, judged as a reply to its push)") {
		t.Errorf("follow-ups not named as such:\n%s", out.String())
	}
}

func TestLine(t *testing.T) {
	a := timedTake(t, session.KindAnswer, 55, 1, "In my last job the deploys were slow. I rewrote the pipeline.")
	b := timedTake(t, session.KindAnswer, 98, 1, "In my last job the deploys were slow. My task was to make them fast. I rewrote the pipeline and I added caching. As a result deploys went from forty minutes to six, and I learned to measure first.")
	line := Line(a, b)
	if !strings.HasPrefix(line, "0:55 -> 1:38") {
		t.Errorf("line %q does not start with the lengths", line)
	}
	if !strings.Contains(line, "score ") || !strings.Contains(line, " -> ") {
		t.Errorf("line %q has no score change", line)
	}
	if a.Star != nil && len(a.Star.Missing) > 0 && len(b.Star.Missing) < len(a.Star.Missing) && !strings.Contains(line, "now heard") {
		t.Errorf("line %q does not say which section is now heard (A missing %v, B missing %v)", line, a.Star.Missing, b.Star.Missing)
	}
}

// A take with no speech is no take to compare.
func TestNoSpeechIsNotCompared(t *testing.T) {
	silent := timedTake(t, session.KindAnswer, 0, 0, "")
	silent.Timing.SpeechFound = false
	silent.NoSpeech = true
	if _, err := checked("latest:1", silent.Answer); err == nil || !strings.Contains(err.Error(), "latest:1: no speech was heard in this take") {
		t.Errorf("a take with no speech: %v", err)
	}
}

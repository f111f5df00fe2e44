package practice_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/audio/audiotest"
	"github.com/starcoach/starcoach/internal/cli"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
)

// The test binary doubles as starcoach, so the end-to-end tests run the
// real command in a process of its own that they can time and kill.
func TestMain(m *testing.M) {
	if os.Getenv("STARCOACH_E2E_MAIN") == "1" {
		os.Exit(cli.Main())
	}
	os.Exit(m.Run())
}

// starcoach starts the command with the audio environment env and a data
// directory of its own under home.
func starcoach(t *testing.T, env []string, home string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"--data-dir", home}, args...)...)
	cmd.Env = append(append(os.Environ(), env...), "STARCOACH_E2E_MAIN=1", "STARCOACH_CONFIG_HOME="+filepath.Join(home, "config"))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errOut
}

// answers says the texts with espeak-ng at 16 kHz, each after lead seconds
// of silence, and joins them with tail seconds of silence at the end.
func answers(t *testing.T, dir string, lead, tail float64, texts ...string) string {
	t.Helper()
	var parts []string
	for _, text := range texts {
		parts = append(parts, testaudio.Silence(t, dir, lead, testaudio.Rate), testaudio.Speak(t, dir, text, testaudio.Rate))
	}
	parts = append(parts, testaudio.Silence(t, dir, tail, testaudio.Rate))
	return testaudio.Join(t, filepath.Join(dir, "stream.wav"), parts...)
}

// waitForRecording waits until practice has begun the recording whose file
// name matches pattern (its file is made as capture starts), so that sound
// played next is heard from its start however long starcoach took to
// start up.
func waitForRecording(t *testing.T, cmd *exec.Cmd, home, pattern string, out, errOut *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(home, "sessions", "*", pattern)); len(m) > 0 {
			return
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no recording %s began\nstdout:\n%s\nstderr:\n%s", pattern, out, errOut)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func slowEngine(t *testing.T, seconds string) []string {
	t.Helper()
	slow, err := filepath.Abs("../../testdata/stt/fake/slow.sh")
	if err != nil {
		t.Fatal(err)
	}
	return []string{"--engine", "command", "--cmd-arg", slow, "--cmd-arg", "{wav}", "--cmd-arg", seconds}
}

func onlySession(t *testing.T, home string) (*session.Session, string) {
	t.Helper()
	st := session.NewStore(home)
	ids, err := st.IDs()
	if err != nil || len(ids) != 1 {
		t.Fatalf("sessions %v %v", ids, err)
	}
	s, err := st.Load(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	return s, st.SessionDir(ids[0])
}

func mtime(t *testing.T, path string) time.Time {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.ModTime()
}

var answerTexts = []string{
	"I owned the deploy pipeline and cut the build time by half.",
	"I dug into the error logs and found the retry storm myself.",
	"I pushed back on the launch date and we shipped a safer plan.",
}

// Three answers spoken into the real-time virtual microphone, a speech to
// text engine that takes 4 s per answer: recording answer 2 starts while
// answer 1 is still being transcribed, and the session ends about one
// transcription after the last answer was recorded, not three.
func TestPracticeOnVirtualMicOverlapsTranscription(t *testing.T) {
	const engineS = 4
	p := audiotest.Pulse(t)
	dir := t.TempDir()
	stream := answers(t, dir, 2.5, 3, answerTexts...)
	home := filepath.Join(dir, "home")

	start := time.Now()
	cmd, out, errOut := starcoach(t, p.Env(), home, append([]string{"practice", "--count", "3", "--seed", "1", "--countdown", "0",
		"--stop-after-silence", "1.5s", "--limit", "30"}, slowEngine(t, "4")...)...)
	waitForRecording(t, cmd, home, "01-*.wav", out, errOut)
	p.Play(t, stream)
	played := time.Now()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("practice: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	end := time.Now()

	s, sdir := onlySession(t, home)
	if !s.Finished || len(s.Answers) != 3 {
		t.Fatalf("session %+v\n%s", s, errOut)
	}
	var recordedEnd, lastTranscript time.Time
	for i, a := range s.Answers {
		if a.Status != session.StatusTranscribed {
			t.Errorf("answer %d: %s %s", i+1, a.Status, a.Error)
		}
		if a.DurationS < 3 || a.DurationS > 12 {
			t.Errorf("answer %d lasted %.1f s", i+1, a.DurationS)
		}
		recordedEnd = mtime(t, filepath.Join(sdir, a.WAV))
		lastTranscript = mtime(t, filepath.Join(sdir, a.Star))
	}
	// Recording 2 ran while transcription 1 was going on: it began before
	// transcript 1 was written and ended after.
	wav2End := mtime(t, filepath.Join(sdir, s.Answers[1].WAV))
	wav2Start := wav2End.Add(-time.Duration(s.Answers[1].DurationS * float64(time.Second)))
	tr1End := mtime(t, filepath.Join(sdir, s.Answers[0].Transcript))
	if !(wav2Start.Before(tr1End) && tr1End.Before(wav2End)) {
		t.Errorf("recording 2 ran %s to %s, transcription 1 ended at %s: they did not overlap",
			wav2Start.Format("15:04:05.000"), wav2End.Format("15:04:05.000"), tr1End.Format("15:04:05.000"))
	}
	recording := recordedEnd.Sub(start)
	total := end.Sub(start)
	t.Logf("stream %.1f s played in %.1f s; last answer recorded at %.1f s; last STAR check at %.1f s; command ended at %.1f s (summary %.0f ms after the last check); serial would be about %.1f s",
		float64(testaudio.Samples(t, stream))/testaudio.Rate, played.Sub(start).Seconds(), recording.Seconds(),
		lastTranscript.Sub(start).Seconds(), total.Seconds(), end.Sub(lastTranscript).Seconds()*1000, recording.Seconds()+3*engineS)
	// Done one after another, the three transcriptions would come after
	// the recordings; overlapped, only the last one does.
	if total > recording+2*engineS*time.Second {
		t.Errorf("session took %.1f s, recording %.1f s: more than the last transcription came after the recordings", total.Seconds(), recording.Seconds())
	}
	for _, want := range []string{"answer 1 (", "answer 2 (", "answer 3 (", "3 of 3 questions answered, finished", "STAR: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// A practice killed with SIGKILL in the middle of answer 2 loses nothing:
// --resume --keep keeps answer 1, repairs and keeps the part of answer 2
// that was recorded, transcribes both, and asks question 3.
func TestPracticeKilledMidAnswerResumes(t *testing.T) {
	p := audiotest.Pulse(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	text, err := filepath.Abs("../../testdata/stt/fake/text.sh")
	if err != nil {
		t.Fatal(err)
	}
	engine := []string{"--engine", "command", "--cmd-arg", text, "--cmd-arg", "{wav}"}
	first := answers(t, dir, 1, 0, answerTexts[0], answerTexts[1]+" "+answerTexts[1])

	cmd, out, errOut := starcoach(t, p.Env(), home, append([]string{"practice", "--count", "3", "--seed", "2", "--countdown", "0",
		"--stop-after-silence", "1.5s", "--limit", "30"}, engine...)...)
	waitForRecording(t, cmd, home, "01-*.wav", out, errOut)
	played := make(chan struct{})
	go func() {
		defer close(played)
		p.Play(t, first)
	}()
	// Wait until answer 2 holds a second of sound, then kill.
	deadline := time.Now().Add(30 * time.Second)
	var wav2 string
	for time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(home, "sessions", "*", "02-*.wav"))
		if len(m) == 1 {
			if st, err := os.Stat(m[0]); err == nil && st.Size() > 44+testaudio.Rate*2 {
				wav2 = m[0]
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if wav2 == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("answer 2 never started\nstdout:\n%s\nstderr:\n%s", out, errOut)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	killedSize := mustSize(t, wav2)
	<-played // the rest of the first stream goes to nobody

	s, _ := onlySession(t, home)
	if len(s.Answers) != 2 || s.Answers[1].Status != session.StatusRecording || s.Finished {
		t.Fatalf("after the kill: %+v", s.Answers)
	}

	third := answers(t, dir, 1, 3, answerTexts[2])
	cmd, out, errOut = starcoach(t, p.Env(), home, append([]string{"practice", "--resume", "--keep", "--countdown", "0",
		"--stop-after-silence", "1.5s", "--json"}, engine...)...)
	p.Play(t, third)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("practice --resume: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	if !strings.Contains(errOut.String(), "kept 02-") {
		t.Errorf("stderr does not say answer 2 was kept:\n%s", errOut)
	}
	var sum struct {
		Finished bool `json:"finished"`
		Answers  []struct {
			Status string `json:"status"`
			Timing struct {
				RecordingS float64 `json:"recording_s"`
			} `json:"timing"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("summary: %v\n%s", err, out)
	}
	if !sum.Finished || len(sum.Answers) != 3 {
		t.Fatalf("summary %+v", sum)
	}
	for i, a := range sum.Answers {
		if a.Status != session.StatusTranscribed || a.Timing.RecordingS < 1 {
			t.Errorf("answer %d: %+v", i+1, a)
		}
	}
	if got := mustSize(t, wav2); got < killedSize {
		t.Errorf("answer 2 shrank from %d to %d bytes", killedSize, got)
	}
	t.Logf("answer 2 killed at %d bytes, kept %.2f s", killedSize, sum.Answers[1].Timing.RecordingS)
}

// The daily loop on the real-time virtual microphone: Ctrl-C a second into
// the answer; --resume takes the question again (off a terminal, the
// default) and keeps the take cut short; then 'retake' takes it once more
// and ends with what changed. The question counts once throughout.
func TestPracticeCtrlCResumeAndRetake(t *testing.T) {
	p := audiotest.Pulse(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	text, err := filepath.Abs("../../testdata/stt/fake/text.sh")
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--countdown", "0", "--stop-after-silence", "1.5s",
		"--engine", "command", "--cmd-arg", text, "--cmd-arg", "{wav}"}
	run := func(stream string, extra ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer, chan struct{}) {
		cmd, out, errOut := starcoach(t, p.Env(), home, append(extra, args...)...)
		played := make(chan struct{})
		go func() {
			defer close(played)
			p.Play(t, stream)
		}()
		return cmd, out, errOut, played
	}

	long := answers(t, dir, 1, 0, answerTexts[0]+" "+answerTexts[1]+" "+answerTexts[2])
	cmd, out, errOut, played := run(long, "practice", "--count", "1", "--seed", "3", "--limit", "30")
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(home, "sessions", "*", "01-*.wav"))
		if len(m) == 1 {
			if st, err := os.Stat(m[0]); err == nil && st.Size() > 44+testaudio.Rate*2*2 {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	err = cmd.Wait()
	<-played
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("Ctrl-C: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	s, _ := onlySession(t, home)
	if len(s.Answers) != 1 || !s.Answers[0].Interrupted || s.Finished {
		t.Fatalf("after Ctrl-C: %+v", s.Answers)
	}

	cmd, out, errOut, played = run(answers(t, dir, 1, 3, answerTexts[0]), "practice", "--resume")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("practice --resume: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	<-played
	if !strings.Contains(errOut.String(), "was cut short at 0:0") || !strings.Contains(errOut.String(), "taking the question again") {
		t.Errorf("stderr does not say the question is taken again:\n%s", errOut)
	}
	for _, want := range []string{"answer 2, again (", "1 of 1 questions answered, finished", "   an earlier take: not counted", "   against answer 1: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("resume stdout lacks %q:\n%s", want, out)
		}
	}

	cmd, out, errOut, played = run(answers(t, dir, 1, 3, answerTexts[0]), "retake", "latest:2")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("retake: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	<-played
	for _, want := range []string{"answer 3, again (", "1 of 1 questions answered, finished", "\nanswer 3 against answer 2: 0:0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("retake stdout lacks %q:\n%s", want, out)
		}
	}
	s, _ = onlySession(t, home)
	if len(s.Answers) != 3 || s.Answers[1].Retake != 1 || s.Answers[2].Retake != 2 || !s.Finished || s.Answered() != 1 {
		t.Fatalf("takes %+v", s.Answers)
	}
	for i, a := range s.Answers {
		if a.Status != session.StatusTranscribed {
			t.Errorf("take %d: %s %s", i+1, a.Status, a.Error)
		}
	}
}

func mustSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// The injected answer is a sound STAR answer whose Result has no number:
// that is its one weakness the probes know (Action over 35 words, "I"
// throughout, a closing lesson).
const (
	noNumberAnswer = "I ran the payment service for an online shop. Before a big sale, checkout kept failing. " +
		"My task was to make checkout reliable. I traced the failures to a slow database query. " +
		"I rewrote the query, I added a cache in front of it, and I load tested the whole checkout path every night. " +
		"I also wrote a runbook for the support team. As a result, checkout stayed up during the sale and customers were happy. " +
		"I learned to load test early."
	followUpAnswer = "Checkout errors fell from four percent to almost zero."
)

// heardEngine is a command engine that hears perfectly: it prints the
// words that were spoken for the answer it is handed, the main answer's or
// the follow-up's, after checking the recording is there.
func heardEngine(t *testing.T, dir string) []string {
	t.Helper()
	script := filepath.Join(dir, "heard.sh")
	answer, followUp := filepath.Join(dir, "answer.txt"), filepath.Join(dir, "follow-up.txt")
	for path, text := range map[string]string{
		answer:   noNumberAnswer + "\n",
		followUp: followUpAnswer + "\n",
		script:   "#!/bin/sh\n[ -s \"$1\" ] || { echo \"heard.sh: no recording at $1\" >&2; exit 2; }\ncase \"$1\" in\n*-follow-up.wav) cat \"$3\" ;;\n*) cat \"$2\" ;;\nesac\n",
	} {
		if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return []string{"--engine", "command", "--cmd-arg", script, "--cmd-arg", "{wav}", "--cmd-arg", answer, "--cmd-arg", followUp}
}

// A --follow-up session on the real-time virtual microphone: the answer
// spoken into it lacks a number in its Result, so the push asked is the
// probe for that weakness; the answer spoken to the push is stored as a
// follow-up of answer 1, and its recording is timed.
func TestPracticeFollowUpProbesTheWeakness(t *testing.T) {
	p := audiotest.Pulse(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	answer := testaudio.Join(t, filepath.Join(dir, "answer.wav"),
		testaudio.Silence(t, dir, 0.5, testaudio.Rate), testaudio.Speak(t, dir, noNumberAnswer, testaudio.Rate), testaudio.Silence(t, dir, 2.5, testaudio.Rate))
	followSpeech := testaudio.Speak(t, dir, followUpAnswer, testaudio.Rate)
	followS := float64(testaudio.Samples(t, followSpeech)) / testaudio.Rate
	follow := testaudio.Join(t, filepath.Join(dir, "follow.wav"),
		testaudio.Silence(t, dir, 0.5, testaudio.Rate), followSpeech, testaudio.Silence(t, dir, 2.5, testaudio.Rate))

	// The premise: of the probes, only the one for a Result without a
	// number fits this answer.
	want := probe.Default().All(&transcript.Transcript{Text: noNumberAnswer}, star.Check(&transcript.Transcript{Text: noNumberAnswer}, nil, nil))
	if len(want) != 1 || want[0].ID != "impact" {
		t.Fatalf("the injected answer should have one weakness, a Result without a number; the probes find %+v", want)
	}

	start := time.Now()
	cmd, out, errOut := starcoach(t, p.Env(), home, append([]string{"practice", "--count", "1", "--seed", "3", "--follow-up", "--countdown", "0",
		"--stop-after-silence", "1.5s", "--story", "Checkout outage"}, heardEngine(t, dir)...)...)
	waitForRecording(t, cmd, home, "01-*.wav", out, errOut)
	p.Play(t, answer)
	// The follow-up is asked once the answer is transcribed: speak to it
	// when its recording has begun.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(home, "sessions", "*", "02-*-follow-up.wav")); len(m) == 1 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no follow-up recording began\nstdout:\n%s\nstderr:\n%s", out, errOut)
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.Play(t, follow)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("practice: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	t.Logf("session took %.1f s", time.Since(start).Seconds())

	// The push printed is the probe for the weakness, with its reason.
	asked := "Question: " + want[0].Text + "\n          follow-up to question 1 of 1 · " + want[0].Reason + "\n"
	if !strings.Contains(errOut.String(), asked) {
		t.Errorf("stderr does not ask %q:\n%s", asked, errOut)
	}
	if line := "2. follow-up to answer 1: " + want[0].Text + "\n"; !strings.Contains(out.String(), line) {
		t.Errorf("the summary lacks %q:\n%s", line, out)
	}

	s, sdir := onlySession(t, home)
	if !s.Finished || len(s.Answers) != 2 {
		t.Fatalf("session %+v\n%s", s, errOut)
	}
	a, f := s.Answers[0], s.Answers[1]
	if a.Kind != session.KindAnswer || a.Story != "Checkout outage" || a.Status != session.StatusTranscribed {
		t.Errorf("answer 1: %+v", a)
	}
	if f.Kind != session.KindFollowUp || f.Prompt != want[0].Text || f.Parent != 1 || f.Story != "" || f.Status != session.StatusTranscribed {
		t.Errorf("the follow-up: %+v", f)
	}
	if st, err := os.Stat(filepath.Join(sdir, f.WAV)); err != nil || st.Size() < 44+testaudio.Rate*2*int64(followS) {
		t.Errorf("the follow-up's recording %s: %v", f.WAV, err)
	}
	var tm analyze.Result
	data, err := os.ReadFile(filepath.Join(sdir, f.Timing))
	if err != nil {
		t.Fatalf("the follow-up's timing: %v", err)
	}
	if err := json.Unmarshal(data, &tm); err != nil {
		t.Fatalf("%s: %v", f.Timing, err)
	}
	spoken := tm.SpeechEndS - tm.SpeechStartS
	t.Logf("follow-up: %.2f s spoken, %.2f s heard (%.2f to %.2f of %.2f s recorded)", followS, spoken, tm.SpeechStartS, tm.SpeechEndS, tm.DurationS)
	if !tm.SpeechFound || math.Abs(spoken-followS) > 0.4 || tm.LimitS != assess.FollowUpLimitS || f.DurationS < spoken {
		t.Errorf("the follow-up's timing %+v does not match the %.2f s spoken", tm, followS)
	}
}

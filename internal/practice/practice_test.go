package practice

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
)

// spoken is one short answer said by espeak-ng.
func spoken(t *testing.T) string { return spokenB(t) }

func spokenB(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	speech := testaudio.Speak(t, dir, "I owned the deploy pipeline and cut the build time by half.", testaudio.Rate)
	gap := testaudio.Silence(t, dir, 0.5, testaudio.Rate)
	return testaudio.Join(t, filepath.Join(dir, "answer.wav"), gap, speech, gap)
}

// events is a log of what happened when, shared by the fakes.
type events struct {
	mu  sync.Mutex
	log []string
}

func (e *events) add(format string, args ...any) {
	e.mu.Lock()
	e.log = append(e.log, fmt.Sprintf(format, args...))
	e.mu.Unlock()
}

func (e *events) index(s string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, l := range e.log {
		if l == s {
			return i
		}
	}
	return -1
}

// fakeRecorder "records" by copying a spoken WAV into place and timing it
// as the real recorder does. It takes hold each time.
type fakeRecorder struct {
	src   string
	hold  time.Duration
	ev    *events
	takes []Take
	// onTake, when set, runs during take n (counting from 1) and may
	// cancel the session's context as Ctrl-C would.
	onTake func(n int)
	// silent, when set, is recorded instead of src for the takes it
	// names (counting from 1).
	silent      string
	silentTakes map[int]bool
}

func (f *fakeRecorder) Record(ctx context.Context, tk Take) (Recording, error) {
	f.takes = append(f.takes, tk)
	n := len(f.takes)
	f.ev.add("record %d start", n)
	src := f.src
	if f.silentTakes[n] {
		src = f.silent
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return Recording{}, err
	}
	if err := os.WriteFile(tk.Path, data, 0o644); err != nil {
		return Recording{}, err
	}
	if f.onTake != nil {
		f.onTake(n)
	}
	stopped := "stop"
	select {
	case <-time.After(f.hold):
	case <-ctx.Done():
		stopped = StoppedBySignal
	}
	timingPath := assess.Paths(tk.Path).Timing
	tm, err := TimeRecording(tk.Path, timingPath, tk.LimitS)
	if err != nil {
		return Recording{}, err
	}
	f.ev.add("record %d end", n)
	return Recording{Path: tk.Path, Timing: tm, TimingPath: timingPath, StoppedBy: stopped}, nil
}

// fakeEngine transcribes by returning the text chosen for the file, after
// a delay; fail makes every run fail.
type fakeEngine struct {
	delay time.Duration
	ev    *events
	texts map[string]string // by question id in the file name
	fail  error
	calls int
}

func (f *fakeEngine) Transcribe(ctx context.Context, wavPath string) (*transcript.Transcript, error) {
	f.calls++
	name := filepath.Base(wavPath)
	f.ev.add("transcribe %s start", name)
	defer f.ev.add("transcribe %s end", name)
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.fail != nil {
		return nil, f.fail
	}
	text := "In my last role I owned the deploy pipeline. I had to make builds faster. I profiled every step and cached the dependencies. As a result builds took half the time."
	for id, tx := range f.texts {
		if strings.Contains(name, id) {
			text = tx
		}
	}
	return &transcript.Transcript{Engine: "fake", Text: text, DurationS: 3}, nil
}

func questions(n int) []session.Question {
	var qs []session.Question
	for i := 1; i <= n; i++ {
		qs = append(qs, session.Question{ID: fmt.Sprintf("q-%d", i), Text: fmt.Sprintf("Tell me about time %d.", i), Principles: []string{"Ownership"}, LimitS: 120, FollowUps: []string{"What were the trade-offs?"}})
	}
	return qs
}

func nowFunc() time.Time { return time.Now() }

func newSession(t *testing.T, st *session.Store, n int) *session.Handle {
	t.Helper()
	h, err := st.Create(session.Settings{Bank: "test", Count: n}, questions(n), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func TestRecordingNeverWaitsForTranscription(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 3)
	rec := &fakeRecorder{src: spoken(t), hold: 100 * time.Millisecond, ev: ev}
	eng := &fakeEngine{delay: 600 * time.Millisecond, ev: ev}
	var out bytes.Buffer
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng, Out: &out}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("events: %q", ev.log)

	// Answer 2's recording starts while answer 1 is still being
	// transcribed, and so does answer 3's.
	if a, b := ev.index("record 2 start"), ev.index("transcribe 01-q-1.wav end"); a < 0 || b < 0 || a > b {
		t.Errorf("recording 2 started at event %d, transcription 1 ended at event %d: recording waited", a, b)
	}
	if a, b := ev.index("record 3 start"), ev.index("transcribe 01-q-1.wav end"); a > b {
		t.Errorf("recording 3 started at event %d, after transcription 1 ended at %d", a, b)
	}
	// One transcription at a time, in answer order.
	for i := 1; i < 3; i++ {
		end := ev.index(fmt.Sprintf("transcribe 0%d-q-%d.wav end", i, i))
		next := ev.index(fmt.Sprintf("transcribe 0%d-q-%d.wav start", i+1, i+1))
		if end < 0 || next < 0 || next < end {
			t.Errorf("transcription %d started at event %d before %d ended at %d", i+1, next, i, end)
		}
	}
	if !sum.Finished || sum.Answered != 3 || sum.Pending != 0 || sum.Failed != 0 {
		t.Fatalf("summary %+v", sum)
	}
	for _, a := range sum.Answers {
		if a.Status != session.StatusTranscribed || a.Star == nil || a.Timing == nil || a.Timing.Verdict != "short" {
			t.Errorf("answer %d: %+v", a.N, a)
		}
		for _, f := range []string{a.Files.WAV, assess.Paths(a.Files.WAV).Timing, assess.Paths(a.Files.WAV).Transcript, assess.Paths(a.Files.WAV).Star} {
			if _, err := os.Stat(h.Path(f)); err != nil {
				t.Errorf("answer %d: %v", a.N, err)
			}
		}
	}
	// Every answer's verdict was said right after it was recorded.
	if got := strings.Count(out.String(), "of 2:00, short; first word at 0.5 s"); got != 3 {
		t.Errorf("%d verdicts in:\n%s", got, out.String())
	}
	saved, err := st.Load(h.ID)
	if err != nil || !saved.Finished || len(saved.Answers) != 3 || saved.Answers[2].Star != "03-q-3.star.json" {
		t.Fatalf("saved session %+v %v", saved, err)
	}
}

// A real command engine run as a child process, slow on purpose: the
// answers are all recorded before it is done with the first.
func TestSlowCommandEngineRunsBehindTheRecorder(t *testing.T) {
	slow, err := filepath.Abs("../../testdata/stt/fake/slow.sh")
	if err != nil {
		t.Fatal(err)
	}
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	rec := &fakeRecorder{src: spoken(t), hold: 50 * time.Millisecond, ev: ev}
	tr := &stt.Transcriber{Engine: stt.Engine{Name: stt.Command, Program: slow, Args: []string{"{wav}", "1"}}, Runner: &stt.ExecRunner{}}
	traced := &tracingTranscriber{tr, ev}
	r := &Runner{Handle: h, Recorder: rec, Transcriber: traced}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a, b := ev.index("record 2 end"), ev.index("transcribe 01-q-1.wav end"); a < 0 || b < 0 || a > b {
		t.Errorf("events %q: answer 2 was not recorded while answer 1 was transcribed", ev.log)
	}
	for _, a := range sum.Answers {
		if a.Status != session.StatusTranscribed || a.Star == nil || a.Star.Words == 0 {
			t.Errorf("answer %d: %+v", a.N, a)
		}
	}
	data, _ := os.ReadFile(h.Path("02-q-2.transcript.json"))
	if !bytes.Contains(data, []byte("I led the migration")) {
		t.Errorf("transcript: %s", data)
	}
}

type tracingTranscriber struct {
	tr Transcriber
	ev *events
}

func (x *tracingTranscriber) Transcribe(ctx context.Context, wavPath string) (*transcript.Transcript, error) {
	name := filepath.Base(wavPath)
	x.ev.add("transcribe %s start", name)
	defer x.ev.add("transcribe %s end", name)
	return x.tr.Transcribe(ctx, wavPath)
}

func TestFailedEngineKeepsTimingAndSaysHowToRetry(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	eng := &fakeEngine{ev: ev, fail: errors.New("whisper: model file is corrupt\nhint: download it again")}
	var errOut bytes.Buffer
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng, Err: &errOut}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 2 || !sum.Finished {
		t.Fatalf("summary %+v", sum)
	}
	for _, a := range sum.Answers {
		if a.Status != session.StatusFailed || a.Error != "whisper: model file is corrupt" || a.Timing == nil {
			t.Errorf("answer %d: %+v", a.N, a)
		}
		if _, err := os.Stat(h.Path(a.Files.WAV)); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(h.Path(assess.Paths(a.Files.WAV).Timing)); err != nil {
			t.Error(err)
		}
	}
	var text bytes.Buffer
	WriteText(&text, sum)
	for _, want := range []string{
		"STAR: not checked, transcription failed: whisper: model file is corrupt",
		"2 answers not transcribed (2 failed): timing only. Retry with: starcoach transcribe --session " + h.ID,
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, text.String())
		}
	}
	if !strings.Contains(errOut.String(), "answer 1: transcription failed: whisper: model file is corrupt") {
		t.Errorf("stderr: %s", errOut.String())
	}
}

// panickingEngine stands for a bug set off by what an engine printed.
type panickingEngine struct{}

func (panickingEngine) Transcribe(ctx context.Context, wavPath string) (*transcript.Transcript, error) {
	var words []string
	_ = words[len(wavPath)] // out of range: a panic
	return nil, nil
}

// A panic while transcribing behind the recorder costs the answer its
// transcript, never the session: every answer is recorded, timed and
// marked failed with the reason, and the session finishes and is saved.
func TestPanicWhileTranscribingKeepsTheSession(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	var errOut bytes.Buffer
	r := &Runner{Handle: h, Recorder: rec, Transcriber: panickingEngine{}, Err: &errOut}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 2 || !sum.Finished || sum.Answered != 2 {
		t.Fatalf("summary %+v", sum)
	}
	for _, a := range sum.Answers {
		if a.Status != session.StatusFailed || !strings.Contains(a.Error, "internal error") || a.Timing == nil {
			t.Errorf("answer %d: %+v", a.N, a)
		}
		if _, err := os.Stat(h.Path(a.Files.WAV)); err != nil {
			t.Error(err)
		}
	}
	saved, err := st.Load(h.ID)
	if err != nil || !saved.Finished || saved.Answers[1].Status != session.StatusFailed {
		t.Fatalf("saved session %+v %v", saved, err)
	}
}

// Ctrl-C during answer 2 keeps answers 1 and 2; --resume records answer 3
// and transcribes what was left.
func TestInterruptThenResume(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 3)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Answer 1 ends by itself, answer 2 by Ctrl-C.
	rec := &fakeRecorder{src: spoken(t), hold: 50 * time.Millisecond, ev: ev, onTake: func(n int) {
		if n == 2 {
			cancel()
		}
	}}
	eng := &fakeEngine{delay: 300 * time.Millisecond, ev: ev}
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng}
	sum, err := r.Run(ctx)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("Run: %v, want ErrInterrupted", err)
	}
	if len(rec.takes) != 2 || sum.Finished || sum.Answered != 2 {
		t.Fatalf("takes %d, summary %+v", len(rec.takes), sum)
	}
	var text bytes.Buffer
	WriteText(&text, sum)
	if !strings.Contains(text.String(), "Carry on with: starcoach practice --resume "+h.ID) {
		t.Errorf("summary:\n%s", text.String())
	}
	h.Close()

	saved, err := st.Load(h.ID)
	if err != nil || len(saved.Answers) != 2 {
		t.Fatalf("after Ctrl-C: %+v %v", saved, err)
	}
	for _, a := range saved.Answers {
		if a.Status == session.StatusRecording {
			t.Errorf("answer left in progress: %+v", a)
		}
	}

	h2, err := st.Open(h.ID, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Close()
	rec2 := &fakeRecorder{src: spoken(t), hold: 10 * time.Millisecond, ev: ev}
	sum, err = (&Runner{Handle: h2, Recorder: rec2, Transcriber: eng}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec2.takes) != 1 || !strings.HasSuffix(rec2.takes[0].Path, "03-q-3.wav") {
		t.Fatalf("resume recorded %+v", rec2.takes)
	}
	if !sum.Finished || sum.Answered != 3 || sum.Pending != 0 {
		t.Fatalf("after resume: %+v", sum)
	}
	for _, a := range sum.Answers {
		if a.Status != session.StatusTranscribed {
			t.Errorf("answer %d %s", a.N, a.Status)
		}
	}
}

// A process killed mid-answer leaves the answer "recording" with a WAV
// whose header may be stale; resuming repairs and keeps it.
func TestResumeKeepsAnswerCutOffByACrash(t *testing.T) {
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	data, err := os.ReadFile(spoken(t))
	if err != nil {
		t.Fatal(err)
	}
	// A header that still says "no data", as a file cut off before its
	// sizes were written.
	cut := append([]byte(nil), data...)
	copy(cut[4:8], []byte{0, 0, 0, 0})
	copy(cut[40:44], []byte{0, 0, 0, 0})
	if err := os.WriteFile(h.Path("01-q-1.wav"), cut, 0o644); err != nil {
		t.Fatal(err)
	}
	h.Answers = append(h.Answers, session.Answer{Question: 0, Kind: session.KindAnswer, WAV: "01-q-1.wav", Status: session.StatusRecording})
	h.Save()

	ev := &events{}
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	var errOut bytes.Buffer
	sum, err := (&Runner{Handle: h, Recorder: rec, Transcriber: &fakeEngine{ev: ev}, Err: &errOut}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.takes) != 1 || sum.Answered != 2 {
		t.Fatalf("takes %d, summary %+v", len(rec.takes), sum)
	}
	a := sum.Answers[0]
	if a.Status != session.StatusTranscribed || a.Timing == nil || a.RecordedS < 3 {
		t.Fatalf("recovered answer %+v", a)
	}
	if !strings.Contains(errOut.String(), "kept 01-q-1.wav") {
		t.Errorf("stderr: %s", errOut.String())
	}
}

func TestFollowUps(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	eng := &fakeEngine{delay: 50 * time.Millisecond, ev: ev}
	var seen []*transcript.Transcript
	chooser := func(tr *transcript.Transcript, r *star.Result) (string, string, bool) {
		seen = append(seen, tr)
		if len(seen) == 1 {
			return "Why that approach?", "the answer gives no reasons", true
		}
		return "", "", false
	}
	var out bytes.Buffer
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng, FollowUp: true, Chooser: chooser, Pushes: []string{"What would you do differently?"}, Out: &out}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Answers) != 4 {
		t.Fatalf("%d answers", len(sum.Answers))
	}
	// The chooser saw each answer's transcript: the follow-up waited for it.
	if len(seen) != 2 || seen[0] == nil || seen[1] == nil {
		t.Fatalf("chooser saw %v", seen)
	}
	want := []struct {
		kind, prompt string
		parent       int
	}{{session.KindAnswer, "", 0}, {session.KindFollowUp, "Why that approach?", 1}, {session.KindAnswer, "", 0}, {session.KindFollowUp, "What were the trade-offs?", 3}}
	for i, w := range want {
		a := sum.Answers[i]
		if a.Kind != w.kind || a.Prompt != w.prompt || a.FollowsUp != w.parent || a.Status != session.StatusTranscribed {
			t.Errorf("answer %d: %+v", i+1, a)
		}
	}
	if rec.takes[1].LimitS != assess.FollowUpLimitS || rec.takes[1].Question != "Why that approach?" || !strings.HasSuffix(rec.takes[1].Path, "02-q-1-follow-up.wav") {
		t.Errorf("follow-up take %+v", rec.takes[1])
	}
	if sum.Answers[1].LimitS != assess.FollowUpLimitS {
		t.Errorf("follow-up limit %v", sum.Answers[1].LimitS)
	}
	if rec.takes[1].Context != "follow-up to question 1 of 2 · the answer gives no reasons" {
		t.Errorf("follow-up context %q", rec.takes[1].Context)
	}
	if !strings.Contains(out.String(), "follow-up 2 (q-1): 0:0") {
		t.Errorf("out:\n%s", out.String())
	}
	// The line said after the reply judges it as the summary does: a
	// reply with speech is not short.
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "follow-up ") && !strings.Contains(l, " of 1:00, ok") {
			t.Errorf("follow-up judged as an answer: %q", l)
		}
	}
}

const (
	paymentsStory = "During black friday the payment service kept timing out. I had to keep checkout alive. I traced the timeouts to the connection pool of the payment service and I rewrote the retry logic. Checkout errors fell from 4% to 0.2% that black friday."
	paymentsAgain = "Our payment service failed on black friday with timeouts at checkout. My task was to fix it fast. I found the connection pool was exhausted and I changed the retry logic. Errors went from 4% to 0.2%."
	mentorStory   = "A new hire on my team struggled with code reviews. I wanted her to become independent. I paired with her twice a week and wrote a review checklist with her. Within two months she was reviewing others' code on her own."
)

func TestSameStoryFlagged(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	// An earlier session told the payments story already.
	old := session.Session{ID: "2026-01-01T10-00-00"}
	history := []story.Doc{{ID: DocID(old.ID, 1), Text: paymentsStory}}

	h := newSession(t, st, 3)
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	eng := &fakeEngine{ev: ev, texts: map[string]string{"q-1": mentorStory, "q-2": paymentsStory, "q-3": paymentsAgain}}
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng, History: func() []story.Doc { return history }}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(sum.Answers[0].SameStory); n != 0 {
		t.Errorf("answer 1 flagged: %+v", sum.Answers[0].SameStory)
	}
	a3 := sum.Answers[2].SameStory
	found := false
	for _, m := range a3 {
		if m.Session == "" && m.Answer == 2 {
			found = true
			if m.Score < story.DefaultThreshold || len(m.Shared) == 0 {
				t.Errorf("match %+v", m)
			}
		}
	}
	if !found {
		t.Errorf("answer 3 not flagged as answer 2's story: %+v", a3)
	}
	a2 := sum.Answers[1].SameStory
	if len(a2) != 1 || a2[0].Session != old.ID || a2[0].Answer != 1 {
		t.Errorf("answer 2 against history: %+v", a2)
	}
	var text bytes.Buffer
	WriteText(&text, sum)
	if !strings.Contains(text.String(), "looks like the same story as answer 2: both mention ") || !strings.Contains(text.String(), "black friday") {
		t.Errorf("summary:\n%s", text.String())
	}
	if !strings.Contains(text.String(), "looks like the same story as answer 1 of session 2026-01-01T10-00-00") {
		t.Errorf("summary:\n%s", text.String())
	}
}

func TestHistoryReadsEarlierSessions(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 1)
	eng := &fakeEngine{ev: ev, texts: map[string]string{"q-1": paymentsStory}}
	if _, err := (&Runner{Handle: h, Recorder: &fakeRecorder{src: spoken(t), ev: ev}, Transcriber: eng}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	docs := History(st, "")
	if len(docs) != 1 || docs[0].ID != DocID(h.ID, 1) || docs[0].Text != paymentsStory {
		t.Fatalf("history %+v", docs)
	}
	if docs := History(st, h.ID); len(docs) != 0 {
		t.Fatalf("history before the session: %+v", docs)
	}
	if docs := History(st, h.ID+"-later"); len(docs) != 1 {
		t.Fatalf("history before a later session: %+v", docs)
	}
}

func TestNoEngineTimingOnly(t *testing.T) {
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 1)
	r := &Runner{Handle: h, Recorder: &fakeRecorder{src: spoken(t), ev: &events{}}, NoEngine: "no speech-to-text engine found (see starcoach doctor)"}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	WriteText(&text, sum)
	for _, want := range []string{"Not transcribed: no speech-to-text engine found", "1 answer not transcribed (0 failed)", "STAR: not checked, not transcribed yet"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, sum); err != nil || !strings.Contains(js.String(), `"status": "recorded"`) {
		t.Errorf("json %v:\n%s", err, js.String())
	}
}

func TestRecorderErrorKeepsWhatWasRecorded(t *testing.T) {
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 2)
	boom := RecorderFunc(func(ctx context.Context, tk Take) (Recording, error) {
		return Recording{}, errors.New("device unplugged")
	})
	_, err := (&Runner{Handle: h, Recorder: boom}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "record answer 1: device unplugged") {
		t.Fatalf("err = %v", err)
	}
	saved, _ := st.Load(h.ID)
	if len(saved.Answers) != 0 {
		t.Fatalf("an answer with no audio was kept: %+v", saved.Answers)
	}
}

// The names given for a run go to its main answers in order, from the
// first question still to answer; follow-ups and answers past the names
// get no story. The answer of the earlier run, cut off and kept, is
// owed its follow-up, asked first.
func TestStoriesNameTheAnswersOfThisRun(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	h := newSession(t, st, 4)
	// Question 1 was answered in an earlier run, without a story.
	data, err := os.ReadFile(spoken(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.Path("01-q-1.wav"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	h.Answers = append(h.Answers, session.Answer{Question: 0, Kind: session.KindAnswer, WAV: "01-q-1.wav", Status: session.StatusRecording})
	h.Save()

	rec := &fakeRecorder{src: spoken(t), ev: ev}
	chooser := func(*transcript.Transcript, *star.Result) (string, string, bool) {
		return "What was the measurable impact?", "no number in the Result", true
	}
	r := &Runner{Handle: h, Recorder: rec, Transcriber: &fakeEngine{ev: ev}, FollowUp: true, Chooser: chooser,
		Stories: []string{"checkout outage", "mentoring Priya"}}
	if _, err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	saved, err := st.Load(h.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ kind, story string }{
		{session.KindAnswer, ""},
		{session.KindFollowUp, ""},
		{session.KindAnswer, "checkout outage"}, {session.KindFollowUp, ""},
		{session.KindAnswer, "mentoring Priya"}, {session.KindFollowUp, ""},
		{session.KindAnswer, ""}, {session.KindFollowUp, ""},
	}
	if len(saved.Answers) != len(want) {
		t.Fatalf("%d answers saved, want %d: %+v", len(saved.Answers), len(want), saved.Answers)
	}
	for i, w := range want {
		if a := saved.Answers[i]; a.Kind != w.kind || a.Story != w.story {
			t.Errorf("answer %d: %s with story %q, want %s with %q", i+1, a.Kind, a.Story, w.kind, w.story)
		}
	}
}

// The same question answered again in a later session, with the same
// story, is a take of it and not a retelling; the same story told to a
// different question in an earlier session still is one.
func TestSameQuestionAnotherDayIsATake(t *testing.T) {
	ev := &events{}
	st := session.NewStore(t.TempDir())
	old := "2026-01-01T10-00-00"
	history := []story.Doc{
		{ID: DocID(old, 1), Text: paymentsStory, Question: "q-1"},
		{ID: DocID(old, 2), Text: mentorStory, Question: "another-question"},
	}
	h := newSession(t, st, 2)
	rec := &fakeRecorder{src: spoken(t), ev: ev}
	eng := &fakeEngine{ev: ev, texts: map[string]string{"q-1": paymentsAgain, "q-2": mentorStory}}
	r := &Runner{Handle: h, Recorder: rec, Transcriber: eng, History: func() []story.Doc { return history }}
	sum, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h.Session.Questions[0].ID != "q-1" {
		t.Fatalf("question 1 is %q", h.Session.Questions[0].ID)
	}
	if ms := sum.Answers[0].SameStory; len(ms) != 0 {
		t.Errorf("a take of q-1 on another day flagged as a retelling: %+v", ms)
	}
	if ms := sum.Answers[1].SameStory; len(ms) != 1 || ms[0].Session != old || ms[0].Answer != 2 {
		t.Errorf("the mentor story told before to another question: %+v", ms)
	}
}

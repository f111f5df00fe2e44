// Package practice runs a practice session: it asks the questions one after
// another, records each answer, and transcribes and STAR-checks the answers
// in the background while the next one is recorded, then sums the session
// up. Recording never waits for a transcription: the engine works through
// the answers one at a time, in answer order, on its own goroutine.
package practice

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/transcript"
)

// StoppedBySignal is the Recording.StoppedBy of a take cut short by Ctrl-C:
// the answer is kept and the session stops there, to be resumed.
const StoppedBySignal = "signal"

// Take is one recording the session asks for.
type Take struct {
	Path     string  // the WAV to write
	Question string  // the question (or follow-up push) being answered
	Context  string  // where it stands: "question 2 of 5 · Ownership"
	LimitS   float64 // the answer's time limit
}

// Recording is what a Recorder made of a Take.
type Recording struct {
	Path       string
	Timing     analyze.Result
	TimingPath string // where the timing was saved beside the WAV
	StoppedBy  string // StoppedBySignal when Ctrl-C ended it
	Overflows  int64  // audio blocks the capture lost
}

// Recorder records one answer. It returns when the answer is finished; a
// cancelled ctx ends the take, which is still returned whole.
type Recorder interface {
	Record(ctx context.Context, t Take) (Recording, error)
}

// RecorderFunc adapts a function to Recorder.
type RecorderFunc func(ctx context.Context, t Take) (Recording, error)

// Record calls f.
func (f RecorderFunc) Record(ctx context.Context, t Take) (Recording, error) { return f(ctx, t) }

// Transcriber turns a recording into a transcript; *stt.Transcriber is one.
type Transcriber interface {
	Transcribe(ctx context.Context, wavPath string) (*transcript.Transcript, error)
}

// FollowUpChooser picks the push that follows an answer from what was said
// in it and its STAR check; ok false when nothing in the answer calls for
// one. It is only asked about answers that have a transcript.
type FollowUpChooser func(t *transcript.Transcript, r *star.Result) (text, reason string, ok bool)

// Runner runs one session. Handle is the session, open and locked; the
// other fields are its tools. Zero fields mean: no Transcriber, timing
// only; no Chooser, the question's own follow-ups then Pushes.
type Runner struct {
	Handle      *session.Handle
	Recorder    Recorder
	Transcriber Transcriber
	// NoEngine says why there is no Transcriber, for the summary.
	NoEngine string
	Lexicon  *star.Lexicon
	// Speech are the speech word lists for the summary; nil: built-in.
	Speech *speech.Lexicon
	// Probes are the pushes the summary names next; nil: built-in.
	Probes *probe.Set
	// FollowUp asks a follow-up push after every answer.
	FollowUp bool
	Chooser  FollowUpChooser
	// Pushes are the follow-ups to fall back on (the bar-raiser bank).
	Pushes []string
	// Stories name the stories the main answers recorded in this run
	// tell: the i-th name goes to the i-th answer, answers past the list
	// get none. Follow-ups get none: they belong to their parent's story,
	// which is how the story bank counts them.
	Stories []string
	// History gives the transcripts of earlier sessions for the story
	// check; it is called at once, in the background.
	History func() []story.Doc
	// Out gets each answer's verdict as soon as it is recorded and the
	// progress of the session; Err gets warnings.
	Out, Err io.Writer
	Now      func() time.Time

	mu      sync.Mutex // guards Handle's answers and its file
	history chan []story.Doc
}

// ErrInterrupted is returned by Run when Ctrl-C stopped the session; every
// answer recorded so far is saved and the session can be resumed.
var ErrInterrupted = errors.New("session interrupted")

type job struct {
	answer int
	done   chan struct{}
}

// Run asks every question not yet answered, records the answers and has
// them transcribed and checked in the background, then waits for the last
// transcription and returns the session's summary. On Ctrl-C it keeps the
// answer in progress, stops asking, and returns the summary of what is
// there with ErrInterrupted.
func (r *Runner) Run(ctx context.Context) (*Summary, error) {
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Out == nil {
		r.Out = io.Discard
	}
	if r.Err == nil {
		r.Err = io.Discard
	}
	r.history = make(chan []story.Doc, 1)
	go func() {
		var docs []story.Doc
		if r.History != nil {
			docs = r.History()
		}
		r.history <- docs
	}()

	if err := r.recover(); err != nil {
		return nil, err
	}

	jobs := make(chan job, 2*len(r.Handle.Questions)+len(r.Handle.Answers)+1)
	workerDone := make(chan struct{})
	// Transcriptions must not be cut off by the end of recording, only by
	// Ctrl-C: they share ctx.
	go func() {
		defer close(workerDone)
		for j := range jobs {
			r.process(ctx, j.answer)
			close(j.done)
		}
	}()
	enqueue := func(i int) chan struct{} {
		done := make(chan struct{})
		jobs <- job{i, done}
		return done
	}
	for i, a := range r.snapshot().Answers {
		if a.Status == session.StatusRecorded || a.Status == session.StatusFailed {
			enqueue(i)
		}
	}

	runErr := r.ask(ctx, enqueue)
	close(jobs)
	<-workerDone
	docs := <-r.history

	r.mu.Lock()
	if runErr == nil {
		r.Handle.Finished = r.nextQuestion() < 0
	}
	saveErr := r.Handle.Save()
	r.mu.Unlock()
	sum, err := Summarize(r.Handle.Dir(), r.snapshot(), docs, r.words())
	if err != nil {
		return nil, err
	}
	sum.NoEngine = r.NoEngine
	if runErr != nil {
		return sum, runErr
	}
	return sum, saveErr
}

// ask records the questions still to answer, in order.
func (r *Runner) ask(ctx context.Context, enqueue func(int) chan struct{}) error {
	total := len(r.Handle.Questions)
	told := 0 // main answers recorded in this run
	for {
		r.mu.Lock()
		qi := r.nextQuestion()
		r.mu.Unlock()
		if qi < 0 {
			return nil
		}
		if ctx.Err() != nil {
			return ErrInterrupted
		}
		q := r.Handle.Questions[qi]
		// The recorder shows the question; Out gets the verdicts.
		ctxText := fmt.Sprintf("question %d of %d", qi+1, total)
		if len(q.Principles) > 0 {
			ctxText += " · " + strings.Join(q.Principles, ", ")
		}
		main := session.Answer{Question: qi, Kind: session.KindAnswer}
		if told < len(r.Stories) {
			main.Story = r.Stories[told]
		}
		told++
		ai, rec, err := r.record(ctx, main,
			Take{Question: q.Text, Context: ctxText, LimitS: assess.Limit(r.Handle.Session, main)})
		if err != nil {
			return err
		}
		done := enqueue(ai)
		if rec.StoppedBy == StoppedBySignal || ctx.Err() != nil {
			return ErrInterrupted
		}
		if !r.FollowUp {
			continue
		}
		// The push is chosen from what was said, so it waits for this
		// answer's transcript.
		<-done
		text, reason := r.chooseFollowUp(ai)
		if text == "" {
			continue
		}
		fi, rec, err := r.record(ctx, session.Answer{Question: qi, Kind: session.KindFollowUp, Prompt: text, Parent: ai + 1},
			Take{Question: text, Context: fmt.Sprintf("follow-up to question %d of %d%s", qi+1, total, reasonNote(reason)), LimitS: assess.FollowUpLimitS})
		if err != nil {
			return err
		}
		enqueue(fi)
		if rec.StoppedBy == StoppedBySignal || ctx.Err() != nil {
			return ErrInterrupted
		}
	}
}

func principlesNote(ps []string) string {
	if len(ps) == 0 {
		return ""
	}
	return " (" + strings.Join(ps, ", ") + ")"
}

func reasonNote(reason string) string {
	if reason == "" {
		return ""
	}
	return " · " + reason
}

// nextQuestion is the first question without an answer, or -1. The caller
// holds r.mu.
func (r *Runner) nextQuestion() int {
	answered := make([]bool, len(r.Handle.Questions))
	for _, a := range r.Handle.Answers {
		if a.Kind == session.KindAnswer && a.Question >= 0 && a.Question < len(answered) {
			answered[a.Question] = true
		}
	}
	for i, done := range answered {
		if !done {
			return i
		}
	}
	return -1
}

// record saves the answer as in progress, records it, and saves it as
// recorded, printing its timing verdict. It returns the answer's index.
func (r *Runner) record(ctx context.Context, a session.Answer, take Take) (int, Recording, error) {
	r.mu.Lock()
	n := len(r.Handle.Answers) + 1
	qid := r.Handle.Questions[a.Question].ID
	base := FileBase(n, qid, a.Kind)
	a.WAV = base + ".wav"
	a.Status = session.StatusRecording
	a.Recorded = r.Now().UTC().Truncate(time.Second)
	r.Handle.Answers = append(r.Handle.Answers, a)
	ai := len(r.Handle.Answers) - 1
	err := r.Handle.Save()
	r.mu.Unlock()
	if err != nil {
		return ai, Recording{}, err
	}
	take.Path = r.Handle.Path(a.WAV)
	rec, recErr := r.Recorder.Record(ctx, take)

	r.mu.Lock()
	defer r.mu.Unlock()
	ans := &r.Handle.Answers[ai]
	if recErr != nil {
		// Whatever reached the disk is kept as a valid answer; an answer
		// that never started is forgotten.
		if rec.TimingPath == "" {
			got, ok, err := RecoverAnswer(r.Handle.Dir(), *ans, take.LimitS)
			if err != nil {
				fmt.Fprintf(r.Err, "starcoach: %v\n", err)
			}
			if !ok {
				r.Handle.Answers = r.Handle.Answers[:ai]
				r.Handle.Save()
				if ctx.Err() != nil {
					return ai, rec, ErrInterrupted
				}
				return ai, rec, fmt.Errorf("record answer %d: %w", n, recErr)
			}
			*ans = got
			r.Handle.Save()
			return ai, rec, fmt.Errorf("record answer %d: %w", n, recErr)
		}
	}
	ans.Status = session.StatusRecorded
	ans.Timing = filepath.Base(rec.TimingPath)
	if rec.TimingPath == "" {
		ans.Timing = assess.Paths(a.WAV).Timing
	}
	ans.DurationS = assess.Round3(rec.Timing.DurationS)
	ans.Overflows = rec.Overflows
	if err := r.Handle.Save(); err != nil {
		return ai, rec, err
	}
	if recErr != nil {
		return ai, rec, fmt.Errorf("record answer %d: %w", n, recErr)
	}
	label := fmt.Sprintf("answer %d", n)
	if a.Kind == session.KindFollowUp {
		label = fmt.Sprintf("follow-up %d", n)
	}
	fmt.Fprintf(r.Out, "%s (%s): %s\n", label, qid, Verdict(rec.Timing))
	return ai, rec, nil
}

// words are the word lists the runner checks answers with.
func (r *Runner) words() assess.Options {
	return assess.Options{Star: r.Lexicon, Speech: r.Speech, Probes: r.Probes}
}

// snapshot copies the session for reading outside the lock.
func (r *Runner) snapshot() *session.Session {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := *r.Handle.Session
	s.Answers = append([]session.Answer(nil), r.Handle.Answers...)
	return &s
}

// chooseFollowUp picks the push after answer ai: the chooser's, from the
// transcript, else one of the question's own follow-ups, else one of
// Pushes, turn by turn so a session does not ask the same one twice.
func (r *Runner) chooseFollowUp(ai int) (text, reason string) {
	s := r.snapshot()
	a := s.Answers[ai]
	if r.Chooser != nil && a.Transcript != "" {
		// The check is made again rather than read back: its per-word
		// labels are not saved.
		if t, err := transcript.Load(r.Handle.Path(a.Transcript)); err == nil {
			res := checkAnswer(r.Handle.Dir(), a, t, assess.Limit(s, a), r.words())
			if text, reason, ok := r.Chooser(t, &res); ok {
				return text, reason
			}
		}
	}
	asked := map[string]bool{}
	for _, b := range s.Answers {
		if b.Kind == session.KindFollowUp {
			asked[b.Prompt] = true
		}
	}
	pool := append(append([]string(nil), s.Questions[a.Question].FollowUps...), r.Pushes...)
	for _, p := range pool {
		if !asked[p] {
			return p, ""
		}
	}
	if len(pool) > 0 {
		return pool[ai%len(pool)], ""
	}
	return "", ""
}

// FileBase is the name, without extension, of the files of the n-th answer
// of a session (counting from 1): "03-own-2", "04-own-2-follow-up".
func FileBase(n int, questionID, kind string) string {
	base := fmt.Sprintf("%02d-%s", n, questionID)
	if kind == session.KindFollowUp {
		base += "-follow-up"
	}
	return base
}

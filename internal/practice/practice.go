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
	"github.com/starcoach/starcoach/internal/fit"
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
	// Fit checks answers against what their questions listen for, with
	// Questions for a question's own signals; nil: the built-in signals.
	Fit       *fit.Checker
	Questions assess.Questions
	// FollowUp asks a follow-up push after every answer.
	FollowUp bool
	Chooser  FollowUpChooser
	// Pushes are the follow-ups to fall back on (the bar-raiser bank).
	Pushes []string
	// Retake, when set, is the answer (counting from 1) whose question
	// is asked again, and only that: the new take is compared with the
	// question's take that counts, which it replaces in every count.
	Retake int
	// Redo asks again a question whose take Ctrl-C cut short (see
	// CutShort); without it the take cut short is kept as the answer.
	Redo bool
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

	// Room for every take a run can make: each question and its follow-up,
	// a question taken again and its follow-up, and what is waiting.
	jobs := make(chan job, 2*len(r.Handle.Questions)+len(r.Handle.Answers)+3)
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

// NoSpeechAgain is said when a take heard no speech at all: it is kept
// but not scored, and the question is asked again at once.
const NoSpeechAgain = "no speech heard: let's try that again"

// ErrNoSpeech is returned when a question was asked twice in a row and no
// speech was heard either time: the microphone, not the answer, needs
// looking at.
var ErrNoSpeech = errors.New("no speech heard twice in a row: check the microphone with 'starcoach devices' and 'starcoach doctor', then carry on with 'starcoach practice --resume'")

// step is one take the session asks for next.
type step struct {
	question int
	retake   int // the answer taken again, plus one; 0 for a first take
	parent   int // for a follow-up: the answer it follows, plus one
}

// ask records the takes still to make, in order: each question without
// an answer that counts, a question cut short when Redo is set, and the
// follow-ups still owed; or, with Retake, that question again.
func (r *Runner) ask(ctx context.Context, enqueue func(int) chan struct{}) error {
	told := 0                    // main answers recorded in this run
	considered := map[int]bool{} // answers whose follow-up was looked at in this run
	redone := map[int]bool{}     // takes cut short that were offered again
	retakeAsked := false
	for {
		r.mu.Lock()
		st, ok := r.next(considered, redone, &retakeAsked)
		r.mu.Unlock()
		if !ok {
			return nil
		}
		if ctx.Err() != nil {
			return ErrInterrupted
		}
		if st.parent > 0 {
			considered[st.parent-1] = true
			if err := r.followUp(ctx, st.parent-1, enqueue); err != nil {
				return err
			}
			continue
		}
		main := session.Answer{Question: st.question, Kind: session.KindAnswer, Retake: st.retake}
		if st.retake > 0 {
			// A take again tells the story the earlier take told.
			main.Story = r.snapshot().Answers[st.retake-1].Story
		} else if told < len(r.Stories) {
			main.Story = r.Stories[told]
			told++
		}
		// A take with no speech is kept, not scored, and asked again at
		// once; twice in a row is the microphone's doing.
		for attempt := 0; ; attempt++ {
			ai, rec, err := r.record(ctx, main, r.take(st))
			if err != nil {
				return err
			}
			if rec.Timing.SpeechFound {
				done := enqueue(ai)
				if rec.StoppedBy == StoppedBySignal || ctx.Err() != nil {
					return ErrInterrupted
				}
				if r.FollowUp {
					// The push is chosen from what was said, so it
					// waits for this answer's transcript.
					<-done
				}
				break
			}
			if rec.StoppedBy == StoppedBySignal || ctx.Err() != nil {
				return ErrInterrupted
			}
			if attempt > 0 {
				return ErrNoSpeech
			}
			fmt.Fprintln(r.Out, NoSpeechAgain)
		}
	}
}

// take is what the recorder is told of step st.
func (r *Runner) take(st step) Take {
	q := r.Handle.Questions[st.question]
	ctxText := fmt.Sprintf("question %d of %d", st.question+1, len(r.Handle.Questions))
	if st.retake > 0 {
		ctxText = fmt.Sprintf("question %d of %d, again (answer %d)", st.question+1, len(r.Handle.Questions), st.retake)
	}
	if len(q.Principles) > 0 {
		ctxText += " · " + strings.Join(q.Principles, ", ")
	}
	a := session.Answer{Question: st.question, Kind: session.KindAnswer}
	return Take{Question: q.Text, Context: ctxText, LimitS: assess.Limit(r.Handle.Session, a)}
}

// followUp records the follow-up push after answer ai.
func (r *Runner) followUp(ctx context.Context, ai int, enqueue func(int) chan struct{}) error {
	text, reason := r.chooseFollowUp(ai)
	if text == "" {
		return nil
	}
	qi := r.snapshot().Answers[ai].Question
	fi, rec, err := r.record(ctx, session.Answer{Question: qi, Kind: session.KindFollowUp, Prompt: text, Parent: ai + 1},
		Take{Question: text, Context: fmt.Sprintf("follow-up to question %d of %d%s", qi+1, len(r.Handle.Questions), reasonNote(reason)), LimitS: assess.FollowUpLimitS})
	if err != nil {
		return err
	}
	if rec.Timing.SpeechFound {
		enqueue(fi)
	}
	if rec.StoppedBy == StoppedBySignal || ctx.Err() != nil {
		return ErrInterrupted
	}
	return nil
}

// next is the take to make next, false when there is none. The caller
// holds r.mu.
func (r *Runner) next(considered, redone map[int]bool, retakeAsked *bool) (step, bool) {
	s := r.Handle.Session
	if r.Retake > 0 {
		return r.nextRetake(retakeAsked, considered)
	}
	for qi := range s.Questions {
		c := s.CountedTake(qi)
		if c < 0 {
			return step{question: qi}, true
		}
		if s.Answers[c].Interrupted && r.Redo && !redone[c] {
			redone[c] = true
			return step{question: qi, retake: c + 1}, true
		}
		if st, ok := r.owedFollowUp(c, considered); ok {
			return st, true
		}
	}
	return step{}, false
}

// nextRetake is the take Retake asks for: the question of that answer
// again, taken against its take that counts, then its follow-up.
func (r *Runner) nextRetake(asked *bool, considered map[int]bool) (step, bool) {
	s := r.Handle.Session
	qi := s.Answers[r.Retake-1].Question
	c := s.CountedTake(qi)
	if !*asked {
		*asked = true
		return step{question: qi, retake: c + 1}, true
	}
	if c < 0 {
		return step{}, false
	}
	return r.owedFollowUp(c, considered)
}

// owedFollowUp is the follow-up answer c is owed: with follow-ups on, an
// answer with speech and no follow-up yet gets one, once in a run.
func (r *Runner) owedFollowUp(c int, considered map[int]bool) (step, bool) {
	if !r.FollowUp || considered[c] {
		return step{}, false
	}
	for _, a := range r.Handle.Answers {
		if a.Kind == session.KindFollowUp && a.Parent == c+1 {
			return step{}, false
		}
	}
	return step{question: r.Handle.Answers[c].Question, parent: c + 1}, true
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

// nextQuestion is the first question without an answer that counts, or
// -1. The caller holds r.mu.
func (r *Runner) nextQuestion() int {
	for i := range r.Handle.Questions {
		if r.Handle.CountedTake(i) < 0 {
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
	ans.NoSpeech = !rec.Timing.SpeechFound
	ans.Interrupted = rec.StoppedBy == StoppedBySignal
	if err := r.Handle.Save(); err != nil {
		return ai, rec, err
	}
	if recErr != nil {
		return ai, rec, fmt.Errorf("record answer %d: %w", n, recErr)
	}
	label := fmt.Sprintf("answer %d", n)
	switch {
	case a.Kind == session.KindFollowUp:
		label = fmt.Sprintf("follow-up %d", n)
	case a.Retake > 0:
		label = fmt.Sprintf("answer %d, again", n)
	}
	fmt.Fprintf(r.Out, "%s (%s): %s\n", label, qid, Verdict(assess.ForKind(a.Kind, rec.Timing)))
	return ai, rec, nil
}

// words are the word lists the runner checks answers with.
func (r *Runner) words() assess.Options {
	return assess.Options{Star: r.Lexicon, Speech: r.Speech, Probes: r.Probes, Fit: r.Fit, Questions: r.Questions}
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
	if text, reason, ok := r.fitFollowUp(s, ai); ok {
		return text, reason
	}
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

// fitFollowUp is the push after answer ai when its top finding is that
// it does not answer its question: what the question asks for, as the
// summary's next push says.
func (r *Runner) fitFollowUp(s *session.Session, ai int) (text, reason string, ok bool) {
	if r.Chooser == nil || s.Answers[ai].Transcript == "" {
		return "", "", false
	}
	a := assess.Build(s, r.Handle.Dir(), ai, r.words())
	if a.Fit == nil || a.Star == nil || a.Star.Push == nil || a.Star.Push.ID != assess.FitPushID {
		return "", "", false
	}
	return a.Star.Push.Text, a.Star.Push.Reason, true
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

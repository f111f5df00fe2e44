package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/fit"
	"github.com/starcoach/starcoach/internal/practice"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/record"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speak"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/ui"
)

// barRaiserBank is the bank of follow-up pushes to fall back on.
const barRaiserBank = "bar-raiser"

type practiceOptions struct {
	env      *Env
	Bank     string
	Count    int
	LP       []string
	Level    string
	FollowUp bool
	Seed     int64
	SeedSet  bool
	Resume   string // a session to carry on; "" starts a new one
	// Questions are the questions to ask, by id; none: picked from Bank.
	Questions []string
	// Retake names the answer whose question to take again (SESSION:N).
	Retake string
	// Redo and Keep answer, off a terminal, whether --resume takes a
	// question cut short again (the default) or keeps the take.
	Redo, Keep bool
	// Stories name the stories of the main answers recorded in this run,
	// in order.
	Stories []string

	Countdown        time.Duration
	StopAfterSilence time.Duration
	LimitS           float64 // 0: each question's own limit
	Device           string
	Rate             int

	engineFlags
	JSON bool
	// Say reads each question aloud before its countdown.
	Say   bool
	voice *speak.Voice // found when Say is set and a voice is installed
	// retakeN is the answer --retake takes again, once its session is
	// open (counting from 1).
	retakeN int

	// Open opens the audio system; audio.Open unless a test sets it.
	Open func(verbose io.Writer) (audio.System, error)
	Now  func() time.Time
}

func newPracticeCmd(env *Env, runF func(*practiceOptions) error) *cobra.Command {
	opts := &practiceOptions{env: env, Open: audio.Open, Now: time.Now}
	var countdown, silence float64
	var stories string
	cmd := &cobra.Command{
		Use:     "practice [--bank BANK] [--count N] [--lp PRINCIPLES] [--question ID]... [--story NAMES] [--resume [ID]] [--retake SESSION:N]",
		Aliases: []string{"retake"},
		Short:   "Answer interview questions one after another, and get each answer timed and checked",
		Long: `Practice runs a behavioral marathon: for each question it shows the question
and its Leadership Principles, counts down, records your answer, and says at
once how long it ran against the limit and where you paused. While you
answer the next question, the last one is transcribed and checked for STAR
in the background. After the last answer it prints the session's summary:
per answer the time against the limit, its pauses (a pause is a silence of
` + analyze.PauseLabel() + ` or more, a long one ` + analyze.LongPauseLabel() + ` or more, which reads as having lost the
thread), the STAR sections found and the score, and warnings when an answer looks like a
story you already told, in this session or an earlier one.

A recording ends when you press Enter or q, after --stop-after-silence of
silence once you have spoken, or at the limit plus a minute. Off a
terminal, --stop-after-silence is needed.

--follow-up asks a Bar Raiser push after each answer ("What were the
trade-offs?"), chosen from what your answer left out, and records a short
answer to it (1:00 at most).

--story names the story each answer tells, for the story bank (see
'starcoach stories'): the first name goes to the first answer recorded in
this run, the second to the second, and so on; answers past the names, and
follow-ups, get none (name them later with 'starcoach stories assign').
A name already used, in any case or spacing, joins that story.

--question ID asks that question (ids as 'starcoach prompts list' and
'starcoach stories' show them); repeat it for more, in order.

--retake SESSION:N (or 'starcoach retake SESSION:N') asks answer N's
question again, in its session: the earlier take is kept, the new one is
compared with it at the end ("0:55 -> 1:38, Task now heard, score 64 ->
82"), and the question counts once, with its latest take, in every count,
average and story check.

An answer in which no speech was heard is kept but not scored, and the
question is asked again at once.

Every answer is saved as soon as it is recorded, in a session folder under
the data directory (see 'starcoach sessions'). Ctrl-C keeps every answer
recorded so far and the one in progress; 'starcoach practice --resume'
carries on where you stopped: it asks whether to take the question you
stopped in again (yes unless you say no; off a terminal, --keep keeps the
take and --redo takes it again, the default), then asks the follow-ups
still owed. When no speech-to-text engine is installed,
or the engine fails, the session still runs with timing only; transcribe it
later with 'starcoach transcribe --session ID'.`,
		Example: `  starcoach practice
  starcoach practice --bank amazon-lp --count 5 --lp "Ownership,Dive Deep" --level senior
  starcoach practice --follow-up --seed 7
  starcoach practice --count 2 --story "checkout outage,mentoring Priya"
  starcoach practice --question customer-obsession-1 --question ownership-2
  starcoach practice --retake latest:1
  starcoach retake latest:1
  starcoach practice --resume
  starcoach practice --count 3 --countdown 0 --stop-after-silence 6s --engine pocketsphinx`,
		Args: rangeArgs(0, 1, "takes no arguments but the session after --resume; choose questions with --question, or --bank, --count, --lp and --level"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.positional(cmd.CalledAs(), args); err != nil {
				return err
			}
			if err := opts.checkChoice(cmd.Flags().Changed); err != nil {
				return err
			}
			if opts.Count < 1 || opts.Count > 50 {
				return usageErrorf("--count %d is out of range (1 to 50)", opts.Count)
			}
			if err := checkRate(opts.Rate); err != nil {
				return err
			}
			if _, err := promptFilter(opts.LP, opts.Level); err != nil {
				return err
			}
			opts.SeedSet = cmd.Flags().Changed("seed")
			opts.Countdown, opts.StopAfterSilence = seconds(countdown), seconds(silence)
			if !env.Streams.IsStdinTTY() && opts.StopAfterSilence == 0 {
				return usageErrorf("standard input is not a terminal, so Enter cannot stop an answer: pass --stop-after-silence (e.g. 5s)")
			}
			if err := opts.check(); err != nil {
				return err
			}
			if cmd.Flags().Changed("story") {
				names, err := storyNames(stories)
				if err != nil {
					return err
				}
				if opts.Retake != "" {
					return usageErrorf("--story with --retake: a take again tells the story its earlier take told")
				}
				if len(opts.Questions) > 0 {
					opts.Count = len(opts.Questions)
				}
				if opts.Resume == "" && len(names) > opts.Count {
					return usageErrorf("--story names %d stories for %d questions: give at most one name per question", len(names), opts.Count)
				}
				opts.Stories = names
			}
			if runF != nil {
				return runF(opts)
			}
			return runPractice(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Bank, "bank", "amazon-lp", "question bank (see 'starcoach prompts list')")
	f.IntVarP(&opts.Count, "count", "n", 5, "how many questions")
	f.StringArrayVar(&opts.LP, "lp", nil, "only questions for these Leadership Principles (comma-separated)")
	f.StringVar(&opts.Level, "level", "", "only questions for this level: new-grad, senior or manager")
	f.BoolVar(&opts.FollowUp, "follow-up", false, "after each answer, answer a Bar Raiser follow-up push (1:00)")
	f.StringVar(&stories, "story", "", "the stories the answers tell, in order (comma-separated names)")
	f.Int64Var(&opts.Seed, "seed", 0, "pick the same questions again with the same seed")
	f.StringVar(&opts.Resume, "resume", "", "carry on an unfinished session (the latest unless an ID is given)")
	f.Lookup("resume").NoOptDefVal = "latest"
	f.StringArrayVar(&opts.Questions, "question", nil, "ask this question (an id from 'starcoach prompts list'); repeat for more")
	f.StringVar(&opts.Retake, "retake", "", "take answer N of a session again: SESSION:N, e.g. latest:2")
	f.BoolVar(&opts.Redo, "redo", false, "with --resume: take the question cut short again (the default)")
	f.BoolVar(&opts.Keep, "keep", false, "with --resume: keep the take cut short as the answer")
	timeVar(f, &countdown, "countdown", 3, 0, 60, true, "time counted down before each answer")
	timeVar(f, &silence, "stop-after-silence", 0, 0.1, 3600, false, "end an answer after this much silence once speech was heard, e.g. 5s")
	timeVar(f, &opts.LimitS, "limit", 0, 1, 3600, false, "time limit for every answer instead of each question's own, e.g. 1:30")
	f.StringVarP(&opts.Device, "device", "d", "", "input device: index or name (see 'starcoach devices')")
	f.IntVar(&opts.Rate, "rate", audio.DefaultSampleRate, "sample rate in Hz")
	opts.engineFlags.register(f, "speech-to-text engine: whisper, vosk, pocketsphinx or command")
	f.BoolVar(&opts.JSON, "json", false, "print the session summary as JSON (the verdicts go to stderr)")
	f.BoolVar(&opts.Say, "say", false, "read each question aloud before the countdown (espeak-ng, or command under [tts] in config.toml)")
	return cmd
}

// positional takes the one argument practice may have: the session after
// --resume (its value is optional, so "--resume ID" gives the id as an
// argument), or the answer 'retake' takes again. Anything else is a
// question id or an answer given without its flag: the error says which.
func (opts *practiceOptions) positional(calledAs string, args []string) error {
	if calledAs == "retake" {
		if len(args) != 1 || opts.Retake != "" {
			return usageErrorf("retake takes one answer to take again, as SESSION:N (for example latest:2)")
		}
		opts.Retake = args[0]
		return nil
	}
	if len(args) == 0 {
		return nil
	}
	if opts.Resume != "" {
		opts.Resume = args[0]
		return nil
	}
	arg := args[0]
	if _, _, ok := answerref.Parse(arg); ok {
		return usageErrorf("practice takes no arguments; to take answer %s again use --retake %s", arg, arg)
	}
	if _, err := opts.env.Files().Store().Resolve(arg); err == nil {
		return usageErrorf("practice takes no arguments; to carry on a session use --resume %s", arg)
	}
	return usageErrorf("practice takes no arguments; to practise question %s use --question %s (see 'starcoach prompts list')", arg, arg)
}

// checkChoice refuses flags that choose the questions in two ways at once.
func (opts *practiceOptions) checkChoice(changed func(string) bool) error {
	ways := 0
	for _, set := range []bool{opts.Resume != "", opts.Retake != "", len(opts.Questions) > 0} {
		if set {
			ways++
		}
	}
	if ways > 1 {
		return usageErrorf("--resume, --retake and --question each choose what to answer: give one of them")
	}
	if ways == 1 {
		for _, f := range []string{"bank", "count", "lp", "level", "seed"} {
			if changed(f) {
				return usageErrorf("--%s picks new questions: it does not go with --resume, --retake or --question", f)
			}
		}
	}
	if (opts.Redo || opts.Keep) && opts.Resume == "" {
		return usageErrorf("--redo and --keep say what --resume does with a take cut short: they go with --resume")
	}
	if opts.Redo && opts.Keep {
		return usageErrorf("--redo and --keep: give one of them")
	}
	return nil
}

func runPractice(ctx context.Context, opts *practiceOptions) error {
	env := opts.env
	streams := env.Streams
	lib, err := env.Files().Banks()
	if err != nil {
		return err
	}
	st := env.Files().Store()
	plan, err := planPractice(st, lib, opts)
	if err != nil {
		return err
	}
	in, err := loadPracticeFiles(env, opts)
	if err != nil {
		return err
	}
	sys, verbose, err := openPracticeAudio(opts)
	if err != nil {
		return err
	}
	defer sys.Close()
	// The session is made only once everything it needs is there.
	h, stories, err := openPracticeSession(st, plan, opts)
	if err != nil {
		return err
	}
	defer h.Close()
	fmt.Fprintf(streams.Err, "starcoach: session %s in %s\n", h.ID, h.Dir())
	redo := opts.Resume != "" && opts.redo(h.Session)
	r := &practice.Runner{
		Handle:      h,
		Recorder:    practiceRecorder(sys, opts, h.Settings, verbose),
		Transcriber: in.transcriber,
		NoEngine:    in.noEngine,
		Lexicon:     in.lexicon,
		Speech:      speechOrNil(env),
		FollowUp:    h.Settings.FollowUp,
		Chooser:     followUpChooser(env),
		Probes:      probesOrNil(env),
		Fit:         in.fit,
		Questions:   lib,
		Pushes:      barRaiserPushes(lib),
		Stories:     stories,
		Retake:      opts.retakeN,
		Redo:        redo,
		History:     func() []story.Doc { return practice.History(st, h.ID) },
		Out:         streams.Out,
		Err:         streams.Err,
		Now:         opts.Now,
	}
	if opts.JSON {
		r.Out = streams.Err // the verdicts; the summary's JSON goes to stdout
	}
	sum, runErr := r.Run(ctx)
	return writePracticeEnd(streams, opts, h.ID, sum, runErr)
}

// practiceFiles are the user's files a practice session reads besides the
// question banks, loaded before the session is made so that a broken one
// leaves no empty session behind.
type practiceFiles struct {
	transcriber practice.Transcriber
	noEngine    string
	lexicon     *star.Lexicon
	fit         *fit.Checker
}

func loadPracticeFiles(env *Env, opts *practiceOptions) (practiceFiles, error) {
	var in practiceFiles
	var err error
	files := env.Files()
	if in.transcriber, in.noEngine, err = files.SessionTranscriber(opts.asked(), nil); err != nil {
		return in, err
	}
	if in.lexicon, err = files.Star(); err != nil {
		return in, err
	}
	in.fit, err = files.Fit()
	return in, err
}

// openPracticeAudio opens the microphone's audio system and, with --say,
// finds the voice that reads the questions (without one they are only
// shown).
func openPracticeAudio(opts *practiceOptions) (audio.System, io.Writer, error) {
	env := opts.env
	if opts.Say {
		var err error
		if opts.voice, err = practiceVoice(env); err != nil {
			fmt.Fprintf(env.Streams.Err, "starcoach: --say: %v; the questions are only shown\n", err)
		}
	}
	var verbose io.Writer
	if env.Verbose() {
		verbose = env.Streams.Err
	}
	sys, err := audio.OpenWithDevices(opts.Open, verbose)
	return sys, verbose, err
}

// openPracticeSession starts the planned session or opens the one to
// resume, with the stories --story names spelled as the store knows them,
// no more than it has questions left.
func openPracticeSession(st *session.Store, plan *practice.Plan, opts *practiceOptions) (*session.Handle, []string, error) {
	stories, err := practice.CanonicalStories(st, opts.Stories)
	if err != nil {
		return nil, nil, err
	}
	var h *session.Handle
	if opts.Retake != "" {
		h, opts.retakeN, err = practice.OpenRetake(st, opts.Retake, opts.Now)
		if err == nil && opts.FollowUp {
			h.Settings.FollowUp = true
		}
	} else {
		h, err = practice.OpenSession(st, plan, opts.Resume, opts.FollowUp, opts.Now)
	}
	if err != nil {
		return nil, nil, err
	}
	if left := practice.Unanswered(h.Session); opts.Retake == "" && len(stories) > left {
		h.Close()
		return nil, nil, usageErrorf("--story names %d stories, and session %s has %d %s left to answer: give at most one name per question", len(stories), h.ID, left, figure.Plural(left, "question", "questions"))
	}
	return h, stories, nil
}

// planPractice picks a new session's questions, or, for --resume, checks
// at once that there is a session to carry on (the plan is then nil);
// nothing is made yet.
func planPractice(st *session.Store, lib *prompts.Library, opts *practiceOptions) (*practice.Plan, error) {
	if opts.Retake != "" {
		return nil, nil
	}
	if opts.Resume != "" {
		s, err := st.Load(opts.Resume)
		if err != nil {
			return nil, err
		}
		if s.Finished {
			return nil, fmt.Errorf("session %s is finished: start a new one with 'starcoach practice'", s.ID)
		}
		return nil, nil
	}
	filter, err := promptFilter(opts.LP, opts.Level)
	if err != nil {
		return nil, err
	}
	plan, err := practice.NewPlan(lib, practice.PlanRequest{
		IDs:  opts.Questions,
		Bank: opts.Bank, Count: opts.Count, Filter: filter, Seed: opts.Seed, SeedSet: opts.SeedSet,
		LimitS: opts.LimitS, FollowUp: opts.FollowUp, Device: opts.Device, Rate: opts.Rate,
	})
	if err != nil {
		return nil, usageError{err}
	}
	return plan, nil
}

// writePracticeEnd prints the session's summary (JSON on stdout with
// --json, the text otherwise) and, after Ctrl-C, how to carry on.
func writePracticeEnd(streams *ui.Streams, opts *practiceOptions, id string, sum *practice.Summary, runErr error) error {
	if sum == nil {
		return runErr
	}
	asJSON := opts.JSON
	if asJSON {
		fmt.Fprintln(streams.Err)
	} else {
		fmt.Fprintln(streams.Out)
	}
	err := practice.Write(streams.Out, sum, asJSON)
	if errors.Is(runErr, practice.ErrInterrupted) {
		msg := "starcoach: stopped; every answer recorded is saved."
		if asJSON || !sum.CanCarryOn() {
			// The text summary above already says how to carry on.
			msg += " Carry on with: starcoach practice --resume " + id
		}
		fmt.Fprintln(streams.Err, msg)
		return errInterrupted
	}
	if runErr != nil {
		return runErr
	}
	if opts.Retake != "" && !asJSON {
		if line, ok := sum.LastChange(); ok {
			fmt.Fprintf(streams.Out, "\n%s\n", line)
		}
	}
	return err
}

// redo says whether --resume takes the question cut short again: asked on
// a terminal, else --keep or --redo (the default, said on stderr).
func (opts *practiceOptions) redo(s *session.Session) bool {
	i := practice.CutShort(s)
	streams := opts.env.Streams
	switch {
	case i < 0:
		return false
	case opts.Keep || opts.Redo:
		return opts.Redo
	case streams.IsStdinTTY():
		return practice.AskRedo(streams.In, streams.Err, s, i)
	}
	fmt.Fprintf(streams.Err, "starcoach: %s: taking the question again (--keep keeps the take)\n", practice.CutShortNote(s, i))
	return true
}

// storyNames splits the value of --story into names, each checked.
func storyNames(value string) ([]string, error) {
	var names []string
	for _, n := range strings.Split(value, ",") {
		if err := storybank.CheckName(n); err != nil {
			return nil, usageErrorf("--story: %v", err)
		}
		names = append(names, strings.TrimSpace(n))
	}
	return names, nil
}

// practiceRecorder records each answer with the recorder, from the
// session's device.
func practiceRecorder(sys audio.System, opts *practiceOptions, settings session.Settings, verbose io.Writer) practice.Recorder {
	streams := opts.env.Streams
	return practice.RecorderFunc(func(ctx context.Context, t practice.Take) (practice.Recording, error) {
		ao := analyze.DefaultOptions()
		ao.LimitS = t.LimitS
		ro := record.Options{
			Path:             t.Path,
			Device:           opts.Device,
			SampleRate:       opts.Rate,
			Countdown:        opts.Countdown,
			Question:         t.Question,
			Context:          t.Context,
			Analyze:          ao,
			StopAfterSilence: opts.StopAfterSilence,
			Verbose:          verbose,
		}
		if opts.Device == "" {
			ro.Device = settings.Device
		}
		if v := opts.voice; v != nil {
			ro.Say = func(ctx context.Context) error { return v.Say(ctx, t.Question) }
		}
		if streams.IsStdinTTY() {
			ro.Keys = streams.In
		}
		res, err := record.Record(ctx, sys, ro, streams)
		if errors.Is(err, record.ErrCancelled) {
			// Ctrl-C in the countdown: nothing was recorded.
			return practice.Recording{}, practice.ErrInterrupted
		}
		stopped := res.StoppedBy
		if stopped == record.BySignal {
			stopped = practice.StoppedBySignal
		}
		return practice.Recording{Path: res.Path, Timing: res.Timing, TimingPath: res.TimingPath, StoppedBy: stopped, Overflows: res.Stats.Overflows()}, err
	})
}

// practiceVoice is the voice that reads the questions: [tts] command in
// config.toml, else espeak-ng.
func practiceVoice(env *Env) (*speak.Voice, error) {
	cfg, err := env.Files().Config()
	if err != nil {
		return nil, err
	}
	v, err := speak.Find(cfg.TTS.Command, nil)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// followUpChooser asks the rule-based probes which push fits the answer;
// nil (the question's own follow-ups, then the bar-raiser bank) when the
// probes cannot be read.
func followUpChooser(env *Env) practice.FollowUpChooser {
	set, err := env.Files().Probes()
	if err != nil {
		fmt.Fprintf(env.Streams.Err, "starcoach: %v; follow-ups come from the question bank instead\n", err)
		return nil
	}
	return func(t *transcript.Transcript, r *star.Result) (string, string, bool) {
		p, ok := set.Choose(t, *r)
		return p.Text, p.Reason, ok
	}
}

// speechOrNil are the user's speech word lists; nil (the built-in ones)
// when they cannot be read, which the summary's loading reports.
func speechOrNil(env *Env) *speech.Lexicon {
	l, err := env.Files().Speech()
	if err != nil {
		return nil
	}
	return l
}

// probesOrNil are the user's probes for the summary's pushes; nil (the
// built-in ones) when they cannot be read, which followUpChooser reports.
func probesOrNil(env *Env) *probe.Set {
	set, err := env.Files().Probes()
	if err != nil {
		return nil
	}
	return set
}

// barRaiserPushes are the follow-ups of the bar-raiser bank.
func barRaiserPushes(lib *prompts.Library) []string {
	b, err := lib.Bank(barRaiserBank)
	if err != nil {
		return nil
	}
	var out []string
	for _, q := range b.Questions {
		out = append(out, q.Text)
	}
	return out
}

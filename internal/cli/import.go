package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/practice"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/wav"
)

type importOptions struct {
	env      *Env
	File     string
	Question string
	Session  string
	engineFlags
	NoTranscribe bool
	JSON         bool
	Story        string // the story the answer tells; "" for none yet

	lookPath stt.LookPath
}

func newImportCmd(env *Env, runF func(*importOptions) error) *cobra.Command {
	opts := &importOptions{env: env}
	cmd := &cobra.Command{
		Use:   "import FILE.wav --question ID [--session S] [--story NAME]",
		Short: "Add an answer recorded elsewhere to a session",
		Long: `Import adds a recording made with another program (a phone, a video call)
to a practice session as the answer to a question from the banks (see
'starcoach prompts list'). The WAV is copied into the session folder, timed
against the question's limit, transcribed and checked for STAR like an
answer recorded by 'starcoach practice'. The original file is only read.

Without --session a new session is started for the answer; with it the
answer is added to that session (the question is added to it if it is not
one of its questions). --story names the story the answer tells, for the
story bank (see 'starcoach stories'); a name already used in any case or
spacing joins that story. Other formats can be converted first:
ffmpeg -i answer.m4a -ac 1 -ar 16000 answer.wav.`,
		Example: `  starcoach import phone-take.wav --question ownership-1
  starcoach import take2.wav --question dive-deep-2 --session latest --story "checkout outage"
  starcoach import take.wav --question ownership-1 --engine command --cmd-arg my-stt --cmd-arg {wav}`,
		Args: rangeArgs(1, 1, "name one WAV file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if opts.Question == "" {
				return usageErrorf("--question: say which question the recording answers (see 'starcoach prompts list --bank BANK')")
			}
			if err := opts.check(); err != nil {
				return err
			}
			if cmd.Flags().Changed("story") {
				if err := storybank.CheckName(opts.Story); err != nil {
					return usageErrorf("--story: %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return runImport(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Question, "question", "", "the id of the question the recording answers")
	f.StringVar(&opts.Session, "session", "", "add the answer to this session (an id, a start of one, or latest)")
	opts.engineFlags.register(f, "speech-to-text engine: whisper, vosk, pocketsphinx or command")
	f.BoolVar(&opts.NoTranscribe, "no-transcribe", false, "only copy and time the recording")
	f.BoolVar(&opts.JSON, "json", false, "print the imported answer's summary as JSON")
	f.StringVar(&opts.Story, "story", "", "the story the answer tells, for the story bank (e.g. \"checkout outage\")")
	return cmd
}

func runImport(ctx context.Context, opts *importOptions) error {
	env := opts.env
	lib, err := env.Files().Banks()
	if err != nil {
		return err
	}
	pq, err := lib.Find(opts.Question)
	if err != nil {
		return usageErrorf("--question: %v (see 'starcoach prompts list --bank BANK')", err)
	}
	// Check the file before a session is made for it.
	f, err := openRecording(opts.File)
	if err != nil {
		return err
	}
	_, err = wav.NewReader(f)
	f.Close()
	if err != nil {
		return fileError(opts.File, err)
	}

	// The engine is chosen before anything is imported: a mistake in its
	// settings must not leave half an import.
	var tr practice.Transcriber
	noEngine := ""
	if !opts.NoTranscribe {
		if tr, noEngine, err = sessionTranscriber(env, opts.Engine, opts.Model, opts.CmdArgs, opts.lookPath); err != nil {
			return err
		}
	}
	words, err := env.Files().Words()
	if err != nil {
		return err
	}

	st := env.Files().Store()
	storyName, err := canonicalStories(st, []string{opts.Story})
	if err != nil {
		return err
	}
	var h *session.Handle
	if opts.Session != "" {
		h, err = st.Open(opts.Session, time.Now)
	} else {
		h, err = st.Create(session.Settings{Bank: pq.Bank, Count: 1}, nil, time.Now)
	}
	if err != nil {
		return err
	}
	defer h.Close()
	// A session made for this import goes with it: a failed import
	// leaves nothing behind.
	dropSession := func() {
		if opts.Session == "" {
			if derr := h.Discard(); derr != nil {
				fmt.Fprintf(env.Streams.Err, "starcoach: remove the empty session %s: %v\n", h.Dir(), derr)
			}
		}
	}
	questions, finished := len(h.Questions), h.Finished
	i, err := practice.Import(h, opts.File, sessionQuestion(pq), storyName[0])
	if err != nil {
		dropSession()
		var fe *wav.FormatError
		if errors.As(err, &fe) {
			return fileError(opts.File, err)
		}
		return err
	}

	if tr != nil {
		h.Answers[i] = practice.TranscribeAnswer(ctx, h.Dir(), h.Answers[i], assess.Limit(h.Session, h.Answers[i]), tr, words)
		if err := h.Save(); err != nil {
			// The last save failed: the import is taken back whole, so
			// that running it again adds the answer once.
			if opts.Session == "" {
				dropSession()
			} else if uerr := practice.Unimport(h, i, questions, finished); uerr != nil {
				return fmt.Errorf("%w (answer %d stays in session %s, recorded but not transcribed)", err, i+1, h.ID)
			}
			return err
		}
		if ctx.Err() != nil {
			// The recording is imported; importing it again would
			// make a second answer, so the way on is transcribe.
			fmt.Fprintf(env.Streams.Err, "starcoach: interrupted before the transcript; %s is kept as answer %d of session %s: starcoach transcribe --session %s transcribes it\n", opts.File, i+1, h.ID, h.ID)
			return errInterrupted
		}
	}
	sum, err := practice.Summarize(h.Dir(), h.Session, practice.History(st, h.ID), words)
	if err != nil {
		return err
	}
	sum.NoEngine = noEngine
	a := sum.Answers[i]
	if opts.JSON {
		if err := writePromptsJSON(env.Streams.Out, a); err != nil {
			return err
		}
		if a.Status == session.StatusFailed {
			return errReported
		}
		return nil
	}
	fmt.Fprintf(env.Streams.Out, "imported %s as answer %d of session %s (%s)\n", opts.File, a.N, h.ID, a.Files.WAV)
	if err := writeAnswerLines(env.Streams.Out, sum, i); err != nil {
		return err
	}
	if a.Status == session.StatusFailed {
		fmt.Fprintf(env.Streams.Err, "starcoach: %s: transcription failed: %s\n", opts.File, a.Error)
		return errReported
	}
	return nil
}

// canonicalStories spells each story name as the store already knows it
// ("Checkout Outage" joins "checkout outage"); empty names stay empty.
func canonicalStories(st *session.Store, names []string) ([]string, error) {
	out := make([]string, len(names))
	var known []string
	loaded := false
	for i, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		if !loaded {
			k, err := storybank.Names(st)
			if err != nil {
				return nil, err
			}
			known, loaded = k, true
		}
		out[i] = storybank.Canonical(n, known)
	}
	return out, nil
}

// writeAnswerLines writes one answer of a summary as the session summary
// shows it, with what is left to do.
func writeAnswerLines(w io.Writer, sum *practice.Summary, i int) error {
	one := *sum
	one.Answers = sum.Answers[i : i+1]
	one.Pending, one.Failed = 0, 0
	switch one.Answers[0].Status {
	case session.StatusFailed:
		one.Failed = 1
	case session.StatusRecorded:
		one.Pending = 1
	}
	one.Finished = true // what matters here is this answer
	return practice.WriteText(w, &one)
}

// sessionQuestion is a bank question as a session keeps it.
func sessionQuestion(q prompts.Question) session.Question {
	return session.Question{ID: q.ID, Bank: q.Bank, Text: q.Text, Principles: q.Principles, Level: q.Level, LimitS: q.LimitS, FollowUps: q.FollowUps}
}

// sessionTranscriber sets up the speech-to-text engine for session
// answers. With no engine installed it returns nil and why, so that the
// session still goes on with timing only; a configuration mistake is an
// error.
func sessionTranscriber(env *Env, engine, model string, cmdArgs []string, look stt.LookPath) (practice.Transcriber, string, error) {
	setup, err := loadSTT(env, engine, model, cmdArgs, look)
	if err != nil {
		return nil, "", err
	}
	e, err := stt.Choose(setup.settings, setup.statuses)
	if err != nil {
		if engine != "" || len(cmdArgs) > 0 {
			return nil, "", err
		}
		return nil, oneLineErr(err), nil
	}
	return &stt.Transcriber{Engine: e, Runner: &stt.ExecRunner{}, Timeout: setup.timeout}, "", nil
}

func oneLineErr(err error) string {
	msg := err.Error()
	for i, c := range msg {
		if c == '\n' {
			return msg[:i]
		}
	}
	return msg
}

package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/practice"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/stt"
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
	if err := practice.CheckRecording(opts.File); err != nil {
		return err
	}
	// The engine is chosen before anything is imported: a mistake in its
	// settings must not leave half an import.
	var tr practice.Transcriber
	noEngine := ""
	if !opts.NoTranscribe {
		if tr, noEngine, err = env.Files().SessionTranscriber(opts.asked(), opts.lookPath); err != nil {
			return err
		}
	}
	words, err := env.Files().Words()
	if err != nil {
		return err
	}
	err = practice.ImportAndWrite(ctx, env.Files().Store(), practice.ImportRequest{
		File: opts.File, Question: pq, Story: opts.Story, Session: opts.Session, Transcriber: tr, Words: words,
	}, noEngine, env.Streams, opts.JSON)
	if errors.Is(err, practice.ErrInterrupted) {
		return errInterrupted
	}
	return err
}

package cli

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/practice"
	"github.com/starcoach/starcoach/internal/stt"
)

type transcribeOptions struct {
	env   *Env
	Files []string
	engineFlags
	Timeout     time.Duration // 0: from the configuration file, else scaled
	Jobs        int
	JSON        bool
	ListEngines bool
	Force       bool
	// Session transcribes a session's answers instead of files.
	Session string

	// lookPath finds engine programs; exec.LookPath unless a test sets it.
	lookPath stt.LookPath
}

func newTranscribeCmd(env *Env, runF func(*transcribeOptions) error) *cobra.Command {
	opts := &transcribeOptions{env: env}
	var timeout float64
	cmd := &cobra.Command{
		Use:   "transcribe FILE.wav [FILE.wav ...]",
		Short: "Turn recorded answers into text with your speech-to-text program, and measure the speech",
		Long: `Transcribe runs a speech-to-text program installed on this machine on each
recording, saves the transcript with its timings beside it
(answer.wav -> answer.transcript.json), and prints the text with the speech
figures: words, words per minute over the time spent speaking, filler words
per minute ("um" and "uh" apart from "like", "you know" and other discourse
markers), hedges ("I think", "maybe"), how often you say "I" against "we",
and the numbers and metrics you mention.

Engines: whisper (whisper.cpp's whisper-cli with a ggml model from --model,
$STARCOACH_WHISPER_MODEL or config.toml), vosk (vosk-transcriber),
pocketsphinx (pocketsphinx_continuous; apt-get install pocketsphinx
pocketsphinx-en-us) and command (any program, given as its arguments with
{wav} where the recording goes, printing plain text or transcript JSON).
The default is the command when one is configured, else the first engine
ready in the order whisper, vosk, pocketsphinx; --list-engines and
'starcoach doctor' show what is installed. Engines that need 16 kHz mono
audio get a converted copy; the recording itself is only read.

A recording that already has a transcript from the same engine and model,
newer than the recording, is not transcribed again unless --force: its
figures are shown from the saved transcript. A failed run leaves no
transcript, so running the command again retries just the files that
failed. Each engine run gets a time limit of 5 times the recording's length
(at least a minute; --timeout).

An answer of a session can be named as SESSION:N (latest:2) instead of
its recording's path.

With --session it works on a practice session instead of files: every
answer without a transcript (not transcribed yet, or failed) is transcribed
and STAR-checked in order, session.json is updated, and the session's
summary is printed; --force does every answer again.

Fillers, hedges and the other word lists can be extended in
<config dir>/speech-words.toml (keys hard_fillers, soft_fillers, hedges,
first_singular, first_plural, number_words, multipliers, units, ignore).
The pronoun and number lists count for the STAR check too: "I" in the
Action and a number in the Result.`,
		Example: `  starcoach transcribe answer.wav
  starcoach transcribe latest:2
  starcoach transcribe --engine whisper --model ~/models/ggml-base.en.bin takes/*.wav
  starcoach transcribe --engine command --cmd-arg my-stt --cmd-arg={wav} answer.wav
  starcoach transcribe --json answer.wav | jq .speech.wpm
  starcoach transcribe --session latest`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.ListEngines {
				return nil
			}
			if opts.Session != "" {
				return rangeArgs(0, 0, "--session takes no files: it transcribes the session's answers")(cmd, args)
			}
			return requireArgs(1, "name at least one recording (a WAV file or SESSION:N) or --session")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if opts.Jobs < 1 {
				return usageErrorf("--jobs must be at least 1")
			}
			if err := opts.check(); err != nil {
				return err
			}
			opts.Timeout = seconds(timeout)
			if runF != nil {
				return runF(opts)
			}
			return runTranscribe(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	opts.engineFlags.register(f, "whisper, vosk, pocketsphinx or command (default: see above)")
	timeVar(f, &timeout, "timeout", 0, 1, 24*3600, false, "time limit for each recording, e.g. 10:00 (default: 5 times its length, at least 1:00)")
	f.IntVarP(&opts.Jobs, "jobs", "j", 1, "recordings transcribed at once (engines already use every core)")
	f.BoolVar(&opts.JSON, "json", false, "print JSON, one object per file")
	f.BoolVar(&opts.ListEngines, "list-engines", false, "list the speech-to-text engines found and exit")
	f.BoolVar(&opts.Force, "force", false, "transcribe again even when a transcript from the same engine exists")
	f.StringVar(&opts.Session, "session", "", "transcribe and STAR-check the answers of this practice session that have no transcript (an id, a start of one, or latest)")
	return cmd
}

func runTranscribe(ctx context.Context, opts *transcribeOptions) error {
	env := opts.env
	setup, err := env.Files().STT(opts.asked(), opts.lookPath)
	if err != nil {
		return err
	}
	if opts.ListEngines {
		return stt.WriteReport(env.Streams.Out, setup.Report(), opts.JSON)
	}
	tr, err := setup.FileTranscriber(opts.Timeout)
	if err != nil {
		return err
	}
	if opts.Session != "" {
		words, err := env.Files().Words()
		if err != nil {
			return err
		}
		return practice.TranscribeSession(ctx, env.Files().Store(), opts.Session, tr, words, opts.Force, env.Streams, opts.JSON)
	}
	lex, err := env.Files().Speech()
	if err != nil {
		return err
	}
	paths, err := answerref.Recordings(env.Files().Store(), opts.Files)
	if err != nil {
		return err
	}
	return practice.TranscribeFiles(ctx, tr, paths, opts.Jobs, opts.Force, lex, env.Streams, opts.JSON)
}

package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

type starOptions struct {
	env    *Env
	File   string // a recording (its transcript is read) or a transcript
	Text   string // a plain-text answer instead
	JSON   bool
	LimitS float64
	// Question is the id of the question the answer was given to, for its
	// fit; a session's answer has its own.
	Question string

	limitSet bool // --limit given: it applies even to a session's answer
}

func newStarCmd(env *Env, runF func(*starOptions) error) *cobra.Command {
	opts := &starOptions{env: env}
	cmd := &cobra.Command{
		Use:   "star [ANSWER | --text answer.txt]",
		Short: "Check an answer for Situation, Task, Action, Result and coach on it",
		Long: `Star splits a transcribed answer into its STAR sections (Situation, Task,
Action, Result), shows each one's words, time span and share of the answer,
and lists what to improve, most important first, each with a tip, and a
score out of 100 made of named parts.

For an answer (SESSION:N, such as latest:2, or a recording) it reads the
transcript saved beside its recording (answer.wav -> answer.transcript.json;
make one with 'starcoach transcribe')
and, when the recording is there, times it against --limit. With --text it
checks a plain-text answer ("-" reads standard input); without word times,
shares are of words and the length is estimated at 150 words a minute.

Spoken section names ("Situation: ...") are used when present but are not
needed. The cue phrases the check looks for can be extended in
<config dir>/star-lexicon.toml, in the format of the built-in list: for
example

  [[cue]]
  section = "R"
  weight = 3
  phrases = ["we hit the target", "the client renewed"]`,
		Example: `  starcoach star latest:2
  starcoach star answer.wav
  starcoach star --text answer.txt
  starcoach star --json answer.wav | jq .score_parts`,
		Args: rangeArgs(0, 1, "name one answer (SESSION:N or a recording), or give --text"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.File = args[0]
			}
			switch {
			case opts.File != "" && opts.Text != "":
				return usageErrorf("name a recording or give --text, not both")
			case opts.File == "" && opts.Text == "":
				return usageErrorf("%s: name one answer (SESSION:N or a recording), or give --text (see '%s --help')", cmd.CommandPath(), cmd.CommandPath())
			}
			opts.limitSet = cmd.Flags().Changed("limit")
			if runF != nil {
				return runF(opts)
			}
			return runStar(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Text, "text", "", "check a plain-text answer from this file (- for standard input)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: sections, findings, score and its parts")
	cmd.Flags().StringVar(&opts.Question, "question", "", "judge the answer's fit to this question of the banks (see 'starcoach prompts list')")
	timeVar(cmd.Flags(), &opts.LimitS, "limit", assess.DefaultLimitS, 1, maxLimitS, false, "time limit for an answer, e.g. 1:30")
	return cmd
}

func runStar(opts *starOptions) error {
	limit := opts.LimitS
	words, err := opts.env.Files().Words()
	if err != nil {
		return err
	}
	report := assess.CheckReport{}
	var t *transcript.Transcript
	var a assess.Answer
	if opts.Text != "" {
		report.File = opts.Text
		if t, err = assess.ReadText(opts.Text, opts.env.Streams.In); err != nil {
			return err
		}
		a = assess.Of(limit, nil, t, nil, words)
	} else {
		if t, report.Transcript, a, err = assessRecording(opts, words); err != nil {
			return err
		}
		report.File = opts.File
	}
	if opts.Question != "" || a.Check == nil {
		if a, err = starAgainst(opts, a, t, words); err != nil {
			return err
		}
	}
	report.Result = *a.Check
	report.Answer = &a
	if err := starProbe(opts, &report, a, t); err != nil {
		return err
	}
	out := opts.env.Streams.Out
	if opts.JSON {
		return json.NewEncoder(out).Encode(report)
	}
	if err := star.WriteText(out, report.Result); err != nil {
		return err
	}
	if a.Speech != nil {
		fmt.Fprintln(out, assess.HedgeLine(a.Speech))
	}
	if err := assess.WriteFit(out, a.Fit); err != nil {
		return err
	}
	if report.Probe != nil {
		_, err = fmt.Fprintf(out, "next push: %s (%s)\n", report.Probe.Text, report.Probe.Reason)
	}
	return err
}

// starProbe sets the push a Bar Raiser would make next: the one the
// answer's assessment chose (its fit's ask when it does not answer its
// question), else, for a reply to a follow-up, the probe its own weakest
// spot calls for.
func starProbe(opts *starOptions, report *assess.CheckReport, a assess.Answer, t *transcript.Transcript) error {
	if !report.Result.Judged() {
		return nil
	}
	if a.Star != nil {
		report.Probe = a.Star.Push
		return nil
	}
	probes, err := opts.env.Files().Probes()
	if err != nil {
		return err
	}
	if p, ok := probes.Choose(t, report.Result); ok {
		report.Probe = &p
	}
	return nil
}

// starAgainst judges the answer t again, against the question --question
// names when given.
func starAgainst(opts *starOptions, a assess.Answer, t *transcript.Transcript, words assess.Options) (assess.Answer, error) {
	if opts.Question == "" {
		return assess.Of(a.LimitS, a.Analysis, t, nil, words), nil
	}
	lib, err := opts.env.Files().Banks()
	if err != nil {
		return a, err
	}
	q, err := lib.Find(opts.Question)
	if err != nil {
		return a, usageErrorf("--question: %v", err)
	}
	return assess.OfQuestion(q, a.LimitS, a.Analysis, t, nil, words), nil
}

// assessRecording reads the transcript of the answer --file names (a
// recording, SESSION:N or a transcript) and judges it: as its session
// judges it, unless --limit says otherwise, else timed from the recording
// when it is there.
func assessRecording(opts *starOptions, words assess.Options) (*transcript.Transcript, string, assess.Answer, error) {
	na, err := answerref.Resolve(opts.env.Files().Store(), opts.File)
	if err != nil {
		return nil, "", assess.Answer{}, err
	}
	opts.File = na.WAV
	t, tpath, err := assess.ReadTranscript(opts.File)
	if err != nil {
		return nil, "", assess.Answer{}, err
	}
	if sa, ok := answerref.InSessionFolder(opts.File); ok && !opts.limitSet {
		return t, tpath, sa.Assess(words), nil
	}
	var tm *analyze.Result
	if r, err := assess.TimeRecording(opts.File, opts.LimitS); err != nil {
		fmt.Fprintf(opts.env.Streams.Err, "starcoach: %v; timing from the transcript instead\n", err)
	} else {
		tm = r
	}
	return t, tpath, assess.Of(opts.LimitS, tm, t, nil, words), nil
}

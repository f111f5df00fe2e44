package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/fileerr"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

// maxTextBytes bounds a --text answer: two minutes of speech is about
// 2 KB, so anything near this is not an answer.
const maxTextBytes = 1 << 20

type starOptions struct {
	env    *Env
	File   string // a recording (its transcript is read) or a transcript
	Text   string // a plain-text answer instead
	JSON   bool
	LimitS float64

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
	timeVar(cmd.Flags(), &opts.LimitS, "limit", assess.DefaultLimitS, 1, maxLimitS, false, "time limit for an answer, e.g. 1:30")
	return cmd
}

// starReport is the --json output: the check with where it came from, and
// the answer's assessment in the shape every command prints.
type starReport struct {
	File       string `json:"file"`
	Transcript string `json:"transcript,omitempty"`
	star.Result
	// Probe is the follow-up a Bar Raiser would push with next, chosen from
	// the answer's weakest spot; none for a strong answer.
	Probe  *probe.Probe   `json:"probe,omitempty"`
	Answer *assess.Answer `json:"answer"`
}

// MarshalJSON writes the file first, then the check (which writes itself,
// with its withheld figures null), then the probe and the answer's
// assessment.
func (r starReport) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(struct {
		File       string `json:"file"`
		Transcript string `json:"transcript,omitempty"`
	}{r.File, r.Transcript})
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(r.Result)
	if err != nil {
		return nil, err
	}
	out := append(head[:len(head)-1], ',')
	out = append(out, body[1:len(body)-1]...)
	if r.Probe != nil {
		p, err := json.Marshal(r.Probe)
		if err != nil {
			return nil, err
		}
		out = append(append(out, `,"probe":`...), p...)
	}
	if r.Answer != nil {
		a, err := json.Marshal(r.Answer)
		if err != nil {
			return nil, err
		}
		out = append(append(out, `,"answer":`...), a...)
	}
	return append(out, '}'), nil
}

func runStar(opts *starOptions) error {
	limit := opts.LimitS
	words, err := opts.env.Files().Words()
	if err != nil {
		return err
	}
	report := starReport{}
	var t *transcript.Transcript
	var a assess.Answer
	if opts.Text != "" {
		report.File = opts.Text
		if t, err = readTextAnswer(opts.Text, opts.env.Streams.In); err != nil {
			return err
		}
		a = assess.Of(limit, nil, t, nil, words)
	} else {
		if t, report.Transcript, a, err = assessRecording(opts, words); err != nil {
			return err
		}
		report.File = opts.File
	}
	if a.Check == nil {
		a = assess.Of(a.LimitS, a.Analysis, t, nil, words)
	}
	report.Result = *a.Check
	report.Answer = &a
	probes, err := opts.env.Files().Probes()
	if err != nil {
		return err
	}
	if p, ok := probes.Choose(t, report.Result); ok && report.Result.Judged() {
		report.Probe = &p
	}
	out := opts.env.Streams.Out
	if opts.JSON {
		return json.NewEncoder(out).Encode(report)
	}
	if err := star.WriteText(out, report.Result); err != nil {
		return err
	}
	if report.Probe != nil {
		_, err = fmt.Fprintf(out, "next push: %s (%s)\n", report.Probe.Text, report.Probe.Reason)
	}
	return err
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
	t, tpath, err := readTranscriptFor(opts.File)
	if err != nil {
		return nil, "", assess.Answer{}, err
	}
	if sa, ok := answerref.InSessionFolder(opts.File); ok && !opts.limitSet {
		return t, tpath, sa.Assess(words), nil
	}
	var tm *analyze.Result
	if r, err := timeRecording(opts.File, opts.LimitS); err != nil {
		fmt.Fprintf(opts.env.Streams.Err, "starcoach: %v; timing from the transcript instead\n", err)
	} else {
		tm = r
	}
	return t, tpath, assess.Of(opts.LimitS, tm, t, nil, words), nil
}

// readTextAnswer reads a plain-text answer from path, or stdin for "-".
func readTextAnswer(path string, stdin io.Reader) (*transcript.Transcript, error) {
	r := stdin
	if path != "-" {
		f, err := safefile.Open(path)
		if err != nil {
			return nil, fileerr.Of(path, err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, fmt.Errorf("%s: is a directory, not a text file", path)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxTextBytes+1))
	if err != nil {
		return nil, fileerr.Of(path, err)
	}
	if len(data) > maxTextBytes {
		return nil, fmt.Errorf("%s: over %d KB, far longer than an answer; give the text of one answer", path, maxTextBytes>>10)
	}
	if strings.TrimSpace(string(data)) == "" {
		return nil, fmt.Errorf("%s: no words in it", path)
	}
	if strings.ContainsRune(string(data), 0) {
		return nil, fmt.Errorf("%s: not a text file", path)
	}
	t := &transcript.Transcript{Text: string(data)}
	if err := t.CheckSize(); err != nil {
		return nil, fmt.Errorf("%s: %v; give the text of one answer", path, err)
	}
	return t, nil
}

// readTranscriptFor reads the transcript of a recording, or the
// transcript itself when given one.
func readTranscriptFor(path string) (*transcript.Transcript, string, error) {
	tpath := path
	if !strings.HasSuffix(path, ".transcript.json") {
		tpath = assess.Paths(path).Transcript
	}
	f, err := safefile.Open(tpath)
	if errors.Is(err, fs.ErrNotExist) {
		if _, werr := os.Stat(path); werr != nil && tpath != path {
			return nil, "", fileerr.Of(path, werr)
		}
		return nil, "", fmt.Errorf("%s: no transcript yet (%s); make one with: starcoach transcribe %s", path, tpath, path)
	}
	if err != nil {
		return nil, "", fileerr.Of(tpath, err)
	}
	defer f.Close()
	t, err := transcript.Decode(safefile.LimitReader(f, tpath, transcript.MaxFileBytes))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v; make it again with: starcoach transcribe --force %s", tpath, err, path)
	}
	return t, tpath, nil
}

// timeRecording is the recording's timing, saved beside it or measured
// now, against limit (nil, nil when the recording is not there: a
// transcript can outlive its audio).
func timeRecording(path string, limit float64) (*analyze.Result, error) {
	if strings.HasSuffix(path, ".transcript.json") {
		return nil, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	f, err := fileerr.OpenRecording(path)
	if err != nil {
		return nil, err
	}
	f.Close()
	r, _, err := assess.LoadTiming(path, limit)
	if err != nil {
		return nil, fileerr.Of(path, err)
	}
	return &r, nil
}

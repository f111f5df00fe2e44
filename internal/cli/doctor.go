package cli

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/record"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/whispermodel"
)

type doctorOptions struct {
	env    *Env
	JSON   bool
	Fix    bool
	Device string

	// Open opens the audio system; audio.Open unless a test sets it.
	Open     func(verbose io.Writer) (audio.System, error)
	lookPath stt.LookPath // exec.LookPath unless a test sets it
	runner   stt.Runner   // runs the version probes
}

func newDoctorCmd(env *Env, runF func(*doctorOptions) error) *cobra.Command {
	opts := &doctorOptions{env: env, Open: audio.Open}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check what starcoach can use on this machine and how to install what is missing",
		Long: `Doctor checks the configuration file and which speech-to-text engines are
installed (whisper.cpp's whisper-cli, vosk-transcriber, pocketsphinx), which
one transcribe uses by default, and how to install the missing ones; then
the microphone, by recording a second from it (nothing is saved) and saying
how loud it was, or "silent" when it heard nothing; then the voice that
practice --say reads questions with (espeak-ng, or the command under [tts] in
config.toml, which is run and so heard). It exits with status 1 when
something must be fixed before starcoach can work: no usable engine, or a
microphone that fails or is silent. A machine with no microphone at all, or
no voice, can still transcribe and review, and is not failed for it.
doctor --fix runs starcoach setup, which gets whisper.cpp and a model
working.`,
		Args: rangeArgs(0, 0, "takes no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			if opts.Fix {
				return runSetup(cmd.Context(), &setupOptions{env: env, From: whispermodel.DefaultBaseURL})
			}
			return runDoctor(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as one JSON object")
	cmd.Flags().BoolVar(&opts.Fix, "fix", false, "get whisper.cpp working, as starcoach setup does")
	cmd.Flags().StringVarP(&opts.Device, "device", "d", "", "input device to check: index or name from 'starcoach devices' (default: the default input)")
	return cmd
}

// doctorSection is one part of the doctor's report.
type doctorSection struct {
	Name  string   // its key in --json
	Lines []string // its text, the first line a heading
	JSON  any
	// OK is false when the user must fix something; doctor then exits 1.
	OK bool
}

// doctorCheck produces one section of the report.
type doctorCheck func(ctx context.Context, opts *doctorOptions) doctorSection

// doctorChecks are the report's sections, in order.
func doctorChecks() []doctorCheck {
	return []doctorCheck{checkSpeechToText, checkMicrophone, checkVoice}
}

// micReport is the microphone section in --json.
type micReport struct {
	Found  bool `json:"found"`
	Usable bool `json:"usable"`
	*record.InputCheck
	Problem string `json:"problem,omitempty"`
}

// checkMicrophone records a second from the input through the path
// record uses. No device at all is not a failure: transcribing and
// reviewing need none.
func checkMicrophone(ctx context.Context, opts *doctorOptions) doctorSection {
	sec := doctorSection{Name: "microphone", OK: true}
	var verbose io.Writer
	if opts.env.Verbose() {
		verbose = opts.env.Streams.Err
	}
	sys, err := audio.OpenWithDevices(opts.Open, verbose)
	if errors.Is(err, audio.ErrNoDevices) {
		msg := "none found: record and practice need one; import, transcribe and review work without"
		sec.Lines, sec.JSON = []string{"microphone: " + msg}, micReport{Problem: msg}
		return sec
	}
	if err == nil {
		defer sys.Close()
		var c record.InputCheck
		c, err = record.CheckInput(ctx, sys, opts.Device, 0)
		if err == nil {
			sec.OK = c.Usable()
			sec.Lines, sec.JSON = []string{"microphone: " + c.Text()}, micReport{Found: true, Usable: c.Usable(), InputCheck: &c}
			return sec
		}
	}
	sec.OK = false
	sec.Lines, sec.JSON = []string{"microphone: " + err.Error()}, micReport{Found: !errors.Is(err, audio.ErrNoDevice), Problem: err.Error()}
	return sec
}

// voiceReport is the voice section in --json.
type voiceReport struct {
	Program    string `json:"program,omitempty"`
	Configured bool   `json:"configured"`
	Speaks     bool   `json:"speaks"`
	Problem    string `json:"problem,omitempty"`
}

// checkVoice makes the voice of practice --say speak (see speak.Check).
// --say is optional, so a missing or failing voice is reported, not
// failed: practice then only shows the questions.
func checkVoice(ctx context.Context, opts *doctorOptions) doctorSection {
	sec := doctorSection{Name: "voice", OK: true}
	v, err := practiceVoice(opts.env)
	if err != nil {
		sec.Lines, sec.JSON = []string{"voice for --say: " + err.Error()}, voiceReport{Problem: err.Error()}
		return sec
	}
	rep := voiceReport{Program: v.Program, Configured: v.Configured()}
	dir, err := os.MkdirTemp("", "starcoach-voice-")
	if err == nil {
		defer os.RemoveAll(dir)
		err = v.Check(ctx, dir)
	}
	if err != nil {
		rep.Problem = err.Error()
		sec.Lines, sec.JSON = []string{"voice for --say: " + v.Program + ": " + err.Error()}, rep
		return sec
	}
	rep.Speaks = true
	sec.Lines, sec.JSON = []string{"voice for --say: " + v.Program + " speaks"}, rep
	return sec
}

func runDoctor(ctx context.Context, opts *doctorOptions) error {
	if opts.runner == nil {
		opts.runner = &stt.ExecRunner{}
	}
	ok := true
	report := map[string]any{}
	var text strings.Builder
	for _, check := range doctorChecks() {
		s := check(ctx, opts)
		ok = ok && s.OK
		report[s.Name] = s.JSON
		for _, l := range s.Lines {
			text.WriteString(l + "\n")
		}
	}
	report["ok"] = ok
	out := opts.env.Streams.Out
	if opts.JSON {
		if err := json.NewEncoder(out).Encode(report); err != nil {
			return err
		}
	} else if _, err := io.WriteString(out, text.String()); err != nil {
		return err
	}
	if !ok {
		return errReported
	}
	return nil
}

func checkSpeechToText(ctx context.Context, opts *doctorOptions) doctorSection {
	sec := doctorSection{Name: "speech_to_text"}
	setup, err := opts.env.Files().STT(stt.Asked{}, opts.lookPath)
	if err != nil {
		sec.Lines = []string{"speech to text: the configuration file is wrong", "  " + err.Error()}
		sec.JSON = stt.Report{Problem: err.Error(), Engines: []stt.Status{}}
		return sec
	}
	stt.ProbeVersions(ctx, opts.runner, setup.Statuses)
	rep := setup.Report()
	sec.JSON, sec.OK = rep, rep.Default != ""
	sec.Lines = rep.Lines()
	return sec
}

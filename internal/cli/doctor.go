package cli

import (
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/record"
	"github.com/starcoach/starcoach/internal/speak"
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

// checkMicrophone records a second from the input through the path
// record uses (record.CheckMicrophone).
func checkMicrophone(ctx context.Context, opts *doctorOptions) doctorSection {
	var verbose io.Writer
	if opts.env.Verbose() {
		verbose = opts.env.Streams.Err
	}
	m := record.CheckMicrophone(ctx, opts.Open, verbose, opts.Device)
	return doctorSection{Name: "microphone", Lines: []string{"microphone: " + m.Line}, JSON: m, OK: m.OK}
}

// checkVoice makes the voice of practice --say speak (speak.CheckVoice).
// --say is optional, so a missing or failing voice is reported, not
// failed: practice then only shows the questions.
func checkVoice(ctx context.Context, opts *doctorOptions) doctorSection {
	cfg, err := opts.env.Files().Config()
	if err != nil {
		return doctorSection{Name: "voice", Lines: []string{"voice for --say: " + err.Error()}, JSON: speak.Report{Problem: err.Error()}, OK: true}
	}
	v := speak.CheckVoice(ctx, cfg.TTS.Command, nil)
	return doctorSection{Name: "voice", Lines: []string{"voice for --say: " + v.Line}, JSON: v, OK: true}
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

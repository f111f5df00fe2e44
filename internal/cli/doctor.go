package cli

import (
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/whispermodel"
)

type doctorOptions struct {
	env  *Env
	JSON bool
	Fix  bool

	lookPath stt.LookPath // exec.LookPath unless a test sets it
	runner   stt.Runner   // runs the version probes
}

func newDoctorCmd(env *Env, runF func(*doctorOptions) error) *cobra.Command {
	opts := &doctorOptions{env: env}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check what starcoach can use on this machine and how to install what is missing",
		Long: `Doctor checks the configuration file and which speech-to-text engines are
installed (whisper.cpp's whisper-cli, vosk-transcriber, pocketsphinx), which
one transcribe uses by default, and how to install the missing ones. It
exits with status 1 when something must be fixed before starcoach can
work, such as no usable engine. doctor --fix runs starcoach setup, which
gets whisper.cpp and a model working.`,
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

// doctorChecks are the report's sections, in order. Audio devices
// (microphone and speaker) add their check here.
func doctorChecks() []doctorCheck {
	return []doctorCheck{checkSpeechToText}
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

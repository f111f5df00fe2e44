package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/fileerr"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/wav"
)

type repairOptions struct {
	env   *Env
	Files []string
	JSON  bool
}

func newRepairCmd(env *Env, runF func(*repairOptions) error) *cobra.Command {
	opts := &repairOptions{env: env}
	cmd := &cobra.Command{
		Use:   "repair FILE.wav [FILE.wav ...]",
		Short: "Fix the header of a recording that was cut off (crash, power cut, kill)",
		Long: `Repair rewrites the size fields of a WAV file whose recorder was stopped
before it could finish the file, so that every player opens it. starcoach's
own recorder keeps these fields current once a second, so at most the last
second is missing; repair makes the header match what is really on disk and
drops a partial last sample frame. The audio itself is never changed.`,
		Args: requireArgs(1, "name at least one WAV file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return runRepair(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON, one object per file")
	return cmd
}

type repairReport struct {
	File           string  `json:"file"`
	FramesBefore   int64   `json:"frames_before"`
	Frames         int64   `json:"frames"`
	DroppedBytes   int64   `json:"dropped_bytes"`
	DurationS      float64 `json:"duration_s"`
	AlreadyCorrect bool    `json:"already_correct"`
}

func runRepair(opts *repairOptions) error {
	failed := false
	for _, path := range opts.Files {
		f, err := fileerr.OpenRecording(path)
		if err != nil {
			failed = true
			fmt.Fprintln(opts.env.Streams.Err, "starcoach:", err)
			continue
		}
		f.Close()
		res, err := wav.Repair(path)
		if err != nil {
			failed = true
			fmt.Fprintln(opts.env.Streams.Err, "starcoach:", fileerr.Of(path, err))
			continue
		}
		rep := repairReport{
			File:           path,
			FramesBefore:   res.FramesBefore,
			Frames:         res.Frames,
			DroppedBytes:   res.DroppedBytes,
			DurationS:      res.DurationS,
			AlreadyCorrect: !res.Changed,
		}
		if opts.JSON {
			json.NewEncoder(opts.env.Streams.Out).Encode(rep)
			continue
		}
		switch {
		case rep.AlreadyCorrect:
			fmt.Fprintf(opts.env.Streams.Out, "%s: header already correct (%s)\n", path, timefmt.Clock(rep.DurationS))
		default:
			fmt.Fprintf(opts.env.Streams.Out, "%s: repaired, %s of audio", path, timefmt.Clock(rep.DurationS))
			if rep.DroppedBytes > 0 {
				fmt.Fprintf(opts.env.Streams.Out, " (dropped %d bytes of a partial last frame)", rep.DroppedBytes)
			}
			fmt.Fprintln(opts.env.Streams.Out)
		}
	}
	if failed {
		return errReported
	}
	return nil
}

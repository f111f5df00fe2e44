package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/fileerr"
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
		if err := wav.WriteRepair(opts.env.Streams.Out, path, res, opts.JSON); err != nil {
			return err
		}
	}
	if failed {
		return errReported
	}
	return nil
}

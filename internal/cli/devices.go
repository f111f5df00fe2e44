package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/audio"
)

type devicesOptions struct {
	env  *Env
	JSON bool
	// Open opens the audio system; audio.Open unless a test sets it.
	Open func(verbose io.Writer) (audio.System, error)
}

func newDevicesCmd(env *Env, runF func(*devicesOptions) error) *cobra.Command {
	opts := &devicesOptions{env: env, Open: audio.Open}
	cmd := &cobra.Command{
		Use:   "devices",
		Short: "List the microphones and speakers starcoach can use",
		Long: `Devices lists every sound input and output the audio system offers: its
index, host API, name, input and output channels and default sample rate,
and which are the defaults. Give an index or a name (or a unique part of
one) to --device when recording or replaying.

The audio libraries' own start-up messages are hidden; --verbose shows them.
With no device at all, devices says so and exits with status 1 (with --json
it prints an empty list too).`,
		Args: rangeArgs(0, 0, "takes no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runDevices(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the devices as a JSON array")
	return cmd
}

func runDevices(opts *devicesOptions) error {
	return audio.ListDevices(opts.Open, opts.env.Diagnostics(), opts.env.Streams.Out, opts.JSON)
}

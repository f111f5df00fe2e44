package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/setup"
	"github.com/starcoach/starcoach/internal/userfiles"
	"github.com/starcoach/starcoach/internal/whispermodel"
)

type setupOptions struct {
	env    *Env
	Model  string
	From   string
	NoTest bool
	// ModelFile is a model file brought from another machine.
	ModelFile string
}

func newSetupCmd(env *Env, runF func(*setupOptions) error) *cobra.Command {
	opts := &setupOptions{env: env}
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Get whisper.cpp working for good transcripts: find it, download a model, configure it",
		Long: `Setup gets the accurate speech-to-text engine working. It looks for
whisper.cpp's whisper-cli on your PATH and where Homebrew, Nix and a source
build put it, and says exactly how to install it when it is missing. It
downloads the model you pick into the data folder (resuming a download
that was cut off, and keeping it only when its SHA-1 is the one whisper.cpp
publishes; offline, --model-file installs one brought from another
machine), writes engine and model into config.toml, and transcribes a
short test sentence spoken by espeak-ng to show that it works and how fast
it is on this machine.

Models (English only, from whisper.cpp):
  tiny.en    75 MiB  fastest, misses more words
  base.en   142 MiB  good balance (the default)
  small.en  466 MiB  most accurate, about 3x slower than base.en

On a terminal it asks which model to get; when one was downloaded before,
it first times whisper with it and shows how long a 2-minute answer takes
with each model on this machine. Run it again at any time: a model
already downloaded is checked, not downloaded again. It exits with status 1 when whisper-cli is still
missing.`,
		Example: `  starcoach setup
  starcoach setup --model small.en
  starcoach setup --model-file /media/usb/ggml-base.en.bin   # offline`,
		Args: rangeArgs(0, 0, "takes no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.ModelFile != "" && cmd.Flags().Changed("from") {
				return usageErrorf("--model-file and --from both say where the model comes from: give one of them")
			}
			if runF != nil {
				return runF(opts)
			}
			return runSetup(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Model, "model", "", "model to download: tiny.en, base.en or small.en (asked on a terminal; default base.en)")
	cmd.Flags().StringVar(&opts.From, "from", whispermodel.DefaultBaseURL, "where to get models from: a mirror holding the same ggml-*.bin files, or a folder or file:// URL on this machine")
	cmd.Flags().StringVar(&opts.ModelFile, "model-file", "", "install this model file, copied from another machine (which model it is comes from its SHA-1)")
	cmd.Flags().BoolVar(&opts.NoTest, "no-test", false, "skip the test transcription")
	cmd.RegisterFlagCompletionFunc("model", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, m := range whispermodel.Catalog {
			out = append(out, m.Name+"\t"+fmt.Sprintf("%d MiB, %s", m.MiB, m.Note))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runSetup(ctx context.Context, opts *setupOptions) error {
	env := opts.env
	err := setup.Run(ctx, setup.Options{
		Streams: env.Streams, ConfigDir: env.ConfigDir(), DataDir: env.DataDir(), Home: userfiles.Home(env.Getenv),
		Model: opts.Model, From: opts.From, ModelFile: opts.ModelFile, NoTest: opts.NoTest,
	})
	if errors.Is(err, setup.ErrNotReady) {
		return errReported // the steps to install it are said
	}
	return err
}

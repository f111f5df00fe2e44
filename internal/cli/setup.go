package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speak"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/whispermodel"
)

type setupOptions struct {
	env    *Env
	Model  string
	From   string
	NoTest bool
	// ModelFile is a model file brought from another machine.
	ModelFile string

	lookPath stt.LookPath          // exec.LookPath unless a test sets it
	catalog  []whispermodel.Model  // whispermodel.Catalog unless a test sets it
	fetcher  *whispermodel.Fetcher // tests set its waits
	goos     string
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

// testSentence is what espeak-ng says for the test transcription.
const testSentence = "Ask not what your country can do for you, ask what you can do for your country."

func runSetup(ctx context.Context, opts *setupOptions) error {
	env := opts.env
	out := env.Streams.Out
	look := opts.lookPath
	if look == nil {
		look = exec.LookPath
	}
	catalog := opts.catalog
	if catalog == nil {
		catalog = whispermodel.Catalog
	}
	goos := opts.goos
	if goos == "" {
		goos = runtime.GOOS
	}
	if env.DataDir() == "" {
		return session.ErrNoDataDir
	}
	if env.ConfigDir() == "" {
		return errors.New("no folder for the configuration: HOME is not set to an absolute path, nor XDG_CONFIG_HOME; set one of them or STARCOACH_CONFIG_HOME")
	}
	cfgPath := config.Path(env.ConfigDir())
	if _, err := config.Load(cfgPath); err != nil {
		return err
	}
	if opts.ModelFile != "" {
		if opts.Model == "" {
			m, err := whispermodel.Identify(opts.ModelFile, catalog)
			if err != nil {
				return err
			}
			opts.Model = m.Name
		}
		opts.From = opts.ModelFile
	} else if _, err := whispermodel.ParseSource(opts.From); err != nil {
		return usageErrorf("--from: %v", err)
	}
	if opts.Model != "" {
		if _, err := pickModel(opts, catalog, nil); err != nil {
			return err
		}
	}

	// 1. The program.
	program, onPath, found := stt.FindWhisper(look, env.home())
	if found {
		where := "on your PATH"
		if !onPath {
			where = "(not on your PATH; its place goes into config.toml)"
		}
		fmt.Fprintf(out, "whisper-cli: found %s %s\n", program, where)
	} else {
		_, aptErr := look("apt-get")
		fmt.Fprintln(out, "whisper-cli: not found. To install it:")
		for _, step := range stt.HowToGetWhisper(goos, look, env.home(), aptErr == nil) {
			fmt.Fprintln(out, "  "+step)
		}
	}

	// 2. The model. With whisper-cli and a model already here, the speed
	// on this machine is measured first, so the choice shows it.
	dir := filepath.Join(env.DataDir(), "models")
	var speed *measurement
	if found && !opts.NoTest && env.Streams.IsStdinTTY() && opts.Model == "" {
		if m, path, ok := modelAlreadyHere(dir, catalog); ok {
			fmt.Fprintf(env.Streams.Err, "measuring whisper's speed on this machine with %s ...\n", m.Name)
			var err error
			if speed, _, err = measure(ctx, look, program, path, m); err != nil {
				fmt.Fprintf(env.Streams.Err, "starcoach: %v\n", err)
			}
		}
	}
	model, err := pickModel(opts, catalog, speed)
	if err != nil {
		return err
	}
	f := opts.fetcher
	if f == nil {
		f = &whispermodel.Fetcher{}
	}
	f.BaseURL = opts.From
	var bar *progressbar.ProgressBar
	if env.Streams.IsStderrTTY() {
		fmt.Fprintf(env.Streams.Err, "getting %s (%d MiB) from %s\n", model.Name, model.MiB, f.URL(model))
		f.Progress = func(done, total int64) {
			if total < 0 {
				total = int64(model.MiB) << 20
			}
			if bar == nil {
				bar = downloadBar(env.Streams.Err, total, model.Name)
			}
			bar.Set64(done)
		}
	}
	res, err := f.Fetch(ctx, model, dir)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		var in *whispermodel.Interrupted
		if errors.As(err, &in) && ctx.Err() != nil {
			return fmt.Errorf("stopped: %s of %s kept; run starcoach setup again to carry on from there", whispermodel.MiBString(in.Kept), model.Name)
		}
		var off *whispermodel.OfflineError
		if errors.As(err, &off) {
			kept := ""
			if errors.As(err, &in) {
				kept = fmt.Sprintf(" (the %s downloaded before is kept: once online, run starcoach setup again to carry on)", whispermodel.MiBString(in.Kept))
			}
			return fmt.Errorf("%v. PocketSphinx works meanwhile, offline but rough: it misses many words (apt-get install pocketsphinx pocketsphinx-en-us). To bring a model in, download %s on a machine that is online and run starcoach setup --model-file FILE%s", off, f.URL(model), kept)
		}
		if errors.As(err, &in) {
			return fmt.Errorf("download of %s stopped (%v): %s kept; run starcoach setup again to carry on from there", model.Name, in.Err, whispermodel.MiBString(in.Kept))
		}
		return err
	}
	switch {
	case res.Reused:
		fmt.Fprintf(out, "model: %s already downloaded, SHA-1 matches whisper.cpp's: %s\n", model.Name, res.Path)
	case res.CopiedFrom != "":
		fmt.Fprintf(out, "model: installed %s from %s (%s), SHA-1 matches whisper.cpp's: %s\n", model.Name, res.CopiedFrom, whispermodel.MiBString(res.Size), res.Path)
	case res.ResumedAt > 0:
		fmt.Fprintf(out, "model: downloaded %s (%s, resumed at %s), SHA-1 matches whisper.cpp's: %s\n", model.Name, whispermodel.MiBString(res.Size), whispermodel.MiBString(res.ResumedAt), res.Path)
	default:
		fmt.Fprintf(out, "model: downloaded %s (%s), SHA-1 matches whisper.cpp's: %s\n", model.Name, whispermodel.MiBString(res.Size), res.Path)
	}

	// 3. The configuration.
	settings := []config.Setting{{Table: "stt", Key: "model", Value: res.Path}}
	if found {
		settings = append(settings, config.Setting{Table: "stt", Key: "engine", Value: stt.Whisper})
		if !onPath {
			settings = append(settings, config.Setting{Table: "stt.programs", Key: stt.Whisper, Value: program})
		}
	}
	if err := config.Set(cfgPath, settings...); err != nil {
		return err
	}
	if found {
		fmt.Fprintf(out, "config: engine = whisper, model = %s in %s\n", model.Name, cfgPath)
	} else {
		fmt.Fprintf(out, "config: model = %s in %s (engine stays as it was until whisper-cli is installed)\n", model.Name, cfgPath)
		fmt.Fprintln(out, "Install whisper-cli as above, then run starcoach setup again.")
		return errReported
	}

	// 4. A test transcription.
	if opts.NoTest {
		fmt.Fprintln(out, "Ready: starcoach transcribe and practice now use whisper.")
		return nil
	}
	ms := speed
	if ms == nil || ms.model.Name != model.Name {
		var note string
		if ms, note, err = measure(ctx, look, program, res.Path, model); err != nil {
			return err
		}
		if ms == nil {
			fmt.Fprintln(out, "test: skipped, "+note)
		}
	}
	if ms != nil {
		writeMeasurement(out, ms, catalog)
	}
	fmt.Fprintln(out, "Ready: starcoach transcribe and practice now use whisper.")
	return nil
}

// modelAlreadyHere finds a catalog model downloaded before into dir,
// whole (its hash is checked), for measuring the speed.
func modelAlreadyHere(dir string, catalog []whispermodel.Model) (whispermodel.Model, string, bool) {
	for _, m := range catalog {
		p := filepath.Join(dir, m.File())
		if ok, err := whispermodel.Check(m, p); err == nil && ok {
			return m, p, true
		}
	}
	return whispermodel.Model{}, "", false
}

// pickModel is --model, else the user's choice on a terminal, else the
// default.
func pickModel(opts *setupOptions, catalog []whispermodel.Model, speed *measurement) (whispermodel.Model, error) {
	find := func(name string) (whispermodel.Model, error) {
		n := strings.TrimSuffix(strings.TrimPrefix(name, "ggml-"), ".bin")
		for _, m := range catalog {
			if m.Name == n || m.Name == n+".en" {
				return m, nil
			}
		}
		var names []string
		for _, m := range catalog {
			names = append(names, m.Name)
		}
		return whispermodel.Model{}, usageErrorf("unknown model %q: choose %s", name, strings.Join(names, ", "))
	}
	if opts.Model != "" {
		return find(opts.Model)
	}
	s := opts.env.Streams
	if !s.IsStdinTTY() {
		return find(whispermodel.Default)
	}
	fmt.Fprintln(s.Err, "Which model? (English only; larger hears more words and takes longer)")
	for _, m := range catalog {
		line := fmt.Sprintf("  %-9s %4d MiB  %s", m.Name, m.MiB, m.Note)
		if est, ok := speed.estimate(m); ok {
			line += fmt.Sprintf("; a 2-minute answer in about %s here", roughDuration(est))
		}
		fmt.Fprintln(s.Err, line)
	}
	if speed == nil {
		fmt.Fprintln(s.Err, "  (how fast each is on this machine is measured once one is downloaded)")
	}
	for {
		fmt.Fprintf(s.Err, "Model [%s]: ", whispermodel.Default)
		line, err := bufio.NewReader(s.In).ReadString('\n')
		line = strings.TrimSpace(line)
		if line == "" {
			if err != nil && err != io.EOF {
				return whispermodel.Model{}, err
			}
			return find(whispermodel.Default)
		}
		if m, ferr := find(line); ferr == nil {
			return m, nil
		} else if err != nil {
			return m, ferr
		} else {
			fmt.Fprintln(s.Err, ferr)
		}
	}
}

func downloadBar(w io.Writer, total int64, name string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// measurement is a test transcription of the test sentence: what whisper
// heard and how long it took on this machine with one model.
type measurement struct {
	model   whispermodel.Model
	heard   string
	speechS float64
	tookS   float64
}

// measure has espeak-ng say the test sentence and whisper transcribe it
// with the model at modelPath. A nil measurement with a note means it
// could not be made here (no espeak-ng).
func measure(ctx context.Context, look stt.LookPath, program, modelPath string, model whispermodel.Model) (*measurement, string, error) {
	voice, err := look(speak.Espeak)
	if err != nil {
		return nil, "espeak-ng is not installed to speak a test sentence; try starcoach transcribe on one of your recordings", nil
	}
	dir, err := os.MkdirTemp("", "starcoach-setup-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	wavPath := filepath.Join(dir, "test.wav")
	if err := speak.WriteWAV(ctx, voice, testSentence, wavPath); err != nil {
		return nil, "", fmt.Errorf("test sentence: %w", err)
	}
	tr := &stt.Transcriber{Engine: stt.Engine{Name: stt.Whisper, Program: program, Model: modelPath}, Runner: &stt.ExecRunner{}}
	start := time.Now()
	t, err := tr.Transcribe(ctx, wavPath)
	took := time.Since(start)
	if err != nil {
		return nil, "", fmt.Errorf("test transcription failed: %w", err)
	}
	return &measurement{model: model, heard: strings.TrimSpace(t.Text), speechS: t.DurationS, tookS: took.Seconds()}, "", nil
}

// estimate is how long model m takes for a 2-minute answer, from the
// measurement: time grows with the model's number of parameters.
func (ms *measurement) estimate(m whispermodel.Model) (time.Duration, bool) {
	if ms == nil || ms.speechS <= 0 || ms.tookS <= 0 || ms.model.Params <= 0 {
		return 0, false
	}
	perSecond := ms.tookS / ms.speechS
	return time.Duration(perSecond * 120 * float64(m.Params) / float64(ms.model.Params) * float64(time.Second)), true
}

// writeMeasurement shows what whisper heard and what that means for a
// 2-minute answer with each model.
func writeMeasurement(out io.Writer, ms *measurement, catalog []whispermodel.Model) {
	fmt.Fprintf(out, "test: said  %q\n", testSentence)
	right, of := wordsRight(testSentence, ms.heard)
	fmt.Fprintf(out, "      heard %q (%d of %d words right)\n", ms.heard, right, of)
	if _, ok := ms.estimate(ms.model); !ok {
		return
	}
	fmt.Fprintf(out, "speed: %.1f s of speech took %.1f s with %s on this machine; a 2-minute answer takes about:\n", ms.speechS, ms.tookS, ms.model.Name)
	for _, m := range catalog {
		est, _ := ms.estimate(m)
		note := "estimated from " + ms.model.Name
		if m.Name == ms.model.Name {
			note = "measured"
		}
		fmt.Fprintf(out, "  %-9s %s (%s)\n", m.Name, roughDuration(est), note)
	}
}

// wordsRight counts the words of said that heard has too, each heard word
// counting once, ignoring case and punctuation.
func wordsRight(said, heard string) (right, of int) {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
		})
	}
	have := map[string]int{}
	for _, w := range split(heard) {
		have[w]++
	}
	for _, w := range split(said) {
		of++
		if have[w] > 0 {
			have[w]--
			right++
		}
	}
	return right, of
}

// roughDuration writes an estimate the way a person would say it.
func roughDuration(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.0f s", max(d.Seconds(), 1))
	case d < 90*time.Second:
		return fmt.Sprintf("%.0f s", math.Round(d.Seconds()/5)*5)
	default:
		return fmt.Sprintf("%.1f min", d.Minutes())
	}
}

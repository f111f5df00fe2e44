// Package setup gets the accurate speech-to-text engine working: it finds
// whisper.cpp's whisper-cli or says how to install it, downloads a model
// and checks it against the hash whisper.cpp publishes, writes engine and
// model into the configuration, and times a test transcription on this
// machine.
package setup

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

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speak"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/ui"
	"github.com/starcoach/starcoach/internal/whispermodel"
)

// Options are what a setup run needs: where the user's files are, what
// was asked for, and the machine (tests set the last group).
type Options struct {
	Streams   *ui.Streams
	ConfigDir string // config.toml goes here
	DataDir   string // models are downloaded into DataDir/models
	Home      string // where a source build of whisper.cpp is looked for

	Model     string // "" asks on a terminal, else the default
	From      string // where models are got from: a mirror, a folder or file:// URL
	ModelFile string // a model file brought from another machine, instead of From
	NoTest    bool   // no test transcription

	LookPath stt.LookPath          // exec.LookPath when nil
	Catalog  []whispermodel.Model  // whispermodel.Catalog when nil
	Fetcher  *whispermodel.Fetcher // a default one when nil
	GOOS     string                // runtime.GOOS when ""
}

// ErrNotReady means whisper-cli is still missing: the steps to install it
// have been said.
var ErrNotReady = errors.New("whisper-cli is not installed")

// UsageError is a model asked for that the catalog does not have.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// Usage marks the error as bad command-line use.
func (e *UsageError) Usage() bool { return true }

// testSentence is what espeak-ng says for the test transcription.
const testSentence = "Ask not what your country can do for you, ask what you can do for your country."

// Run gets whisper.cpp working as Options says, saying each step on
// o.Streams.Out. It returns ErrNotReady, after saying how to install it,
// when whisper-cli is not on this machine (the model is downloaded and
// configured all the same), and an error with a Usage method for a model
// it does not know, before it says anything.
func Run(ctx context.Context, opts Options) error {
	streams := opts.Streams
	out := streams.Out
	look := opts.LookPath
	if look == nil {
		look = exec.LookPath
	}
	catalog := opts.Catalog
	if catalog == nil {
		catalog = whispermodel.Catalog
	}
	goos := opts.GOOS
	if goos == "" {
		goos = runtime.GOOS
	}
	if opts.DataDir == "" {
		return session.ErrNoDataDir
	}
	if opts.ConfigDir == "" {
		return errors.New("no folder for the configuration: HOME is not set to an absolute path, nor XDG_CONFIG_HOME; set one of them or STARCOACH_CONFIG_HOME")
	}
	cfgPath := config.Path(opts.ConfigDir)
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
		return &UsageError{fmt.Sprintf("--from: %v", err)}
	}
	if opts.Model != "" {
		if _, err := pickModel(opts, catalog, nil); err != nil {
			return err
		}
	}

	// 1. The program.
	program, onPath, found := stt.FindWhisper(look, opts.Home)
	if found {
		where := "on your PATH"
		if !onPath {
			where = "(not on your PATH; its place goes into config.toml)"
		}
		fmt.Fprintf(out, "whisper-cli: found %s %s\n", program, where)
	} else {
		_, aptErr := look("apt-get")
		fmt.Fprintln(out, "whisper-cli: not found. To install it:")
		for _, step := range stt.HowToGetWhisper(goos, look, opts.Home, aptErr == nil) {
			fmt.Fprintln(out, "  "+step)
		}
	}

	// 2. The model. With whisper-cli and a model already here, the speed
	// on this machine is measured first, so the choice shows it.
	dir := filepath.Join(opts.DataDir, "models")
	var speed *measurement
	if found && !opts.NoTest && streams.IsStdinTTY() && opts.Model == "" {
		if m, path, ok := modelAlreadyHere(dir, catalog); ok {
			fmt.Fprintf(streams.Err, "measuring whisper's speed on this machine with %s ...\n", m.Name)
			var err error
			if speed, _, err = measure(ctx, look, program, path, m); err != nil {
				fmt.Fprintf(streams.Err, "starcoach: %v\n", err)
			}
		}
	}
	model, err := pickModel(opts, catalog, speed)
	if err != nil {
		return err
	}
	f := opts.Fetcher
	if f == nil {
		f = &whispermodel.Fetcher{}
	}
	f.BaseURL = opts.From
	var bar *progressbar.ProgressBar
	if streams.IsStderrTTY() {
		fmt.Fprintf(streams.Err, "getting %s (%d MiB) from %s\n", model.Name, model.MiB, f.URL(model))
		f.Progress = func(done, total int64) {
			if total < 0 {
				total = int64(model.MiB) << 20
			}
			if bar == nil {
				bar = downloadBar(streams.Err, total, model.Name)
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
		return ErrNotReady
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
func pickModel(opts Options, catalog []whispermodel.Model, speed *measurement) (whispermodel.Model, error) {
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
		return whispermodel.Model{}, &UsageError{fmt.Sprintf("unknown model %q: choose %s", name, strings.Join(names, ", "))}
	}
	if opts.Model != "" {
		return find(opts.Model)
	}
	s := opts.Streams
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

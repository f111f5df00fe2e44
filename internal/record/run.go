package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/ui"
	"github.com/starcoach/starcoach/internal/wav"
)

// Run is the record command: it records an answer with o from the audio
// system open returns, reading the stop keys from streams.In when it is a
// terminal, and prints the timing of what was recorded (as JSON with
// asJSON) whatever stopped it. Without o.Path the answer goes to a file
// in the current folder named by the time now gives (DefaultName). With
// o.Verbose set, the audio libraries' messages and the time to the first
// sound go there.
func Run(ctx context.Context, open func(verbose io.Writer) (audio.System, error), o Options, streams *ui.Streams, now func() time.Time, asJSON bool) error {
	started := time.Now()
	if o.Path == "" {
		o.Path = DefaultName(now())
		fmt.Fprintf(streams.Err, "starcoach: recording to %s in the current directory\n", o.Path)
	}
	if streams.IsStdinTTY() {
		o.Keys = streams.In
	}
	sys, err := audio.OpenWithDevices(open, o.Verbose)
	if err != nil {
		return err
	}
	defer sys.Close()
	res, err := Record(ctx, sys, o, streams)
	if o.Verbose != nil && !res.FirstSound.IsZero() {
		fmt.Fprintf(o.Verbose, "starcoach: first sound %d ms after the command started\n", res.FirstSound.Sub(started).Milliseconds())
	}
	if res.Path == "" {
		return err
	}
	// Whatever stopped it, what was recorded is reported.
	if werr := WriteResult(streams.Out, res, asJSON); werr != nil && err == nil {
		err = werr
	}
	return err
}

// DefaultName is a file name for an answer recorded at now that sorts by
// time and does not clash with the last take.
func DefaultName(now time.Time) string {
	return "answer-" + now.Format("20060102-150405") + ".wav"
}

// Check refuses what the recorder cannot honour before a device is
// opened: a rate the recording could not be read back at, a channel count
// out of range, and, when no key can stop it (keys false), a recording
// with no end of its own.
func (o Options) Check(keys bool) error {
	if err := CheckRate(o.SampleRate); err != nil {
		return err
	}
	if o.Channels < 1 || o.Channels > 32 {
		return fmt.Errorf("--channels %d is out of range (1 to 32)", o.Channels)
	}
	if !keys && o.Duration == 0 && o.StopAfterSilence == 0 {
		return errors.New("standard input is not a terminal, so Enter cannot stop the recording: pass --duration (e.g. --duration 2:00) or --stop-after-silence")
	}
	return nil
}

// CheckRate refuses a sample rate the recording could not be read back
// at: the rates every reader of a recording accepts are the ones recorded.
func CheckRate(rate int) error {
	if rate < wav.MinSampleRate || rate > wav.MaxSampleRate {
		return fmt.Errorf("--rate %d is out of range (%d to %d Hz; 16000 is all speech needs)", rate, wav.MinSampleRate, wav.MaxSampleRate)
	}
	return nil
}

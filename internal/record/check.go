package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/audio"
)

// CheckSpan is how long CheckInput listens: long enough for a device that
// starts slowly to deliver, short enough for doctor to stay quick.
const CheckSpan = time.Second

// silentPeak is the loudest a microphone that hears nothing delivers: one
// step of a 16-bit sample (about -90 dBFS). Any real microphone, in the
// quietest room, has more noise than that; a muted or unplugged input
// gives zeros.
const silentPeak = 1

// InputCheck is what a short capture from the microphone heard.
type InputCheck struct {
	Device     string  `json:"device"`
	HostAPI    string  `json:"host_api"`
	SampleRate int     `json:"sample_rate"`
	CapturedS  float64 `json:"captured_s"`
	// LevelDBFS is the RMS over the capture, PeakDBFS its loudest sample.
	LevelDBFS float64 `json:"level_dbfs"`
	PeakDBFS  float64 `json:"peak_dbfs"`
	// Silent is set when nothing above one step of a 16-bit sample came
	// in: the input is muted, unplugged or not the microphone.
	Silent   bool  `json:"silent"`
	Clipping bool  `json:"clipping"`
	Lost     int64 `json:"lost"` // overflows during the capture
}

// CheckInput records span (CheckSpan when 0) from device ("" for the
// default input) through the same capture path as Record, at 16 kHz mono,
// and measures what it heard. It writes nothing to disk.
func CheckInput(ctx context.Context, sys audio.System, device string, span time.Duration) (InputCheck, error) {
	if span <= 0 {
		span = CheckSpan
	}
	capture, err := sys.OpenCapture(audio.CaptureConfig{Device: device, SampleRate: audio.DefaultSampleRate, Channels: audio.DefaultChannels})
	if err != nil {
		return InputCheck{}, err
	}
	defer capture.Close()
	info := capture.Info()
	c := InputCheck{Device: info.Device.Name, HostAPI: info.Device.HostAPI, SampleRate: info.SampleRate}
	if err := capture.Start(); err != nil {
		return c, fmt.Errorf("start recording from %s: %w", info.Device.Name, err)
	}
	want := int64(span.Seconds() * float64(info.SampleRate*info.Channels))
	var got int64
	var sumSq float64
	peak := 0
	buf := make([]int16, info.SampleRate/10*info.Channels)
	for got < want {
		if ctx.Err() != nil {
			return c, ctx.Err()
		}
		n, err := capture.Read(buf[:min(int64(len(buf)), want-got)])
		for _, s := range buf[:n] {
			v := int(s)
			sumSq += float64(v * v)
			peak = max(peak, v, -v)
		}
		got += int64(n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return c, fmt.Errorf("record from %s: %w", info.Device.Name, err)
		}
	}
	// Losses after the span was read are none of the check's business.
	c.Lost = capture.Overflows()
	capture.Stop()
	c.CapturedS = float64(got) / float64(info.SampleRate*info.Channels)
	c.LevelDBFS, c.PeakDBFS = analyze.FloorDBFS, analyze.FloorDBFS
	if got > 0 {
		if rms := math.Sqrt(sumSq/float64(got)) / 32768; rms > 0 {
			c.LevelDBFS = math.Round(20*math.Log10(rms)*10) / 10
		}
		if peak > 0 {
			c.PeakDBFS = math.Round(20*math.Log10(float64(peak)/32768)*10) / 10
		}
	}
	c.Silent = peak <= silentPeak
	c.Clipping = peak >= 32767
	return c, nil
}

// Text is the check as doctor says it, in one line: "default (ALSA): heard
// 1.0 s, level -48 dBFS, peak -31 dBFS", or why it is not usable.
func (c InputCheck) Text() string {
	name := c.Device
	if c.HostAPI != "" {
		name += " (" + c.HostAPI + ")"
	}
	switch {
	case c.CapturedS == 0:
		return name + ": no sound came in: the device delivered nothing; choose another with --device (see 'starcoach devices')"
	case c.Silent:
		return fmt.Sprintf("%s: silent: nothing heard in %.1f s; unmute the microphone or raise its input level, or choose another with --device (see 'starcoach devices')", name, c.CapturedS)
	}
	line := fmt.Sprintf("%s: heard %.1f s, level %.0f dBFS, peak %.0f dBFS", name, c.CapturedS, c.LevelDBFS, c.PeakDBFS)
	if c.Clipping {
		line += "; clipping: lower the input level"
	}
	if c.Lost > 0 {
		line += fmt.Sprintf("; sound lost %d times: the machine is busy", c.Lost)
	}
	return line
}

// Usable tells whether the microphone can record an answer.
func (c InputCheck) Usable() bool { return c.CapturedS > 0 && !c.Silent }

// Microphone is the microphone check as doctor reports it (its --json).
type Microphone struct {
	Found  bool `json:"found"`
	Usable bool `json:"usable"`
	*InputCheck
	Problem string `json:"problem,omitempty"`
	// Line is the check in one line; OK is false when the microphone must
	// be fixed before practice can record. No device at all is reported
	// but is not a failure: importing, transcribing and reviewing need
	// none.
	Line string `json:"-"`
	OK   bool   `json:"-"`
}

// CheckMicrophone opens the audio system with open (verbose receives the
// libraries' messages) and checks device, "" for the default input, with
// CheckInput.
func CheckMicrophone(ctx context.Context, open func(verbose io.Writer) (audio.System, error), verbose io.Writer, device string) Microphone {
	sys, err := audio.OpenWithDevices(open, verbose)
	if errors.Is(err, audio.ErrNoDevices) {
		msg := "none found: record and practice need one; import, transcribe and review work without"
		return Microphone{Problem: msg, Line: msg, OK: true}
	}
	if err == nil {
		defer sys.Close()
		var c InputCheck
		if c, err = CheckInput(ctx, sys, device, 0); err == nil {
			return Microphone{Found: true, Usable: c.Usable(), InputCheck: &c, Line: c.Text(), OK: c.Usable()}
		}
	}
	return Microphone{Found: !errors.Is(err, audio.ErrNoDevice), Problem: err.Error(), Line: err.Error()}
}

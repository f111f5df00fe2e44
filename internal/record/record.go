// Package record records one spoken answer from a microphone into a WAV
// file: it shows the question and a countdown, writes the sound to disk as
// it arrives (the file stays playable at every moment), times the answer as
// it goes, and stops on a key, a signal, a fixed length, a maximum or a
// silence after speech. What was recorded is never lost: every way of
// stopping, a full disk included, ends with a valid file.
package record

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/ui"
	"github.com/starcoach/starcoach/internal/wav"
)

// Options say what to record, from where, and when to stop.
type Options struct {
	// Path is the WAV file to write; it must not exist unless Force.
	Path  string
	Force bool
	// Device, SampleRate and Channels choose the input; zero values mean
	// the default device at 16 kHz mono.
	Device     string
	SampleRate int
	Channels   int
	// Countdown is waited, counting down on stderr, before recording starts.
	Countdown time.Duration
	// Question is shown before the countdown; Context (the Leadership
	// Principle, say) under it.
	Question string
	Context  string
	// Say, if set, reads the question aloud once it is shown, before the
	// countdown. A voice that fails is noted on stderr and the recording
	// goes on: the question is on the screen anyway.
	Say func(ctx context.Context) error
	// Analyze times the answer; its LimitS is the limit the live display
	// counts towards. SampleRate is set from the recording.
	Analyze analyze.Options
	// Max ends a recording that nobody stops; 0 means the limit plus 60 s,
	// or Duration if that is set.
	Max time.Duration
	// Duration records exactly this long; 0 records until stopped.
	Duration time.Duration
	// StopAfterSilence ends the recording after this much silence, counted
	// only once speech has been heard; 0 never does.
	StopAfterSilence time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Keys is where Enter or q come from to stop the recording; nil means
	// no keys. A terminal is switched to reading single keys without echo
	// for the recording and always switched back.
	Keys io.Reader
	// Verbose, if set, receives diagnostics: the device opened, its
	// latency, when the first sound arrived.
	Verbose io.Writer
	// Buffer is how much sound the hand-off from the audio thread holds
	// while the disk or the machine is slow; audio.DefaultBuffer when 0.
	Buffer time.Duration

	// create makes the WAV writer; wav.Create unless a test injects faults.
	create func(path string, f wav.Format, o wav.CreateOptions) (*wav.Writer, error)
}

// Ways a recording stopped, as Result.StoppedBy gives them.
const (
	ByKey      = "key"
	BySignal   = "signal"
	ByMax      = "max"
	ByDuration = "duration"
	BySilence  = "silence"
	// ByError means reading the device or writing the file failed.
	ByError = "error"
)

// Result is what a recording produced.
type Result struct {
	Path string
	// Timing is the analysis of the whole recording, with any lost audio
	// among its warnings.
	Timing    analyze.Result
	Stats     audio.CaptureStats
	StoppedBy string
	// TimingPath is the <wav>.timing.json written beside the recording;
	// empty if it could not be written.
	TimingPath string
	// Device is the input that was recorded from.
	Device audio.Device
	// FirstSound is when the first frames arrived from the device; zero if
	// none did.
	FirstSound time.Time
}

// Timing is the content of <wav>.timing.json: the analysis in the same
// JSON form as 'starcoach analyze --json', plus what the recorder knows.
type Timing struct {
	analyze.Result
	Overflows int64              `json:"overflows"`
	Capture   audio.CaptureStats `json:"capture"`
	StoppedBy string             `json:"stopped_by"`
}

// ErrCancelled is returned when the recording was cancelled before it
// started (during the countdown); nothing was recorded and no file is left.
var ErrCancelled = errors.New("recording cancelled before it started; nothing was recorded")

func (o Options) withDefaults() Options {
	if o.SampleRate == 0 {
		o.SampleRate = audio.DefaultSampleRate
	}
	if o.Channels == 0 {
		o.Channels = audio.DefaultChannels
	}
	if o.Analyze.LimitS <= 0 || math.IsInf(o.Analyze.LimitS, 0) || math.IsNaN(o.Analyze.LimitS) {
		o.Analyze.LimitS = analyze.DefaultOptions().LimitS
	}
	o.Analyze.SampleRate = o.SampleRate
	if o.Max <= 0 {
		// The maximum is there to end a recording nobody ends; a duration
		// asked for is not cut short by it.
		o.Max = time.Duration((o.Analyze.LimitS + 60) * float64(time.Second))
		if o.Duration > 0 {
			o.Max = o.Duration
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.create == nil {
		o.create = wav.Create
	}
	return o
}

// stopLimit is the number of frames after which the recording ends by
// itself, and what ends it.
func (o Options) stopLimit() (frames int64, by string) {
	frames, by = durationFrames(o.Max, o.SampleRate), ByMax
	if o.Duration > 0 {
		if d := durationFrames(o.Duration, o.SampleRate); d <= frames {
			frames, by = d, ByDuration
		}
	}
	return frames, by
}

func durationFrames(d time.Duration, rate int) int64 {
	return max(int64(math.Round(d.Seconds()*float64(rate))), 1)
}

// Record records one answer into opts.Path; see Options. The question,
// countdown and (on a terminal) the live meter go to streams.Err. A
// recording stopped by a key, ctx (Ctrl-C, SIGTERM), the maximum, the
// duration or silence returns its Result and no error. If the device or the
// disk fails midway, what was recorded is kept as a valid file, and the
// Result comes with the error.
func Record(ctx context.Context, sys audio.System, opts Options, streams *ui.Streams) (Result, error) {
	o := opts.withDefaults()
	if o.Path == "" {
		return Result{}, errors.New("no file to record to")
	}
	if o.Duration < 0 || o.StopAfterSilence < 0 || o.Countdown < 0 {
		return Result{}, errors.New("durations must not be negative")
	}
	// Refuse before the device is opened, so the answer is immediate; the
	// exclusive create below is what really guarantees it.
	if !o.Force {
		if _, err := os.Lstat(o.Path); err == nil {
			return Result{}, &wav.ExistsError{Path: o.Path}
		}
	}
	capture, err := sys.OpenCapture(audio.CaptureConfig{
		Device:     o.Device,
		SampleRate: o.SampleRate,
		Channels:   o.Channels,
		Buffer:     o.Buffer,
	})
	if err != nil {
		return Result{}, err
	}
	defer capture.Close()
	info := capture.Info()
	if o.Verbose != nil {
		fmt.Fprintf(o.Verbose, "starcoach: recording from %d %s (%s), %d Hz, %d channel(s), device latency %d ms\n",
			info.Device.Index, info.Device.Name, info.Device.HostAPI, info.SampleRate, info.Channels, info.Latency.Milliseconds())
	}
	format := wav.Format{SampleRate: info.SampleRate, Channels: info.Channels, BitsPerSample: 16}
	w, err := o.create(o.Path, format, wav.CreateOptions{Force: o.Force, Now: o.Now})
	if err != nil {
		return Result{}, err
	}

	keys, restore := startKeys(o.Keys)
	defer restore()

	errOut := streams.Err
	tty := streams.IsStderrTTY()
	showQuestion(errOut, o.Question, o.Context)
	if o.Say != nil {
		if err := o.Say(ctx); err != nil && ctx.Err() == nil {
			fmt.Fprintf(errOut, "starcoach: the question was not read aloud: %v\n", err)
		}
	}
	if !countdown(ctx, errOut, tty, o.Countdown) {
		w.Close()
		os.Remove(o.Path)
		return Result{}, ErrCancelled
	}
	keys.drain() // keys pressed during the countdown do not stop what has not started

	rec := &recording{
		opts:    o,
		capture: capture,
		w:       w,
		an:      analyze.New(o.Analyze),
		rate:    info.SampleRate,
		ch:      info.Channels,
	}
	rec.limitFrames, rec.limitBy = o.stopLimit()
	if err := capture.Start(); err != nil {
		w.Close()
		os.Remove(o.Path)
		return Result{}, err
	}
	startedAt := o.Now()
	announce(errOut, o, tty, keys.active())

	done := make(chan struct{})
	go func() {
		defer close(done)
		rec.run()
	}()

	live := newLiveView(errOut, tty, o.Analyze)
	var tick <-chan time.Time
	if tty {
		t := time.NewTicker(liveInterval)
		defer t.Stop()
		tick = t.C
	}
	ctxDone := ctx.Done()
wait:
	for {
		select {
		case <-done:
			break wait
		case <-ctxDone:
			ctxDone = nil
			rec.requestStop(BySignal)
		case <-keys.stop:
			rec.requestStop(ByKey)
		case <-tick:
			live.draw(rec.snapshot())
		}
	}
	live.finish(rec.snapshot())

	res, err := rec.finish()
	if o.Verbose != nil && !res.FirstSound.IsZero() {
		fmt.Fprintf(o.Verbose, "starcoach: first sound %d ms after recording started (at %.3f)\n",
			res.FirstSound.Sub(startedAt).Milliseconds(), float64(res.FirstSound.UnixNano())/1e9)
	}
	res.Device = info.Device
	return res, err
}

// recording is the state shared by the goroutine that reads the device and
// the one that watches keys, signals and the clock.
type recording struct {
	opts        Options
	capture     audio.Capture
	w           *wav.Writer
	an          *analyze.Analyzer
	rate, ch    int
	limitFrames int64
	limitBy     string

	mu         sync.Mutex // guards everything below, and an
	stoppedBy  string
	live       analyze.Live
	frames     int64
	firstSound time.Time
	writeErr   error
	readErr    error
}

// requestStop ends the recording from outside the reading goroutine: what
// the hand-off still holds is written, then the reader sees the end.
func (r *recording) requestStop(by string) {
	r.mu.Lock()
	if r.stoppedBy == "" {
		r.stoppedBy = by
	}
	r.mu.Unlock()
	r.capture.Stop()
}

// run reads the device until the end: each block is written to the file
// first, then timed, so that the analysis never counts sound the file does
// not have.
func (r *recording) run() {
	block := max(r.rate/10, 1) * r.ch
	buf := make([]int16, block)
	mono := make([]float32, block/r.ch)
	var written int64
	for {
		n, err := r.capture.Read(buf)
		if n > 0 {
			frames := int64(n / r.ch)
			ownStop := ""
			if written+frames >= r.limitFrames {
				frames = r.limitFrames - written
				ownStop = r.limitBy
			}
			samples := buf[:int(frames)*r.ch]
			werr := r.w.WriteInt16(samples)
			if werr != nil {
				// The writer has cut the file back to its last whole frame.
				frames = r.w.Frames() - written
				samples = samples[:int(frames)*r.ch]
			}
			written += frames
			downmix(mono, samples, r.ch)
			r.mu.Lock()
			if r.firstSound.IsZero() && frames > 0 {
				r.firstSound = r.opts.Now()
			}
			r.an.Feed(mono[:frames])
			r.live = r.an.Live()
			r.frames = written
			if werr != nil {
				r.writeErr = werr
				ownStop = ByError
			} else if ownStop == "" && r.opts.StopAfterSilence > 0 && r.live.HeardSpeech &&
				r.live.SilentForS >= r.opts.StopAfterSilence.Seconds() {
				ownStop = BySilence
			}
			if ownStop != "" && r.stoppedBy == "" {
				r.stoppedBy = ownStop
			}
			r.mu.Unlock()
			if ownStop != "" {
				r.capture.Stop()
				return
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			r.mu.Lock()
			r.readErr = err
			if r.stoppedBy == "" {
				r.stoppedBy = ByError
			}
			r.mu.Unlock()
			r.capture.Stop()
			return
		}
	}
}

// downmix writes the mean of each frame's channels, scaled to [-1, 1), as
// the WAV reader does, so the live analysis matches a later one of the file.
func downmix(dst []float32, src []int16, ch int) {
	const scale = 1.0 / 32768
	if ch == 1 {
		for i, s := range src {
			dst[i] = float32(s) * scale
		}
		return
	}
	for i := range len(src) / ch {
		var sum float32
		for _, s := range src[i*ch : (i+1)*ch] {
			sum += float32(s) * scale
		}
		dst[i] = sum / float32(ch)
	}
}

// snapshot is what the live display shows.
type snapshot struct {
	live      analyze.Live
	overflows int64
	lostS     float64
}

func (r *recording) snapshot() snapshot {
	r.mu.Lock()
	live := r.live
	r.mu.Unlock()
	st := r.capture.Stats()
	return snapshot{live: live, overflows: st.Overflows(), lostS: float64(st.DroppedFrames) / float64(r.rate)}
}

// finish closes the file and writes the timing beside it. The reading
// goroutine has ended.
func (r *recording) finish() (Result, error) {
	closeErr := r.w.Close()
	res := Result{
		Path:       r.opts.Path,
		Stats:      r.capture.Stats(),
		StoppedBy:  r.stoppedBy,
		FirstSound: r.firstSound,
	}
	res.Timing = r.an.Result()
	res.Timing.File = r.opts.Path
	res.Timing.Channels = r.ch
	res.Timing.Format = r.w.Format().String()
	if w := lossWarning(res.Stats, r.rate); w != "" {
		res.Timing.Warnings = append(res.Timing.Warnings, w)
	}
	if res.Timing.Warnings == nil {
		res.Timing.Warnings = []string{}
	}
	if res.Timing.Gaps == nil {
		res.Timing.Gaps = []analyze.Gap{}
	}

	var err error
	switch {
	case r.writeErr != nil:
		err = fmt.Errorf("recording stopped: %w", r.writeErr)
	case closeErr != nil:
		err = fmt.Errorf("recording stopped: %w", closeErr)
	case r.readErr != nil:
		err = fmt.Errorf("recording stopped after %s: %w; the sound before it is kept in %s",
			timefmt.Seconds(res.Timing.DurationS), r.readErr, r.opts.Path)
	}
	if r.writeErr == nil && closeErr == nil {
		tp := assess.Paths(r.opts.Path).Timing
		if terr := writeTiming(tp, res); terr != nil {
			if err == nil {
				err = fmt.Errorf("%w (the recording itself is kept in %s)", terr, r.opts.Path)
			}
		} else {
			res.TimingPath = tp
		}
	}
	return res, err
}

// lossWarning describes the sound that was lost, for the analysis.
func lossWarning(st audio.CaptureStats, rate int) string {
	n := st.Overflows()
	if n == 0 {
		return ""
	}
	times := "times"
	if n == 1 {
		times = "time"
	}
	lost := ""
	if st.DroppedFrames > 0 {
		lost = fmt.Sprintf(", %s in all", timefmt.Seconds(float64(st.DroppedFrames)/float64(rate)))
	}
	return fmt.Sprintf("%d overflows: sound was lost %d %s%s because the machine was too busy or the disk too slow; the timing is short by that much",
		n, n, times, lost)
}

// TimingOf is the timing file's content for a result.
func TimingOf(res Result) Timing {
	return Timing{Result: res.Timing, Overflows: res.Stats.Overflows(), Capture: res.Stats, StoppedBy: res.StoppedBy}
}

func writeTiming(path string, res Result) error {
	return atomicfile.Write(path, atomicfile.PrivateFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(TimingOf(res))
	})
}

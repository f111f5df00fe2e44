// Package audio records from microphones and plays to speakers through
// PortAudio, behind a small interface so that the rest of starcoach never
// touches the sound library and its tests can use the Fake instead.
//
// The audio thread is kept apart from everything slow: a capture's device
// callback only copies each block into a preallocated ring and signals, so a
// reader that stalls on disk or terminal loses audio only after the ring's
// whole buffer (seconds) has filled, and every loss is counted.
package audio

import (
	"errors"
	"fmt"
	"time"

	"github.com/starcoach/starcoach/internal/wav"
)

// Device is one sound device as the host's audio system reports it.
type Device struct {
	Index             int     `json:"index"`
	Name              string  `json:"name"`
	HostAPI           string  `json:"host_api"`
	MaxInputChannels  int     `json:"input_channels"`
	MaxOutputChannels int     `json:"output_channels"`
	DefaultSampleRate float64 `json:"default_rate"`
	DefaultInput      bool    `json:"default_input"`
	DefaultOutput     bool    `json:"default_output"`
}

// System is a machine's sound devices.
type System interface {
	// Devices lists every input and output device.
	Devices() ([]Device, error)
	// OpenCapture resolves the device, checks that it takes the format and
	// opens it, not yet recording: call Start.
	OpenCapture(cfg CaptureConfig) (Capture, error)
	// OpenPlayback resolves the device, checks the format and opens it.
	OpenPlayback(cfg PlaybackConfig) (Playback, error)
	// Close releases the audio system. Streams must be closed first.
	Close() error
}

// Recording defaults: speech needs no more than 16 kHz mono 16-bit.
const (
	DefaultSampleRate = 16000
	DefaultChannels   = 1
	// DefaultBuffer is how much sound the hand-off between the audio thread
	// and its reader holds: the reader may stall this long without loss.
	DefaultBuffer = 5 * time.Second
	// DefaultNoDataTimeout is how long Read waits for a device that has
	// stopped delivering sound before it gives up.
	DefaultNoDataTimeout = 5 * time.Second
)

// CaptureConfig says what to record from and in which format. Zero values
// mean the defaults.
type CaptureConfig struct {
	// Device is "" for the default input, an index from Devices, or a name:
	// an exact name, else a unique case-insensitive part of one.
	Device     string
	SampleRate int
	Channels   int
	// FramesPerBuffer is the frames per device callback; default 50 ms.
	// Each callback into Go costs the runtime a wake-up or two, so blocks
	// much shorter than that cost CPU for nothing a recorder needs.
	FramesPerBuffer int
	// Buffer is the capacity of the hand-off to the reader (DefaultBuffer).
	Buffer time.Duration
	// NoDataTimeout is how long Read waits for sound before it reports the
	// device as silent; negative waits forever.
	NoDataTimeout time.Duration
}

// PlaybackConfig says what to play to and in which format. Zero values mean
// the defaults (16 kHz mono, the default output, a 1 s buffer).
type PlaybackConfig struct {
	Device          string
	SampleRate      int
	Channels        int
	FramesPerBuffer int
	// Buffer is how much sound Write queues ahead of the device; playback
	// starts once it is full (or at Drain), so short sounds play without a gap.
	Buffer time.Duration
}

// StreamInfo describes an opened stream.
type StreamInfo struct {
	Device     Device
	SampleRate int
	Channels   int
	// Latency is the device's own delay, as the audio system reports it.
	Latency time.Duration
}

// Capture is a recording stream. One goroutine reads; any goroutine may
// call Stats, Overflows and Stop.
type Capture interface {
	Info() StreamInfo
	// Start begins recording.
	Start() error
	// Read fills dst with whole interleaved frames of 16-bit samples,
	// waiting until at least one frame has arrived, and returns how many
	// samples it filled. After Stop it returns what is still buffered, then
	// io.EOF. A device that delivers nothing for NoDataTimeout gives an
	// error wrapping ErrNoData.
	Read(dst []int16) (int, error)
	// Stats counts what was captured and what was lost so far.
	Stats() CaptureStats
	// Overflows is how many times sound was lost: the device reported an
	// input overflow, or the reader fell so far behind that a block found
	// the hand-off full and was dropped.
	Overflows() int64
	// Stop ends recording; what was captured stays readable.
	Stop() error
	// Close stops if needed and releases the device.
	Close() error
}

// CaptureStats counts a capture's frames and losses.
type CaptureStats struct {
	// Frames is every frame the device delivered into the hand-off.
	Frames int64 `json:"frames"`
	// DeviceOverflows counts blocks the device flagged as coming after lost input.
	DeviceOverflows int64 `json:"device_overflows"`
	// DroppedBlocks and DroppedFrames count the blocks, and their frames,
	// dropped because the reader had fallen behind by the whole buffer.
	DroppedBlocks int64 `json:"dropped_blocks"`
	DroppedFrames int64 `json:"dropped_frames"`
}

// Overflows is the number of loss events of either kind.
func (s CaptureStats) Overflows() int64 { return s.DeviceOverflows + s.DroppedBlocks }

// Playback is a stream to a speaker. One goroutine writes; any goroutine
// may call Played, Underruns and Stop.
type Playback interface {
	Info() StreamInfo
	// Write queues interleaved samples, waiting while the queue is full.
	// The device starts once the queue first fills.
	Write(samples []int16) error
	// Drain plays everything queued, waits until the device has played it
	// and stops. The stream cannot be written to afterwards.
	Drain() error
	// Played is how many frames have been handed to the device so far.
	Played() int64
	// Underruns counts the times the device needed sound before Drain and
	// the queue was empty, so a gap was heard.
	Underruns() int64
	// Stop ends playback at once, dropping what is queued; a Write waiting
	// for room returns ErrStopped.
	Stop() error
	// Close stops if needed and releases the device.
	Close() error
}

// ErrStopped is returned by Write after Stop or Drain.
var ErrStopped = errors.New("playback stopped")

// ErrNoData means a capture device stopped delivering sound.
var ErrNoData = errors.New("no sound from the input device")

func (c *CaptureConfig) withDefaults() CaptureConfig {
	out := *c
	if out.SampleRate == 0 {
		out.SampleRate = DefaultSampleRate
	}
	if out.Channels == 0 {
		out.Channels = DefaultChannels
	}
	if out.FramesPerBuffer == 0 {
		out.FramesPerBuffer = defaultFramesPerBuffer(out.SampleRate)
	}
	if out.Buffer == 0 {
		out.Buffer = DefaultBuffer
	}
	if out.NoDataTimeout == 0 {
		out.NoDataTimeout = DefaultNoDataTimeout
	}
	return out
}

func (c *PlaybackConfig) withDefaults() PlaybackConfig {
	out := *c
	if out.SampleRate == 0 {
		out.SampleRate = DefaultSampleRate
	}
	if out.Channels == 0 {
		out.Channels = DefaultChannels
	}
	if out.FramesPerBuffer == 0 {
		out.FramesPerBuffer = defaultFramesPerBuffer(out.SampleRate)
	}
	if out.Buffer == 0 {
		out.Buffer = time.Second
	}
	return out
}

func defaultFramesPerBuffer(rate int) int { return max(rate/20, 1) }

// validFormat rejects formats no device could take before any device is
// asked, and keeps buffer sizes within what memory allows.
func validFormat(rate, channels, framesPerBuffer int, buffer time.Duration) error {
	switch {
	case rate < wav.MinSampleRate || rate > wav.MaxSampleRate:
		// What is recorded must be readable by the rest of starcoach.
		return fmt.Errorf("sample rate %d Hz is out of range (%d to %d)", rate, wav.MinSampleRate, wav.MaxSampleRate)
	case channels < 1 || channels > 32:
		return fmt.Errorf("%d channels is out of range (1 to 32)", channels)
	case framesPerBuffer < 1 || framesPerBuffer > rate:
		return fmt.Errorf("%d frames per buffer is out of range (1 to one second)", framesPerBuffer)
	case buffer < 0 || buffer > 10*time.Minute:
		return fmt.Errorf("buffer of %v is out of range (up to 10 minutes)", buffer)
	}
	return nil
}

// ringSamples is the hand-off capacity in samples: at least two device
// blocks, so one can be written while one is read.
func ringSamples(rate, channels, framesPerBuffer int, buffer time.Duration) int {
	frames := int(buffer.Seconds() * float64(rate))
	return max(frames, 2*framesPerBuffer) * channels
}

package audio

import (
	"errors"
	"sync"
	"time"
)

// Fake is a System without sound hardware for tests of code that records and
// plays. Its microphone hears Input (then silence) and its speaker keeps
// what it was given; both run through the same hand-off as the real devices.
// Set the fields before the first Open call.
type Fake struct {
	// DeviceList is what Devices returns; nil means one microphone (index 0,
	// "Fake Microphone") and one speaker (index 1, "Fake Speaker").
	DeviceList []Device
	// Rates are the sample rates the devices take; nil means any.
	Rates []int
	// Input is what the microphone hears, interleaved, before silence.
	Input []int16
	// Realtime paces the devices by the clock, one block per block's
	// duration, dropping blocks like a real device when the reader falls a
	// whole buffer behind. Otherwise they run as fast as their reader or
	// writer, never losing or inventing a sample, for fast exact tests.
	Realtime bool
	// Clock paces Realtime devices; nil means the wall clock. A StepClock
	// keeps real time's behaviour without spending it.
	Clock Clock
	// OverflowBlocks are the capture blocks (counted from 0) that the device
	// flags as coming after lost input.
	OverflowBlocks []int
	// Silent makes the microphone deliver nothing at all once started, like
	// a device that was unplugged.
	Silent bool
	// OpenErr, if set, is returned by OpenCapture and OpenPlayback.
	OpenErr error

	mu     sync.Mutex
	played []int16
	closed bool
}

func (f *Fake) devices() []Device {
	if f.DeviceList != nil {
		return f.DeviceList
	}
	return []Device{
		{Index: 0, Name: "Fake Microphone", HostAPI: "Fake", MaxInputChannels: 2, DefaultSampleRate: DefaultSampleRate, DefaultInput: true},
		{Index: 1, Name: "Fake Speaker", HostAPI: "Fake", MaxOutputChannels: 2, DefaultSampleRate: DefaultSampleRate, DefaultOutput: true},
	}
}

// Devices returns DeviceList or the default pair.
func (f *Fake) Devices() ([]Device, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, errors.New("audio system is closed")
	}
	return append([]Device(nil), f.devices()...), nil
}

// Close marks the fake closed.
func (f *Fake) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

// Played returns everything the speaker has played so far.
func (f *Fake) Played() []int16 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int16(nil), f.played...)
}

func (f *Fake) clock() Clock {
	if f.Clock == nil {
		return realClock{}
	}
	return f.Clock
}

// stepper is the hook by which a stream's peer, about to wait for the
// device, lets a StepClock move on to the device's next block.
func (f *Fake) stepper() func() {
	if s, ok := f.Clock.(*StepClock); ok && f.Realtime {
		return s.step
	}
	return nil
}

func (f *Fake) check(spec string, dir direction, rate, channels int) (Device, error) {
	if f.OpenErr != nil {
		return Device{}, f.OpenErr
	}
	dev, err := resolve(f.devices(), spec, dir)
	if err != nil {
		return dev, err
	}
	if err := checkChannels(dev, channels, dir); err != nil {
		return dev, err
	}
	supported := func(r int) bool {
		if f.Rates == nil {
			return true
		}
		for _, ok := range f.Rates {
			if ok == r {
				return true
			}
		}
		return false
	}
	if !supported(rate) {
		return dev, rateError(dev, rate, supported)
	}
	return dev, nil
}

// OpenCapture opens the fake microphone.
func (f *Fake) OpenCapture(cfg CaptureConfig) (Capture, error) {
	cfg = cfg.withDefaults()
	if err := validFormat(cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer, cfg.Buffer); err != nil {
		return nil, err
	}
	dev, err := f.check(cfg.Device, input, cfg.SampleRate, cfg.Channels)
	if err != nil {
		return nil, err
	}
	c := newCaptureStream(StreamInfo{Device: dev, SampleRate: cfg.SampleRate, Channels: cfg.Channels}, cfg)
	overflow := map[int]bool{}
	for _, b := range f.OverflowBlocks {
		overflow[b] = true
	}
	input := f.Input
	block := make([]int16, cfg.FramesPerBuffer*cfg.Channels)
	period := blockPeriod(cfg.FramesPerBuffer, cfg.SampleRate)
	realtime, silent := f.Realtime, f.Silent
	c.drv = newFakeDriver(func(n int, stop <-chan struct{}) bool {
		if silent {
			<-stop
			return false
		}
		k := copy(block, input)
		input = input[k:]
		clear(block[k:])
		if realtime {
			c.deliver(block, overflow[n])
			return true
		}
		// Lossless: wait for room instead of dropping.
		for len(c.ring.buf)-c.ring.len() < len(block) {
			if !pause(stop) {
				return false
			}
		}
		c.deliver(block, overflow[n])
		return true
	}, realtime, period, f.clock())
	c.onWait = f.stepper()
	return c, nil
}

// OpenPlayback opens the fake speaker.
func (f *Fake) OpenPlayback(cfg PlaybackConfig) (Playback, error) {
	cfg = cfg.withDefaults()
	if err := validFormat(cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer, cfg.Buffer); err != nil {
		return nil, err
	}
	dev, err := f.check(cfg.Device, output, cfg.SampleRate, cfg.Channels)
	if err != nil {
		return nil, err
	}
	p := newPlaybackStream(StreamInfo{Device: dev, SampleRate: cfg.SampleRate, Channels: cfg.Channels}, cfg)
	block := make([]int16, cfg.FramesPerBuffer*cfg.Channels)
	period := blockPeriod(cfg.FramesPerBuffer, cfg.SampleRate)
	realtime := f.Realtime
	p.drv = newFakeDriver(func(_ int, stop <-chan struct{}) bool {
		out := block
		if !realtime {
			// Lossless: wait for a whole block, or play the rest at the end.
			for p.ring.len() < len(block) && !p.draining.Load() {
				if !pause(stop) {
					return false
				}
			}
			out = block[:min(p.ring.len(), len(block))]
			if len(out) == 0 {
				return pause(stop)
			}
		}
		p.pull(out)
		f.mu.Lock()
		f.played = append(f.played, out...)
		f.mu.Unlock()
		return true
	}, realtime, period, f.clock())
	p.onWait = f.stepper()
	return p, nil
}

// pause waits a moment for a lossless fake device's peer, and reports
// false if the device was stopped meanwhile.
func pause(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return false
	case <-time.After(time.Millisecond):
		return true
	}
}

func blockPeriod(frames, rate int) time.Duration {
	return time.Duration(float64(frames) / float64(rate) * float64(time.Second))
}

// fakeDriver runs a device's callback on its own goroutine, paced by the
// clock or as fast as the callback returns.
type fakeDriver struct {
	callback func(block int, stop <-chan struct{}) bool
	realtime bool
	period   time.Duration
	clock    Clock

	stopCh  chan struct{}
	stopped chan struct{}
}

func newFakeDriver(callback func(int, <-chan struct{}) bool, realtime bool, period time.Duration, clock Clock) *fakeDriver {
	return &fakeDriver{callback: callback, realtime: realtime, period: period, clock: clock}
}

func (d *fakeDriver) start() error {
	d.stopCh = make(chan struct{})
	d.stopped = make(chan struct{})
	go func() {
		defer close(d.stopped)
		begin := d.clock.Now()
		for n := 0; ; n++ {
			if d.realtime {
				due := begin.Add(time.Duration(n+1) * d.period)
				tick := d.clock.After(due.Sub(d.clock.Now()))
				select {
				case <-d.stopCh:
					if s, ok := d.clock.(*StepClock); ok {
						s.cancel(tick)
					}
					return
				case <-tick:
				}
			}
			select {
			case <-d.stopCh:
				return
			default:
			}
			if !d.callback(n, d.stopCh) {
				return
			}
		}
	}()
	return nil
}

func (d *fakeDriver) stop() error {
	if d.stopCh != nil {
		close(d.stopCh)
		<-d.stopped
		d.stopCh = nil
	}
	return nil
}

func (d *fakeDriver) abort() error { return d.stop() }
func (d *fakeDriver) close() error { return nil }

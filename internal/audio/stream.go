package audio

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// driver is the device end of a stream: PortAudio's, or the Fake's.
type driver interface {
	start() error
	// stop returns once what the device had queued has played and its
	// callback no longer runs.
	stop() error
	// abort stops at once, dropping what the device had queued; once it
	// returns the callback no longer runs.
	abort() error
	close() error
}

// captureStream is the reader's end of a recording: the device callback
// calls deliver; the reader calls Read.
type captureStream struct {
	info     StreamInfo
	drv      driver
	ring     *ring
	channels int
	noData   time.Duration
	timer    *time.Timer // reused by Read, never touched by the callback

	onWait  func()        // called before Read waits for the device (a Fake's StepClock), or nil
	ready   signal        // deliver -> Read: a block arrived
	stopped chan struct{} // closed by Stop once the callback has finished

	frames          atomic.Int64
	deviceOverflows atomic.Int64
	droppedBlocks   atomic.Int64
	droppedFrames   atomic.Int64

	started  atomic.Bool
	mu       sync.Mutex // serialises Start, Stop and Close; never taken by the callback
	isClosed bool
	isDone   bool
}

func newCaptureStream(info StreamInfo, cfg CaptureConfig) *captureStream {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &captureStream{
		info:     info,
		ring:     newRing(ringSamples(cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer, cfg.Buffer)),
		channels: cfg.Channels,
		noData:   cfg.NoDataTimeout,
		timer:    t,
		ready:    newSignal(),
		stopped:  make(chan struct{}),
	}
}

// deliver is all the audio thread does with a block: copy it into the ring
// (or count it as dropped when the reader is a whole buffer behind) and wake
// the reader. It never allocates, locks or waits.
func (c *captureStream) deliver(in []int16, overflowed bool) {
	if overflowed {
		c.deviceOverflows.Add(1)
	}
	frames := int64(len(in) / c.channels)
	if !c.ring.writeAll(in) {
		c.droppedBlocks.Add(1)
		c.droppedFrames.Add(frames)
		return
	}
	c.frames.Add(frames)
	c.ready.notify()
}

func (c *captureStream) Info() StreamInfo { return c.info }

func (c *captureStream) Start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.isClosed || c.isDone:
		return errors.New("recording already stopped")
	case c.started.Load():
		return nil
	}
	if err := c.drv.start(); err != nil {
		return fmt.Errorf("start recording from %q: %w", c.info.Device.Name, err)
	}
	c.started.Store(true)
	return nil
}

func (c *captureStream) Read(dst []int16) (int, error) {
	dst = dst[:len(dst)/c.channels*c.channels]
	if len(dst) == 0 {
		return 0, fmt.Errorf("read needs room for at least one frame of %d samples", c.channels)
	}
	for {
		if n := c.ring.read(dst); n > 0 {
			return n, nil
		}
		select {
		case <-c.stopped:
			// The callback has finished: what is in the ring is all there is.
			if n := c.ring.read(dst); n > 0 {
				return n, nil
			}
			return 0, io.EOF
		default:
		}
		if !c.started.Load() {
			return 0, errors.New("read before the recording was started")
		}
		if c.onWait != nil {
			c.onWait()
		}
		var timeout <-chan time.Time
		if c.noData > 0 {
			c.timer.Reset(c.noData)
			timeout = c.timer.C
		}
		select {
		case <-c.ready:
		case <-c.stopped:
		case <-timeout:
			if c.ring.len() == 0 {
				return 0, fmt.Errorf("%w: nothing arrived from %q for %v; is the microphone working? (run 'starcoach devices')",
					ErrNoData, c.info.Device.Name, c.noData)
			}
		}
		c.timer.Stop()
	}
}

func (c *captureStream) Stats() CaptureStats {
	return CaptureStats{
		Frames:          c.frames.Load(),
		DeviceOverflows: c.deviceOverflows.Load(),
		DroppedBlocks:   c.droppedBlocks.Load(),
		DroppedFrames:   c.droppedFrames.Load(),
	}
}

func (c *captureStream) Overflows() int64 { return c.Stats().Overflows() }

func (c *captureStream) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopLocked()
}

func (c *captureStream) stopLocked() error {
	if c.isDone {
		return nil
	}
	c.isDone = true
	var err error
	if c.started.Load() {
		// Abort, not a graceful stop: the library's stop waits for the
		// device's next block, which from a suspended or unplugged
		// microphone comes only after its 40-odd-second timeout. All that
		// abort drops is what the device held, a few tens of milliseconds.
		if err = c.drv.abort(); err != nil {
			err = fmt.Errorf("stop recording from %q: %w", c.info.Device.Name, err)
		}
	}
	close(c.stopped)
	return err
}

func (c *captureStream) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.isClosed {
		return nil
	}
	err := c.stopLocked()
	c.isClosed = true
	if cerr := c.drv.close(); cerr != nil && err == nil {
		err = fmt.Errorf("close %q: %w", c.info.Device.Name, cerr)
	}
	return err
}

// playbackTimeout is how long Write and Drain wait for a device that has
// stopped taking sound.
const playbackTimeout = 5 * time.Second

// playbackStream is the writer's end of playback: Write fills the ring, the
// device callback calls pull.
type playbackStream struct {
	info     StreamInfo
	drv      driver
	ring     *ring
	channels int
	timer    *time.Timer

	onWait func()        // called before Write or Drain waits for the device (a Fake's StepClock), or nil
	space  signal        // pull -> Write, Drain: room was freed
	done   chan struct{} // closed when playback has ended (Stop or Drain)

	draining  atomic.Bool
	played    atomic.Int64
	underruns atomic.Int64

	mu       sync.Mutex // serialises start, finish and Close; never taken by the callback
	started  bool
	finished bool
	isClosed bool
}

func newPlaybackStream(info StreamInfo, cfg PlaybackConfig) *playbackStream {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &playbackStream{
		info:     info,
		ring:     newRing(ringSamples(cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer, cfg.Buffer)),
		channels: cfg.Channels,
		timer:    t,
		space:    newSignal(),
		done:     make(chan struct{}),
	}
}

// pull is all the audio thread does for playback: take what is queued,
// fill the rest with silence, count a gap, wake the writer.
func (p *playbackStream) pull(out []int16) {
	n := p.ring.read(out)
	clear(out[n:])
	p.played.Add(int64(n / p.channels))
	if n < len(out) && !p.draining.Load() {
		p.underruns.Add(1)
	}
	p.space.notify()
}

func (p *playbackStream) Info() StreamInfo { return p.info }

func (p *playbackStream) Write(samples []int16) error {
	if len(samples)%p.channels != 0 {
		return fmt.Errorf("write of %d samples is not whole frames of %d channels", len(samples), p.channels)
	}
	for {
		select {
		case <-p.done:
			return ErrStopped
		default:
		}
		if p.draining.Load() {
			return ErrStopped
		}
		n := p.ring.writeSome(samples)
		samples = samples[n:]
		if len(samples) == 0 {
			return nil
		}
		// The queue is full: the device may begin, and the writer waits for room.
		if err := p.start(); err != nil {
			return err
		}
		if err := p.waitForRoom(); err != nil {
			return err
		}
	}
}

func (p *playbackStream) waitForRoom() error {
	if p.onWait != nil {
		p.onWait()
	}
	p.timer.Reset(playbackTimeout)
	defer p.timer.Stop()
	select {
	case <-p.space:
		return nil
	case <-p.done:
		return ErrStopped
	case <-p.timer.C:
		return fmt.Errorf("%q stopped taking sound for %v", p.info.Device.Name, playbackTimeout)
	}
}

func (p *playbackStream) start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.started || p.finished {
		return nil
	}
	if err := p.drv.start(); err != nil {
		return fmt.Errorf("start playing to %q: %w", p.info.Device.Name, err)
	}
	p.started = true
	return nil
}

func (p *playbackStream) Drain() error {
	select {
	case <-p.done:
		return ErrStopped
	default:
	}
	p.draining.Store(true)
	if err := p.start(); err != nil {
		return err
	}
	for p.ring.len() > 0 {
		if err := p.waitForRoom(); err != nil {
			return err
		}
	}
	return p.finish(p.drv.stop)
}

func (p *playbackStream) Played() int64    { return p.played.Load() }
func (p *playbackStream) Underruns() int64 { return p.underruns.Load() }

func (p *playbackStream) Stop() error { return p.finish(p.drv.abort) }

func (p *playbackStream) finish(how func() error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return nil
	}
	p.finished = true
	var err error
	if p.started {
		if err = how(); err != nil {
			err = fmt.Errorf("stop playing to %q: %w", p.info.Device.Name, err)
		}
	}
	close(p.done)
	return err
}

func (p *playbackStream) Close() error {
	err := p.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.isClosed {
		return err
	}
	p.isClosed = true
	if cerr := p.drv.close(); cerr != nil && err == nil {
		err = fmt.Errorf("close %q: %w", p.info.Device.Name, cerr)
	}
	return err
}

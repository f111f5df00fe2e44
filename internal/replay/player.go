package replay

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
)

// Command is what a key asks the player to do.
type Command uint8

// The commands.
const (
	TogglePause Command = iota + 1
	Back                // seek back SeekS
	Forward             // seek forward SeekS
	Next                // next answer
	Previous            // previous answer
	Quit
)

// SeekS is how far Back and Forward move.
const SeekS = 5.0

func (c Command) String() string {
	switch c {
	case TogglePause:
		return "pause"
	case Back:
		return "back"
	case Forward:
		return "forward"
	case Next:
		return "next"
	case Previous:
		return "previous"
	case Quit:
		return "quit"
	}
	return fmt.Sprintf("Command(%d)", uint8(c))
}

// Status is where playback is, as heard: the track (an index into the
// tracks played) and the position in its recording.
type Status struct {
	Track     int
	PositionS float64
	Paused    bool
}

// Player streams tracks to a speaker. Set the fields, then call Play once.
type Player struct {
	System audio.System
	// Device is the output device ("" for the default).
	Device string
	// Buffer is how much sound is queued ahead of the device (1 s when
	// zero). A seek, pause or skip drops the queue, so it never delays
	// them; a device without a clock of its own needs the whole play
	// queued before it starts.
	Buffer time.Duration
	// Commands, if not nil, are obeyed as they arrive.
	Commands <-chan Command
	// OnStatus, if not nil, hears the position after every block written,
	// a few times a second while waiting, and after every command.
	OnStatus func(Status)
}

// statusPeriod is how often the position is reported while nothing is
// written (pause, the last second draining).
const statusPeriod = 50 * time.Millisecond

// Play plays the tracks' spans in order and returns when the last has been
// heard, Quit was pressed or ctx was cancelled (ctx.Err()). It streams each
// recording from disk a block at a time.
func (p *Player) Play(ctx context.Context, tracks []Track) error {
	if len(tracks) == 0 {
		return nil
	}
	pl := &playing{p: p, tracks: tracks, rates: make([]int, len(tracks))}
	pl.out = &output{sys: p.System, cfg: audio.PlaybackConfig{Device: p.Device, Channels: 1, Buffer: p.Buffer}}
	defer pl.out.stop()
	defer func() {
		if pl.src != nil {
			pl.src.Close()
		}
	}()
	return pl.run(ctx)
}

// playing is the state of one Play.
type playing struct {
	p      *Player
	tracks []Track
	rates  []int // each track's sample rate once opened
	out    *output

	// The cursor: the next frame to write.
	track int
	frame int64

	src      *source
	srcTrack int
	block    []int16
	paused   bool
}

func (pl *playing) run(ctx context.Context) error {
	cmds := pl.p.Commands
	tick := time.NewTicker(statusPeriod)
	defer tick.Stop()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Obey commands first; while paused or draining, wait for one.
		switch {
		case pl.paused:
			pl.status()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case c := <-cmds:
				if done, err := pl.obey(c); done || err != nil {
					return err
				}
			}
			continue
		case pl.track >= len(pl.tracks):
			done, err := pl.finish(ctx, cmds, tick.C)
			if done || err != nil {
				return err
			}
			continue
		}
		select {
		case c := <-cmds:
			if done, err := pl.obey(c); done || err != nil {
				return err
			}
			continue
		default:
		}
		if err := pl.writeBlock(); err != nil {
			return err
		}
		pl.status()
	}
}

// finish waits for the queue to play out, still obeying commands: one that
// moves the cursor brings playback back.
func (pl *playing) finish(ctx context.Context, cmds <-chan Command, tick <-chan time.Time) (bool, error) {
	drained := pl.out.drain()
	for {
		select {
		case err := <-drained:
			pl.out.reset()
			pl.status()
			if errors.Is(err, audio.ErrStopped) {
				err = nil
			}
			return true, err
		case <-ctx.Done():
			return true, ctx.Err()
		case c := <-cmds:
			return pl.obey(c)
		case <-tick:
			pl.status()
		}
	}
}

// heard is the track and frame the listener hears: the cursor when nothing
// is queued.
func (pl *playing) heard() (int, int64) {
	if t, f, ok := pl.out.heard(); ok {
		return t, f
	}
	return pl.track, pl.frame
}

func (pl *playing) status() {
	if pl.p.OnStatus == nil {
		return
	}
	t, f := pl.heard()
	if t >= len(pl.tracks) {
		t, f = len(pl.tracks)-1, -1
	}
	st := Status{Track: t, Paused: pl.paused}
	switch {
	case f < 0: // all played
		st.PositionS = pl.tracks[t].DurationS
	case pl.rates[t] > 0:
		st.PositionS = float64(f) / float64(pl.rates[t])
	}
	pl.p.OnStatus(st)
}

// obey carries out a command from the position heard; it reports whether
// playback is over.
func (pl *playing) obey(c Command) (bool, error) {
	// Stopped first, the stream's count of frames taken is final, so the
	// position is exactly where the sound broke off.
	pl.out.halt()
	t, f := pl.heard()
	pl.out.reset()
	pl.track, pl.frame = t, f
	defer pl.status()
	switch c {
	case Quit:
		return true, nil
	case TogglePause:
		pl.paused = !pl.paused
	case Back, Forward:
		if t >= len(pl.tracks) {
			return false, nil
		}
		if pl.rates[t] == 0 {
			if err := pl.openTrack(); err != nil {
				return true, err
			}
		}
		rate := pl.rates[t]
		step := int64(math.Round(SeekS * float64(rate)))
		if c == Back {
			// Never back past the track's start: the write loop moves a
			// frame before the first span onto it.
			pl.frame = max(f-step, 0)
		} else {
			pl.frame = f + step
		}
	case Next:
		pl.track, pl.frame = t+1, 0
		if pl.track >= len(pl.tracks) {
			return true, nil
		}
	case Previous:
		pl.track, pl.frame = max(t-1, 0), 0
	}
	return false, nil
}

// writeBlock writes the next block at the cursor and advances it, moving
// to the next span or track at the end of one.
func (pl *playing) writeBlock() error {
	tr := &pl.tracks[pl.track]
	if err := pl.openTrack(); err != nil {
		return err
	}
	rate := pl.rates[pl.track]
	start, end, ok := spanAt(tr.Spans, pl.frame, rate)
	if !ok {
		pl.track, pl.frame = pl.track+1, 0
		return nil
	}
	pl.frame = max(pl.frame, start)
	n := int(min(end-pl.frame, int64(len(pl.block))))
	if err := pl.src.seek(pl.frame); err != nil {
		return err
	}
	got, err := pl.src.read(pl.block[:n])
	if err != nil {
		return err
	}
	if got == 0 {
		// The recording is shorter than its timing said.
		pl.track, pl.frame = pl.track+1, 0
		return nil
	}
	if err := pl.out.write(pl.track, pl.frame, rate, pl.block[:got]); err != nil {
		return err
	}
	pl.frame += int64(got)
	return nil
}

// openTrack opens the cursor's recording if it is not the open one, and
// the output at its rate.
func (pl *playing) openTrack() error {
	if pl.src != nil && pl.srcTrack == pl.track {
		return nil
	}
	if pl.src != nil {
		pl.src.Close()
		pl.src = nil
	}
	src, err := openSource(pl.tracks[pl.track].WAV)
	if err != nil {
		return fmt.Errorf("answer %d: %w", pl.tracks[pl.track].Number, err)
	}
	pl.src, pl.srcTrack = src, pl.track
	pl.rates[pl.track] = src.rate
	if len(pl.block) != src.rate/20 {
		pl.block = make([]int16, max(src.rate/20, 1))
	}
	return pl.out.setRate(src.rate)
}

// spanAt finds the span that holds frame, or the first after it: its start
// and end in frames. ok is false past the last span.
func spanAt(spans []Span, frame int64, rate int) (start, end int64, ok bool) {
	for _, s := range spans {
		a, b := toFrame(s.StartS, rate), toFrame(s.EndS, rate)
		if frame < b && a < b {
			return a, b, true
		}
	}
	return 0, 0, false
}

func toFrame(sec float64, rate int) int64 { return int64(math.Round(sec * float64(rate))) }

// output is the speaker stream, opened when there is something to write
// and dropped on every jump, with a record of which frames of which track
// went into it so that the position heard can be told from the frames the
// device has taken.
type output struct {
	sys audio.System
	cfg audio.PlaybackConfig

	pb       audio.Playback
	written  int64
	marks    []mark
	draining chan error
}

// mark says that the stream's frames from at on are the track's frames
// from frame on.
type mark struct {
	at    int64
	track int
	frame int64
}

func (o *output) setRate(rate int) error {
	if o.cfg.SampleRate == rate {
		return nil
	}
	if o.pb != nil {
		// A recording at another rate: let the last one finish first.
		err := <-o.drain()
		o.reset()
		if err != nil && !errors.Is(err, audio.ErrStopped) {
			return err
		}
	}
	o.cfg.SampleRate = rate
	return nil
}

func (o *output) write(track int, frame int64, rate int, samples []int16) error {
	if o.pb == nil {
		o.cfg.SampleRate = rate
		pb, err := o.sys.OpenPlayback(o.cfg)
		if err != nil {
			return err
		}
		o.pb = pb
	}
	if n := len(o.marks); n == 0 || o.marks[n-1].track != track || o.marks[n-1].frame+(o.written-o.marks[n-1].at) != frame {
		o.marks = append(o.marks, mark{at: o.written, track: track, frame: frame})
	}
	if err := o.pb.Write(samples); err != nil {
		return err
	}
	o.written += int64(len(samples))
	return nil
}

// heard maps the frames the device has taken to a track and frame.
func (o *output) heard() (track int, frame int64, ok bool) {
	if o.pb == nil || len(o.marks) == 0 {
		return 0, 0, false
	}
	// What the device has taken, less what it still holds: the frames
	// within its latency have not been heard yet.
	played := o.pb.Played() - int64(o.pb.Info().Latency.Seconds()*float64(o.cfg.SampleRate))
	played = max(played, 0)
	k := 0
	for k+1 < len(o.marks) && o.marks[k+1].at <= played {
		k++
	}
	// Marks behind the one playing are no longer needed.
	o.marks = o.marks[k:]
	m := o.marks[0]
	return m.track, m.frame + (played - m.at), true
}

// drain plays out what is queued, on a goroutine of its own so that
// commands are still obeyed meanwhile; the channel gets its result.
func (o *output) drain() <-chan error {
	if o.draining == nil {
		o.draining = make(chan error, 1)
		if o.pb == nil {
			o.draining <- nil
		} else {
			pb, ch := o.pb, o.draining
			go func() { ch <- pb.Drain() }()
		}
	}
	return o.draining
}

// halt drops what is queued at once; the stream keeps its count of what
// was played until reset.
func (o *output) halt() {
	if o.pb != nil {
		o.pb.Stop()
		if o.draining != nil {
			<-o.draining
			o.draining = nil
		}
	}
}

// stop drops what is queued at once and closes the stream.
func (o *output) stop() {
	o.halt()
	o.reset()
}

func (o *output) reset() {
	if o.pb != nil {
		o.pb.Close()
	}
	o.pb, o.written, o.marks, o.draining = nil, 0, nil, nil
}

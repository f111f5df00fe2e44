package audio

import (
	"slices"
	"testing"
	"time"
)

// On a StepClock a real-time microphone delivers block after block as the
// reader asks, each at its due time: a minute of sound is a minute on the
// clock, in order, nothing lost, however fast the reader.
func TestStepClockPacesCapture(t *testing.T) {
	clock := NewStepClock()
	start := clock.Now()
	in := ramp(16000 * 60)
	f := &Fake{Input: in, Realtime: true, Clock: clock, OverflowBlocks: []int{5}}
	c, err := f.OpenCapture(CaptureConfig{Channels: 1, FramesPerBuffer: 800, Buffer: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Start()
	got := readN(t, c, len(in))
	if !slices.Equal(got, in) {
		t.Error("the minute read is not the minute heard")
	}
	st := c.Stats()
	if st.DroppedBlocks != 0 || st.DeviceOverflows != 1 {
		t.Errorf("stats %+v", st)
	}
	// The last block is due at 60 s; the device may be one block ahead.
	if d := clock.Now().Sub(start); d < time.Minute || d > time.Minute+50*time.Millisecond {
		t.Errorf("a minute of sound took %v on the clock", d)
	}
}

// A speaker on a StepClock plays what it is given at the clock's pace, and
// a stopped device leaves no timer behind to hold up the next one.
func TestStepClockPacesPlaybackAcrossStreams(t *testing.T) {
	clock := NewStepClock()
	f := &Fake{Realtime: true, Clock: clock}
	in := ramp(16000 * 3)
	for round := range 2 {
		start := clock.Now()
		p, err := f.OpenPlayback(PlaybackConfig{Channels: 1, FramesPerBuffer: 800, Buffer: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Write(in); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := p.Drain(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if p.Played() != int64(len(in)) || p.Underruns() != 0 {
			t.Errorf("round %d: played %d, underruns %d", round, p.Played(), p.Underruns())
		}
		if d := clock.Now().Sub(start); d < 3*time.Second || d > 3*time.Second+100*time.Millisecond {
			t.Errorf("round %d: 3 s of sound took %v on the clock", round, d)
		}
		p.Close()
	}
	if got := f.Played(); !slices.Equal(got, append(slices.Clone(in), in...)) {
		t.Errorf("played %d samples, not the %d written", len(got), 2*len(in))
	}
}

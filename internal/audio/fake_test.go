package audio

import (
	"errors"
	"io"
	"slices"
	"sync"
	"testing"
	"time"
)

func ramp(n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(i%30000 + 1)
	}
	return s
}

// readN reads from c until it has n samples.
func readN(t *testing.T, c Capture, n int) []int16 {
	t.Helper()
	got := make([]int16, 0, n)
	buf := make([]int16, 1000)
	for len(got) < n {
		k, err := c.Read(buf[:min(len(buf), n-len(got))])
		if err != nil {
			t.Fatalf("read after %d of %d samples: %v", len(got), n, err)
		}
		got = append(got, buf[:k]...)
	}
	return got
}

func TestFakeCaptureIsExact(t *testing.T) {
	in := ramp(16000*2 + 123)
	f := &Fake{Input: in}
	c, err := f.OpenCapture(CaptureConfig{Channels: 1, Buffer: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Read(make([]int16, 10)); err == nil {
		t.Error("read before start: no error")
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	got := readN(t, c, len(in)+1000)
	if !slices.Equal(got[:len(in)], in) {
		t.Error("captured samples differ from the input")
	}
	if slices.ContainsFunc(got[len(in):], func(s int16) bool { return s != 0 }) {
		t.Error("not silence after the input")
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	// What was captured stays readable after Stop, then EOF.
	buf := make([]int16, 100000)
	for {
		_, err := c.Read(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	st := c.Stats()
	if st.Overflows() != 0 || st.DroppedFrames != 0 || st.Frames < int64(len(in)) {
		t.Errorf("stats %+v", st)
	}
}

func TestFakeCaptureStereoReadsWholeFrames(t *testing.T) {
	in := ramp(2 * 1000)
	f := &Fake{Input: in}
	c, err := f.OpenCapture(CaptureConfig{Channels: 2, FramesPerBuffer: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Start()
	buf := make([]int16, 5) // room for two frames and a half
	var got []int16
	for len(got) < len(in) {
		n, err := c.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		if n%2 != 0 {
			t.Fatalf("read %d samples: not whole stereo frames", n)
		}
		got = append(got, buf[:n]...)
	}
	if !slices.Equal(got[:len(in)], in) {
		t.Error("captured samples differ from the input")
	}
	if _, err := c.Read(buf[:1]); err == nil {
		t.Error("read into less than a frame: no error")
	}
}

func TestFakeDeviceOverflowsAreCounted(t *testing.T) {
	f := &Fake{Input: ramp(16000), OverflowBlocks: []int{3, 7}}
	c, err := f.OpenCapture(CaptureConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Start()
	readN(t, c, 800*10)
	if got := c.Stats().DeviceOverflows; got != 2 {
		t.Errorf("device overflows = %d, want 2", got)
	}
	if c.Overflows() != 2 {
		t.Errorf("Overflows() = %d, want 2", c.Overflows())
	}
}

// A reader that stalls longer than the buffer loses blocks, and every lost
// block is counted; what arrives is still in order.
func TestFakeStalledReaderDropsAndCounts(t *testing.T) {
	f := &Fake{Input: ramp(16000 * 3), Realtime: true}
	c, err := f.OpenCapture(CaptureConfig{Buffer: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Start()
	time.Sleep(500 * time.Millisecond)
	got := readN(t, c, 1600)
	st := c.Stats()
	// About 400 ms of 500 did not fit in the 100 ms buffer (two 50 ms blocks).
	if st.DroppedBlocks < 4 || st.DroppedFrames != st.DroppedBlocks*800 {
		t.Errorf("after a 500 ms stall with a 100 ms buffer: %+v", st)
	}
	if !slices.Equal(got, ramp(1600)) {
		t.Error("the first 100 ms are not the start of the input")
	}
}

func TestFakeSilentDeviceTimesOut(t *testing.T) {
	f := &Fake{Silent: true}
	c, err := f.OpenCapture(CaptureConfig{NoDataTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Start()
	_, err = c.Read(make([]int16, 100))
	if !errors.Is(err, ErrNoData) {
		t.Fatalf("got %v, want ErrNoData", err)
	}
	if want := `no sound from the input device: nothing arrived from "Fake Microphone" for 200ms; is the microphone working? (run 'starcoach devices')`; err.Error() != want {
		t.Errorf("message:\n%s\nwant\n%s", err, want)
	}
}

func TestFakeStopWakesReader(t *testing.T) {
	f := &Fake{Silent: true}
	c, _ := f.OpenCapture(CaptureConfig{NoDataTimeout: -1})
	defer c.Close()
	waiting := waitSignal(&c.(*captureStream).onWait)
	c.Start()
	errc := make(chan error)
	go func() {
		_, err := c.Read(make([]int16, 100))
		errc <- err
	}()
	<-waiting // the reader found nothing and is about to wait
	c.Stop()
	select {
	case err := <-errc:
		if err != io.EOF {
			t.Errorf("got %v, want EOF", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not wake the reader")
	}
}

func TestFakeOpenErrors(t *testing.T) {
	f := &Fake{Rates: []int{48000}}
	_, err := f.OpenCapture(CaptureConfig{})
	if !errors.Is(err, ErrUnsupported) || err.Error() != `device "Fake Microphone" does not support 16000 Hz: try --rate 48000 (its default is 16000 Hz)` {
		t.Errorf("rate: %v", err)
	}
	_, err = f.OpenCapture(CaptureConfig{Device: "speaker"})
	if !errors.Is(err, ErrNoDevice) {
		t.Errorf("speaker as input: %v", err)
	}
	_, err = f.OpenCapture(CaptureConfig{SampleRate: 7})
	if err == nil {
		t.Error("7 Hz accepted")
	}
	_, err = f.OpenCapture(CaptureConfig{Channels: 3})
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("3 channels of 2: %v", err)
	}
}

func TestFakePlaybackIsExact(t *testing.T) {
	f := &Fake{}
	p, err := f.OpenPlayback(PlaybackConfig{Buffer: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	in := ramp(16000 + 77)
	for i := 0; i < len(in); i += 999 {
		if err := p.Write(in[i:min(i+999, len(in))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Drain(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Played(), in) {
		t.Errorf("played %d samples, not the %d written", len(f.Played()), len(in))
	}
	if p.Played() != int64(len(in)) || p.Underruns() != 0 {
		t.Errorf("Played() = %d, Underruns() = %d", p.Played(), p.Underruns())
	}
	if err := p.Write(in[:10]); !errors.Is(err, ErrStopped) {
		t.Errorf("write after drain: %v", err)
	}
}

func TestFakePlaybackStopReleasesWriter(t *testing.T) {
	f := &Fake{Realtime: true}
	p, err := f.OpenPlayback(PlaybackConfig{Buffer: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	errc := make(chan error)
	go func() { errc <- p.Write(make([]int16, 16000*10)) }()
	time.Sleep(200 * time.Millisecond)
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, ErrStopped) {
			t.Errorf("got %v, want ErrStopped", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not release the writer")
	}
	if got := p.Played(); got < 1600 || got > 16000 {
		t.Errorf("played %d frames in about 200 ms", got)
	}
}

// waitSignal sets a stream's wait hook to say, once, that its reader is
// about to wait for the device: a readiness signal in place of a sleep
// that guesses how long that takes.
func waitSignal(hook *func()) <-chan struct{} {
	ready := make(chan struct{})
	var once sync.Once
	*hook = func() { once.Do(func() { close(ready) }) }
	return ready
}

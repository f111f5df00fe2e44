package audio

import (
	"slices"
	"testing"
)

func TestRingWrapsAround(t *testing.T) {
	r := newRing(5)
	if !r.writeAll([]int16{1, 2, 3}) {
		t.Fatal("3 into 5 refused")
	}
	if r.writeAll([]int16{4, 5, 6}) {
		t.Fatal("3 more into 2 free accepted")
	}
	got := make([]int16, 2)
	if n := r.read(got); n != 2 || !slices.Equal(got, []int16{1, 2}) {
		t.Fatalf("read %d %v", n, got)
	}
	if !r.writeAll([]int16{4, 5, 6, 7}) { // wraps past the end
		t.Fatal("4 into 4 free refused")
	}
	got = make([]int16, 10)
	n := r.read(got)
	if !slices.Equal(got[:n], []int16{3, 4, 5, 6, 7}) {
		t.Fatalf("read %v", got[:n])
	}
	if n := r.writeSome([]int16{8, 9, 10, 11, 12, 13, 14}); n != 5 {
		t.Fatalf("writeSome into 5 free took %d", n)
	}
	if n := r.read(got); !slices.Equal(got[:n], []int16{8, 9, 10, 11, 12}) {
		t.Fatalf("read %v", got[:n])
	}
	if r.len() != 0 || r.read(got) != 0 {
		t.Fatal("not empty at the end")
	}
}

// The producer and consumer run at once, as the audio thread and the
// reader do: everything accepted arrives once, in order.
func TestRingConcurrent(t *testing.T) {
	r := newRing(64)
	const blocks = 20000
	done := make(chan []int16)
	go func() {
		var got []int16
		buf := make([]int16, 7)
		for len(got) < blocks*3 {
			n := r.read(buf)
			got = append(got, buf[:n]...)
		}
		done <- got
	}()
	for i := 0; i < blocks; i++ {
		b := []int16{int16(i), int16(i + 1), int16(i + 2)}
		for !r.writeAll(b) {
		}
	}
	got := <-done
	for i := 0; i < blocks; i++ {
		if w := []int16{int16(i), int16(i + 1), int16(i + 2)}; !slices.Equal(got[3*i:3*i+3], w) {
			t.Fatalf("block %d: got %v, want %v", i, got[3*i:3*i+3], w)
		}
	}
}

// The audio thread's whole share of the work allocates nothing: no garbage
// collector pause can start from it.
func TestCallbacksDoNotAllocate(t *testing.T) {
	cfg := (&CaptureConfig{}).withDefaults()
	c := newCaptureStream(StreamInfo{}, cfg)
	block := make([]int16, cfg.FramesPerBuffer)
	if n := testing.AllocsPerRun(1000, func() { c.deliver(block, false) }); n != 0 {
		t.Errorf("deliver allocates %v times per block", n)
	}
	pcfg := (&PlaybackConfig{}).withDefaults()
	p := newPlaybackStream(StreamInfo{}, pcfg)
	p.ring.writeSome(make([]int16, 4000))
	if n := testing.AllocsPerRun(1000, func() { p.pull(block) }); n != 0 {
		t.Errorf("pull allocates %v times per block", n)
	}
}

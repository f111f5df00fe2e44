package audio

import "sync/atomic"

// ring is a single-producer, single-consumer queue of samples in a buffer
// allocated once. Neither side ever waits for the other or takes a lock: each
// owns one counter and only reads the other's, so an audio thread can use it
// without being held up by a slow reader or writer.
type ring struct {
	buf  []int16
	head atomic.Uint64 // samples ever written; only the producer stores it
	tail atomic.Uint64 // samples ever read; only the consumer stores it
}

func newRing(samples int) *ring {
	return &ring{buf: make([]int16, samples)}
}

func (r *ring) len() int { return int(r.head.Load() - r.tail.Load()) }

// writeAll queues all of p, or nothing if there is not room for all of it.
func (r *ring) writeAll(p []int16) bool {
	h := r.head.Load()
	if len(r.buf)-int(h-r.tail.Load()) < len(p) {
		return false
	}
	r.put(h, p)
	r.head.Store(h + uint64(len(p)))
	return true
}

// writeSome queues as much of p as there is room for and says how much.
func (r *ring) writeSome(p []int16) int {
	h := r.head.Load()
	n := min(len(r.buf)-int(h-r.tail.Load()), len(p))
	r.put(h, p[:n])
	r.head.Store(h + uint64(n))
	return n
}

func (r *ring) put(h uint64, p []int16) {
	i := int(h % uint64(len(r.buf)))
	n := copy(r.buf[i:], p)
	copy(r.buf, p[n:])
}

// read takes up to len(p) samples and says how many.
func (r *ring) read(p []int16) int {
	t := r.tail.Load()
	n := min(int(r.head.Load()-t), len(p))
	i := int(t % uint64(len(r.buf)))
	m := copy(p[:n], r.buf[i:])
	copy(p[m:n], r.buf)
	r.tail.Store(t + uint64(n))
	return n
}

// signal wakes a waiter without ever blocking the caller: a channel of
// capacity one that keeps at most one pending wake-up.
type signal chan struct{}

func newSignal() signal { return make(signal, 1) }

func (s signal) notify() {
	select {
	case s <- struct{}{}:
	default:
	}
}

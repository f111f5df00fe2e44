package audio

import (
	"sync"
	"time"
)

// Clock paces a Fake's devices when Realtime is set.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// StepClock is a Clock whose time moves only when the program waits for a
// Fake device: when a reader finds no sound to read, or a writer no room to
// write, the clock jumps to the device's next block. Devices keep real
// time's order, block numbers and timestamps, at the pace of their peer
// rather than of the wall clock. Losses that need the peer to fall behind
// while the clock runs (a stalled reader) still need the real clock.
type StepClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []stepTimer
	pending bool // a wait came while no device was waiting for its block
}

type stepTimer struct {
	at time.Time
	c  chan time.Time
}

// NewStepClock returns a StepClock that starts at a fixed time.
func NewStepClock() *StepClock {
	return &StepClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// Now returns the clock's time.
func (s *StepClock) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// After returns a channel that receives once the clock reaches now+d.
func (s *StepClock) After(d time.Duration) <-chan time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := make(chan time.Time, 1)
	s.timers = append(s.timers, stepTimer{at: s.now.Add(d), c: c})
	if d <= 0 || s.pending {
		s.pending = false
		s.fireNext()
	}
	return c
}

// step is called when a device's peer is about to wait for it.
func (s *StepClock) step() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.timers) == 0 {
		// The device is between blocks; its next wait ends at once.
		s.pending = true
		return
	}
	s.fireNext()
}

// fireNext moves the clock to the earliest timer and fires it.
func (s *StepClock) fireNext() {
	first := 0
	for i, t := range s.timers {
		if t.at.Before(s.timers[first].at) {
			first = i
		}
	}
	t := s.timers[first]
	s.timers = append(s.timers[:first], s.timers[first+1:]...)
	if t.at.After(s.now) {
		s.now = t.at
	}
	t.c <- s.now
}

// cancel forgets a timer whose device has stopped, so that the next wait
// moves another device on.
func (s *StepClock) cancel(c <-chan time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, t := range s.timers {
		if t.c == c {
			s.timers = append(s.timers[:i], s.timers[i+1:]...)
			return
		}
	}
}

package inorder

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestRun: outcomes arrive in the order of the items whatever order the
// work finishes in, no more than jobs run at once, and a failing report
// stops the items not yet started.
func TestRun(t *testing.T) {
	items := []int{5, 0, 3, 1, 4, 2, 0, 1}
	var running, most atomic.Int32
	work := func(ms int) (string, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(time.Duration(ms) * time.Millisecond)
		if ms == 3 {
			return "", errors.New("three")
		}
		return fmt.Sprint(ms), nil
	}
	var got []string
	err := Run(items, 3, work, func(item int, r string, err error) error {
		if err != nil {
			r = "error " + err.Error()
		}
		got = append(got, r)
		return nil
	})
	want := fmt.Sprint([]string{"5", "0", "error three", "1", "4", "2", "0", "1"})
	if err != nil || fmt.Sprint(got) != want {
		t.Fatalf("got %v, %v; want %v", got, err, want)
	}
	if m := most.Load(); m > 3 || m < 2 {
		t.Fatalf("%d ran at once with jobs 3", m)
	}

	// Without the stop all 200 would run, one at a time, for 400 ms; with
	// it, those that start before the failed report is seen (a few).
	var started atomic.Int32
	stop := errors.New("stop")
	err = Run(make([]int, 200), 1, func(int) (int, error) {
		started.Add(1)
		time.Sleep(2 * time.Millisecond)
		return 0, nil
	}, func(int, int, error) error { return stop })
	if err != stop || started.Load() > 100 {
		t.Fatalf("after the report failed: %v, %d of 200 started", err, started.Load())
	}
}

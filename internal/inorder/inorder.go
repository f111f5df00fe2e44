// Package inorder runs work on a list several items at a time and hands
// the outcomes back in the list's order.
package inorder

import (
	"sync"
	"sync/atomic"
)

// Run runs work on each item, at most jobs at a time (at least one),
// and hands each outcome to report in the order of items, as soon as it and
// every one before it are in: a long list shows progress as it goes, and
// the output is the same from run to run. When report returns an error,
// the items not yet started are skipped, and Run returns that error
// once the running ones have finished.
func Run[T, R any](items []T, jobs int, work func(T) (R, error), report func(T, R, error) error) error {
	type outcome struct {
		r   R
		err error
	}
	outcomes := make([]chan outcome, len(items))
	for i := range outcomes {
		outcomes[i] = make(chan outcome, 1)
	}
	sem := make(chan struct{}, max(jobs, 1))
	var stop atomic.Bool
	var wg sync.WaitGroup
	defer wg.Wait()
	for i, item := range items {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if stop.Load() {
				return
			}
			r, err := work(item)
			outcomes[i] <- outcome{r, err}
		})
	}
	for i, item := range items {
		o := <-outcomes[i]
		if err := report(item, o.r, o.err); err != nil {
			stop.Store(true)
			return err
		}
	}
	return nil
}

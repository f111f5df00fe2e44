package analyze

import (
	"fmt"
	"io"
	"runtime"

	"github.com/starcoach/starcoach/internal/wav"
)

const (
	// streamBlock is how many samples are decoded at a time: 8 s at 16 kHz,
	// so that handing a block to the other goroutine (which may have to wake
	// a thread on the other core: tens of microseconds) costs nothing next to
	// the work on its samples.
	streamBlock = 1 << 17
	// streamBlocks is how many blocks are in flight between the two sides:
	// 2 MiB in all.
	streamBlocks = 4
)

type block struct {
	samples []float32
	err     error
}

// Stream analyses a WAV file read from r, at the file's own sample rate
// (o.SampleRate is ignored). Problems with the file are *wav.FormatError;
// what the reader worked around is copied into the result's warnings.
//
// Reading and decoding run on a goroutine of their own while the analyzer
// measures the blocks already decoded: the two take about as long as each
// other, so on two cores an hour of audio takes little more than either.
// Memory stays at a few blocks whatever the file's size.
func Stream(r io.Reader, o Options) (Result, error) {
	wr, err := wav.NewReader(r)
	if err != nil {
		return Result{}, err
	}
	f := wr.Format()
	o.SampleRate = f.SampleRate
	a := New(o)

	// A short answer needs short blocks; the header's frame count only
	// ever makes them smaller than streamBlock.
	size := streamBlock
	if n := wr.Frames(); n >= 0 && n < streamBlock {
		size = max(int(n), 1024)
	}
	free := make(chan []float32, streamBlocks)
	full := make(chan block, streamBlocks)
	for range streamBlocks {
		free <- make([]float32, size)
	}
	go func() {
		// Ends after sending the block that carries the end or an error;
		// at most streamBlocks blocks exist, so no send ever waits.
		for buf := range free {
			n, err := wr.ReadMono(buf)
			full <- block{buf[:n], err}
			if err != nil {
				return
			}
			// The send put the analyzer, if it was waiting, next in line on
			// this core; yielding lets it run here at once while this
			// goroutine moves to the idle core, instead of the idle core
			// having to notice and steal it.
			runtime.Gosched()
		}
	}()
	for b := range full {
		a.Feed(b.samples)
		if b.err == io.EOF {
			break
		}
		if b.err != nil {
			return Result{}, fmt.Errorf("after %.1f s of audio: %w", float64(a.samples)/float64(a.opts.SampleRate), b.err)
		}
		free <- b.samples[:cap(b.samples)]
	}
	// The reader goroutine has finished with wr: it sent its last block.
	res := a.Result()
	res.Channels = f.Channels
	res.Format = f.String()
	res.Warnings = append(append([]string{}, wr.Warnings()...), res.Warnings...)
	return res, nil
}

package analyze

import (
	"fmt"
	"io"
	"runtime"

	"github.com/starcoach/starcoach/internal/wav"
)

// streamBlock is about how many samples are read at a time: 8 s at 16 kHz,
// so that handing a block from one goroutine to another (which may have to
// wake a thread on another core: tens of microseconds) costs nothing next
// to the work on its samples, and a few blocks in flight stay within a few
// megabytes. Twice this size measured no faster on an hour's file and
// costs 2 MiB more at the peak.
const streamBlock = 1 << 17

// maxWorkers bounds the goroutines measuring frames: past a few, reading
// the file is what takes the time, and each brings two blocks of memory.
const maxWorkers = 4

// Stream analyses a WAV file read from r, at the file's own sample rate
// (o.SampleRate is ignored). Problems with the file are *wav.FormatError;
// what the reader worked around is copied into the result's warnings.
//
// The result is exactly that of feeding the file's samples to an Analyzer
// in order, but the work is spread over the machine's cores: one goroutine
// reads blocks of whole frames, a worker per core measures the frames of a
// block (each frame's measurements depend only on its samples and the one
// before it), and this goroutine adds them to the analyzer in the order of
// the file. 16-bit mono files are measured as they are stored, with no pass
// converting them. Memory stays at a few blocks whatever the file's size.
func Stream(r io.Reader, o Options) (Result, error) {
	a, wr, err := stream(r, o)
	if err != nil {
		return Result{}, err
	}
	// The reader is not used past here: its buffer goes with the rest.
	f, warnings := wr.Format(), wr.Warnings()
	a.endOfAudio()
	return resultWith(a, f, warnings), nil
}

// stream feeds a new analyzer the audio of the WAV file read from r.
func stream(r io.Reader, o Options) (*Analyzer, *wav.Reader, error) {
	wr, err := wav.NewReader(r)
	if err != nil {
		return nil, nil, err
	}
	f := wr.Format()
	o.SampleRate = f.SampleRate
	a := New(o)
	if f.Channels == 1 && wr.Int16() {
		err = streamFrames(a, wr.Frames(), wr.ReadInt16)
	} else {
		err = streamFrames(a, wr.Frames(), wr.ReadMono)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("after %.1f s of audio: %w", float64(a.samples)/float64(a.opts.SampleRate), err)
	}
	return a, wr, nil
}

// fileResult is the result for a whole file, with what the reader noticed.
func fileResult(a *Analyzer, wr *wav.Reader) Result {
	return resultWith(a, wr.Format(), wr.Warnings())
}

func resultWith(a *Analyzer, f wav.Format, warnings []string) Result {
	res := a.Result()
	res.Channels = f.Channels
	res.Format = f.String()
	res.Warnings = append(append([]string{}, warnings...), res.Warnings...)
	return res
}

// endOfAudio lets go of what only took the audio in (the network's state,
// the pitch tracker's buffers, the stream's blocks, now unreachable) and
// collects it, so that Result's work at the end, a few megabytes over
// four hours, reuses their memory instead of growing the heap past what
// taking the audio in needed: on a four-hour file that is what keeps the
// process under 25 MiB (docs/benchmarks.md). One collection of a heap of
// byte records costs a few milliseconds. Nothing may be fed after it;
// Result is the same.
func (a *Analyzer) endOfAudio() {
	a.net.end()
	if a.voiceT != nil {
		a.voiceT.tracker = nil
	}
	runtime.GC()
}

// frameBlock is a block of samples on its way through streamFrames.
type frameBlock[S sample] struct {
	samples []S
	prev    float32 // the sample before the block, in [-1, 1]
	err     error   // of the read that ended the audio; io.EOF at its end
	stats   []frameStats
	done    chan struct{} // signalled when stats holds the block's whole frames
	heard   chan struct{} // signalled when the speech network has had the block
}

// streamFrames feeds a the mono samples that read returns, until io.EOF;
// frames is the count the file declares, -1 when unknown.
func streamFrames[S sample](a *Analyzer, frames int64, read func([]S) (int, error)) error {
	workers := min(runtime.GOMAXPROCS(0), maxWorkers)
	inFlight := workers + 2

	// Blocks are whole frames, so that every frame is measured in one
	// piece. A short answer needs short blocks; the declared frame count
	// only ever makes them smaller.
	perBlock := max(streamBlock/a.frameLen, 1)
	if frames >= 0 && frames < int64(perBlock*a.frameLen) {
		perBlock = int(frames)/a.frameLen + 1
	}
	free := make(chan *frameBlock[S], inFlight)
	for range inFlight {
		free <- &frameBlock[S]{
			samples: make([]S, perBlock*a.frameLen),
			stats:   make([]frameStats, perBlock),
			done:    make(chan struct{}, 1),
			heard:   make(chan struct{}, 1),
		}
	}
	work := make(chan *frameBlock[S], inFlight)
	order := make(chan *frameBlock[S], inFlight)
	// The speech network takes the blocks in order, on a goroutine of its
	// own: its work is most of the analysis, and it needs only the
	// samples, so it runs beside the frames' measurements.
	net := make(chan *frameBlock[S], inFlight)

	go func() {
		// Ends after sending the block that carries the end or an error;
		// at most inFlight blocks exist, so no send ever waits.
		defer close(work)
		defer close(order)
		defer close(net)
		var prev float32
		sc := scaleOf[S]()
		for b := range free {
			b.samples, b.prev, b.err = b.samples[:cap(b.samples)], prev, nil
			n := 0
			for n < len(b.samples) && b.err == nil {
				var k int
				k, b.err = read(b.samples[n:])
				n += k
			}
			b.samples = b.samples[:n]
			if n > 0 {
				prev = float32(b.samples[n-1]) * sc.inv
			}
			work <- b
			net <- b
			order <- b
			if b.err != nil {
				return
			}
		}
	}()
	frameLen := a.frameLen
	for range workers {
		go func() {
			sc := scaleOf[S]()
			w := newSpectrumWork(a.spec.plan)
			for b := range work {
				prev, x := b.prev, b.samples
				w.seen = 0 // the frames before the block are the analyzer's: see below
				for i := 0; len(x) >= frameLen; i++ {
					measureFrame(&b.stats[i], x[:frameLen], prev, sc, w)
					w.remember(&b.stats[i].bands)
					prev = float32(x[frameLen-1]) * sc.inv
					x = x[frameLen:]
				}
				b.done <- struct{}{}
			}
		}()
	}

	go func() {
		sc := scaleOf[S]()
		for b := range net {
			netFeed(a.net, b.samples, sc)
			// The pitch tracker follows the samples in order too, here
			// beside the frames' measurements rather than in the loop
			// below, which it would hold up on a long file.
			feedVoice(a, b.samples)
			b.heard <- struct{}{}
		}
	}()

	sc := scaleOf[S]()
	for b := range order {
		<-b.done
		<-b.heard
		whole := len(b.samples) / a.frameLen
		for i := range b.stats[:whole] {
			// A worker averaged the first frames of its block with none
			// before them: their levels are averaged here with the frames
			// of the block before, which a.spec remembers.
			st := &b.stats[i]
			if i < bandSpan-1 {
				st.levels = a.spec.levelsOf(&st.bands)
			}
			if i < bandSpan-1 || i >= whole-(bandSpan-1) {
				a.spec.remember(&st.bands)
			}
			a.addFrame(st)
		}
		if whole > 0 {
			a.samples += int64(whole * a.frameLen)
			a.prev = float32(b.samples[whole*a.frameLen-1]) * sc.inv
		}
		feedLevels(a, b.samples[whole*a.frameLen:]) // the end of the audio: part of a frame
		if b.err == io.EOF {
			break
		}
		if b.err != nil {
			return b.err
		}
		free <- b
	}
	return nil
}

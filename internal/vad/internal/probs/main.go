// Command probs prints package vad's speech probability for each 512-sample
// chunk of 16 kHz WAV files, one a line under a "# NAME" line per file, in
// the format of testdata/reference.txt (a last partial chunk is left out,
// as there). It is the Go side of the side-by-side timing against
// onnxruntime in scripts/vad-bench.sh, and a way to look at the network's
// output on any recording:
//
//	go run ./internal/vad/internal/probs FILE.wav...
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/starcoach/starcoach/internal/vad"
	"github.com/starcoach/starcoach/internal/wav"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: probs FILE.wav...")
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	d := vad.New()
	for _, name := range os.Args[1:] {
		if err := run(out, d, name); err != nil {
			out.Flush()
			fmt.Fprintf(os.Stderr, "probs: %s: %v\n", name, err)
			os.Exit(1)
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "probs:", err)
		os.Exit(1)
	}
}

// run streams one file through the detector a chunk at a time.
func run(out io.Writer, d *vad.Detector, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := wav.NewReader(f)
	if err != nil {
		return err
	}
	if rate := r.Format().SampleRate; rate != vad.SampleRate {
		return fmt.Errorf("%d Hz, want %d (resample first)", rate, vad.SampleRate)
	}
	d.Reset()
	fmt.Fprintf(out, "# %s\n", filepath.Base(name))
	// 8 s at a time: Chunks takes a block's chunks through each layer
	// together.
	const block = 250
	samples := make([]float32, block*vad.ChunkSize)
	probs := make([]float32, block)
	for {
		// ReadMono fills the block unless the file ends first.
		n, err := r.ReadMono(samples)
		k := n / vad.ChunkSize
		d.Chunks(probs[:k], samples[:k*vad.ChunkSize])
		for _, p := range probs[:k] {
			fmt.Fprintf(out, "%.7f\n", p)
		}
		if errors.Is(err, io.EOF) || (err == nil && n < len(samples)) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

package report

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/wav"
)

// maxEnvelopePoints bounds the points asked of Envelope: a timeline is a
// few hundred pixels wide.
const maxEnvelopePoints = 4096

// envelopeRangeDB is how far below the loudest point the envelope reaches
// before it reads as zero.
const envelopeRangeDB = 50

// Envelope reads a WAV stream and returns its level at points evenly
// spaced stretches of the recording: each the RMS level of its stretch on
// a decibel scale, 1 for the loudest stretch and 0 for 50 dB under it or
// quieter. frames is the recording's length in frames when the header
// does not say (0: take the header's word). The audio is read in blocks;
// memory does not grow with the recording.
func Envelope(r io.Reader, points int, frames int64) ([]float64, error) {
	if points <= 0 || points > maxEnvelopePoints {
		return nil, fmt.Errorf("envelope points %d out of range 1-%d", points, maxEnvelopePoints)
	}
	wr, err := wav.NewReader(r)
	if err != nil {
		return nil, err
	}
	if n := wr.Frames(); n >= 0 {
		frames = n
	}
	if frames <= 0 {
		return nil, errors.New("the recording's length is unknown or zero")
	}
	sum := make([]float64, points)
	count := make([]int64, points)
	buf := make([]float32, 8192)
	var at int64
	for {
		n, err := wr.ReadMono(buf)
		for _, v := range buf[:n] {
			i := int(at * int64(points) / frames)
			if i >= points {
				i = points - 1 // the file is longer than its header said
			}
			sum[i] += float64(v) * float64(v)
			count[i]++
			at++
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	db := make([]float64, points)
	top := math.Inf(-1)
	for i := range db {
		db[i] = math.Inf(-1)
		if count[i] > 0 && sum[i] > 0 {
			db[i] = 10 * math.Log10(sum[i]/float64(count[i]))
		}
		top = math.Max(top, db[i])
	}
	out := make([]float64, points)
	if math.IsInf(top, -1) {
		return out, nil // digital silence throughout
	}
	for i, v := range db {
		out[i] = round(math.Max(0, 1-(top-v)/envelopeRangeDB), 3)
	}
	return out, nil
}

func envelopeFile(path string, points int, frames int64) ([]float64, error) {
	f, err := safefile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Envelope(f, points, frames)
}

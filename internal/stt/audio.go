package stt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/starcoach/starcoach/internal/resample"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/wav"
)

// EngineRate is the sample rate whisper.cpp and PocketSphinx expect.
const EngineRate = 16000

// engineFormat is what engines that are particular about their input get.
var engineFormat = wav.Format{SampleRate: EngineRate, Channels: 1, BitsPerSample: 16}

// audioInput is the file an engine reads and the recording's length.
type audioInput struct {
	path    string
	seconds float64
}

// prepareAudio checks the recording and gives the engine a path to read in
// the scratch directory dir: a 16 kHz mono 16-bit copy made by the
// resampler when the engine needs one and the recording is in another
// format, else a link to the recording itself. The link keeps odd file
// names (a leading "-", quotes) away from engines' own argument parsing.
func prepareAudio(ctx context.Context, wavPath, dir string, needs16k bool) (audioInput, error) {
	f, err := safefile.Open(wavPath)
	if err != nil {
		return audioInput{}, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return audioInput{}, &wav.FormatError{Problem: "is a directory, not a WAV file"}
	}
	r, err := wav.NewReader(f)
	if err != nil {
		return audioInput{}, err
	}
	format := r.Format()
	rate := float64(format.SampleRate)
	input := filepath.Join(dir, "input.wav")
	// A header with unknown sizes (a recorder that was cut off) would make
	// an engine read nothing: such files are rewritten too.
	asIs := (!needs16k || format == engineFormat && r.ValidBits() == 16) && r.Frames() >= 0 && len(r.Warnings()) == 0
	if asIs {
		abs, err := filepath.Abs(wavPath)
		if err != nil {
			return audioInput{}, err
		}
		if err := os.Symlink(abs, input); err != nil {
			input = abs
		}
		return audioInput{path: input, seconds: float64(r.Frames()) / rate}, nil
	}
	frames, err := convert(ctx, r, input)
	if err != nil {
		return audioInput{}, err
	}
	return audioInput{path: input, seconds: float64(frames) / rate}, nil
}

// convert writes r's audio to path as 16 kHz mono 16-bit PCM, block by
// block, and returns how many frames it read.
func convert(ctx context.Context, r *wav.Reader, path string) (int64, error) {
	w, err := wav.Create(path, engineFormat, wav.CreateOptions{Force: true, SyncInterval: time.Hour})
	if err != nil {
		return 0, fmt.Errorf("convert for the engine: %w", err)
	}
	var rs *resample.Resampler
	if rate := r.Format().SampleRate; rate != EngineRate {
		if rs, err = resample.New(rate, EngineRate); err != nil {
			w.Close()
			return 0, err
		}
	}
	in := make([]float32, 32<<10)
	var out []float32
	var frames int64
	for {
		if err := ctx.Err(); err != nil {
			w.Close()
			return 0, err
		}
		n, rerr := r.ReadMono(in)
		frames += int64(n)
		block := in[:n]
		if rs != nil {
			out = rs.Process(out[:0], block)
			if errors.Is(rerr, io.EOF) {
				out = rs.Flush(out)
			}
			block = out
		}
		if len(block) > 0 {
			if err := w.WriteFloat32(block); err != nil {
				w.Close()
				return 0, fmt.Errorf("convert for the engine: %w", err)
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			w.Close()
			return 0, rerr
		}
	}
	if err := w.Close(); err != nil {
		return 0, fmt.Errorf("convert for the engine: %w", err)
	}
	return frames, nil
}

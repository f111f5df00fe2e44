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
// format, else a copy of the recording as it is. Never the recording
// itself, nor a link to it: an engine that writes to its input (by a bug,
// or a wrapper script that truncates it) must not reach the user's only
// copy. The name in dir also keeps odd file names (a leading "-", quotes)
// away from engines' own argument parsing.
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
		if err := copyFile(ctx, f, input); err != nil {
			return audioInput{}, fmt.Errorf("copy the recording for the engine: %w", err)
		}
		return audioInput{path: input, seconds: float64(r.Frames()) / rate}, nil
	}
	frames, err := convert(ctx, r, input)
	if err != nil {
		return audioInput{}, err
	}
	return audioInput{path: input, seconds: float64(frames) / rate}, nil
}

// copyFile copies the whole of the open file f to a new file at path, made
// read-only once written. It reads from f itself, the file that was
// checked, not from its name again.
func copyFile(ctx context.Context, f *os.File, path string) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			out.Close()
			return err
		}
		n, rerr := f.Read(buf)
		if n > 0 {
			if _, err := out.Write(buf[:n]); err != nil {
				out.Close()
				return err
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			out.Close()
			return rerr
		}
	}
	if err := out.Chmod(0o400); err != nil {
		out.Close()
		return err
	}
	return out.Close()
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

package replay

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/wav"
)

// source reads one recording as mono 16-bit frames from any position,
// holding only one block of it. Going back reopens the file.
type source struct {
	path string
	f    *os.File
	r    *wav.Reader
	rate int
	pos  int64 // next frame Read returns
	buf  []float32
}

func openSource(path string) (*source, error) {
	s := &source{path: path}
	if err := s.reopen(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *source) reopen() error {
	s.Close()
	f, err := safefile.Open(s.path)
	if err != nil {
		return err
	}
	r, err := wav.NewReader(f)
	if err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", s.path, err)
	}
	s.f, s.r, s.pos = f, r, 0
	s.rate = r.Format().SampleRate
	return nil
}

// seek makes frame the next one read. Reading forward is cheap next to
// playing: a two-minute answer decodes in milliseconds.
func (s *source) seek(frame int64) error {
	if frame < s.pos {
		if err := s.reopen(); err != nil {
			return err
		}
	}
	for s.pos < frame {
		n := int(min(frame-s.pos, int64(len(s.scratch(4096)))))
		got, err := s.r.ReadMono(s.buf[:n])
		s.pos += int64(got)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
	}
	return nil
}

// read fills dst with the next frames, down-mixed to mono; 0 at the end.
func (s *source) read(dst []int16) (int, error) {
	buf := s.scratch(len(dst))
	n, err := s.r.ReadMono(buf[:len(dst)])
	for i, v := range buf[:n] {
		dst[i] = toInt16(v)
	}
	s.pos += int64(n)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	if err != nil {
		err = fmt.Errorf("%s: %w", s.path, err)
	}
	return n, err
}

func (s *source) scratch(n int) []float32 {
	if len(s.buf) < n {
		s.buf = make([]float32, n)
	}
	return s.buf
}

// toInt16 undoes the reader's scaling: 16-bit samples come back exactly.
func toInt16(v float32) int16 {
	x := math.Round(float64(v) * 32768)
	if x != x {
		return 0
	}
	return int16(max(-32768, min(32767, x)))
}

func (s *source) Close() error {
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f, s.r = nil, nil
	return err
}

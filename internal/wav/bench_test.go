package wav

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadMono decodes a minute of audio from a file on disk (the page
// cache, after the first run) with ReadMono, as the analyser does; MB/s is
// file bytes per second. The target: an hour of 16 kHz mono 16-bit
// (115 MB) in under 3x the time `cat file >/dev/null` takes.
func BenchmarkReadMono(b *testing.B) {
	for _, f := range []Format{
		{SampleRate: 16000, Channels: 1, BitsPerSample: 16},
		{SampleRate: 48000, Channels: 2, BitsPerSample: 16},
		{SampleRate: 48000, Channels: 2, BitsPerSample: 24},
		{SampleRate: 44100, Channels: 1, BitsPerSample: 32, Float: true},
		{SampleRate: 48000, Channels: 6, BitsPerSample: 16},
	} {
		b.Run(strings.ReplaceAll(f.String(), " ", "_"), func(b *testing.B) {
			path := benchFile(b, f, 60)
			st, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			buf := make([]float32, 4096)
			b.SetBytes(st.Size())
			b.ReportAllocs()
			for b.Loop() {
				file, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				r, err := NewReader(file)
				if err != nil {
					b.Fatal(err)
				}
				for {
					_, err := r.ReadMono(buf)
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				file.Close()
			}
		})
	}
}

// benchFile writes seconds of a signal in format f with this package's
// writer.
func benchFile(b *testing.B, f Format, seconds int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.wav")
	w, err := Create(path, f, CreateOptions{SyncInterval: 1 << 62})
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := rawSamples(f, f.SampleRate)
	for range seconds {
		if _, err := w.Write(raw); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkReadInt16 reads a minute of 16 kHz mono 16-bit audio from a file
// on disk with ReadInt16, as the analyser does: the system's copy and
// nothing else. MB/s is file bytes per second.
func BenchmarkReadInt16(b *testing.B) {
	path := benchFile(b, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, 60)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]int16, 1<<17)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		file, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r, err := NewReader(file)
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := r.ReadInt16(buf)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		file.Close()
	}
}

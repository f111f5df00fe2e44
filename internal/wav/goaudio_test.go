package wav

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-audio/audio"
	gowav "github.com/go-audio/wav"
)

// The reader and the writer of this package stand in for go-audio/wav's
// decoder and encoder. These benchmarks measure both on the same minute of
// 16 kHz mono 16-bit audio (the recorder's format), from the page cache;
// MB/s is file bytes per second.

// BenchmarkDecodeGoAudio reads the file with go-audio/wav's decoder, in
// blocks of 4096 samples, as BenchmarkReadInt16 does with this package's
// reader.
func BenchmarkDecodeGoAudio(b *testing.B) {
	path := benchFile(b, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, 60)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		d := gowav.NewDecoder(f)
		d.ReadInfo()
		buf := &audio.IntBuffer{Data: make([]int, 4096), Format: &audio.Format{NumChannels: 1, SampleRate: 16000}}
		total := 0
		for {
			n, err := d.PCMBuffer(buf)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
			total += n
		}
		f.Close()
		if total != 60*16000 {
			b.Fatalf("go-audio decoded %d samples, want %d", total, 60*16000)
		}
	}
}

// BenchmarkEncode writes the minute in blocks of 4096 samples with this
// package's writer, its header made whole after every block (the default
// once-a-second fsync is left out on both sides: it measures the disk).
func BenchmarkEncode(b *testing.B) {
	samples := make([]int16, 4096)
	for i := range samples {
		samples[i] = int16(i * 7)
	}
	b.SetBytes(60 * 16000 * 2)
	b.ReportAllocs()
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "enc.wav")
		w, err := Create(path, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, CreateOptions{SyncInterval: 1 << 62})
		if err != nil {
			b.Fatal(err)
		}
		for left := 60 * 16000; left > 0; left -= len(samples) {
			if err := w.WriteInt16(samples[:min(left, len(samples))]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeGoAudio writes the same with go-audio/wav's encoder,
// which writes the sizes only at Close.
func BenchmarkEncodeGoAudio(b *testing.B) {
	data := make([]int, 4096)
	for i := range data {
		data[i] = int(int16(i * 7))
	}
	b.SetBytes(60 * 16000 * 2)
	b.ReportAllocs()
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "enc.wav")
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		e := gowav.NewEncoder(f, 16000, 16, 1, 1)
		buf := &audio.IntBuffer{Format: &audio.Format{NumChannels: 1, SampleRate: 16000}, SourceBitDepth: 16}
		for left := 60 * 16000; left > 0; left -= len(data) {
			buf.Data = data[:min(left, len(data))]
			if err := e.Write(buf); err != nil {
				b.Fatal(err)
			}
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// A recorder killed before Close: go-audio/wav's file keeps the
// placeholder sizes it wrote first (42 bytes of data: a player plays a
// millisecond of a second's recording), while this package's file says how
// much it holds after every write.
func TestKilledBeforeCloseGoAudioKeepsPlaceholderSizes(t *testing.T) {
	dir := t.TempDir()
	const frames = 16000

	theirs := filepath.Join(dir, "go-audio.wav")
	f, err := os.Create(theirs)
	if err != nil {
		t.Fatal(err)
	}
	e := gowav.NewEncoder(f, 16000, 16, 1, 1)
	if err := e.Write(&audio.IntBuffer{Data: make([]int, frames), Format: &audio.Format{NumChannels: 1, SampleRate: 16000}, SourceBitDepth: 16}); err != nil {
		t.Fatal(err)
	}
	f.Close() // the process dies here: no e.Close()

	ours := filepath.Join(dir, "ours.wav")
	w, err := Create(ours, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteInt16(make([]int16, frames)); err != nil {
		t.Fatal(err)
	}
	// No Close either.

	dataSize := func(path string) uint32 {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) < 44+2*frames {
			t.Fatalf("%s: %d bytes on disk, want the audio there", path, len(raw))
		}
		return binary.LittleEndian.Uint32(raw[40:44]) // the data chunk's size, after a plain 44-byte header
	}
	if got := dataSize(theirs); got == 2*frames {
		t.Errorf("go-audio's unclosed file says its %d data bytes; the comparison this package is built on no longer holds", got)
	} else {
		t.Logf("go-audio's unclosed file says %d data bytes of the %d written", got, 2*frames)
	}
	if got := dataSize(ours); got != 2*frames {
		t.Errorf("this package's unclosed file says %d data bytes, want %d", got, 2*frames)
	}
	r, err := os.Open(ours)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	wr, err := NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	if wr.Frames() != frames || len(wr.Warnings()) != 0 {
		t.Errorf("read back %d frames with warnings %v; want %d and none", wr.Frames(), wr.Warnings(), frames)
	}
}

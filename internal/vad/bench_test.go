package vad

import "testing"

// BenchmarkClip30s runs the detector over 30 s of real speech (arctic.wav,
// 30.3 s, its whole chunks): one op is one 30-s clip.
func BenchmarkClip30s(b *testing.B) {
	x := readClip(b, "arctic.wav")
	chunks := 30 * SampleRate / ChunkSize
	if len(x) < chunks*ChunkSize {
		b.Fatalf("arctic.wav is %d samples, want at least %d", len(x), chunks*ChunkSize)
	}
	d := New()
	b.ReportAllocs()
	for b.Loop() {
		d.Reset()
		for i := range chunks {
			d.Chunk(x[i*ChunkSize : (i+1)*ChunkSize])
		}
	}
}

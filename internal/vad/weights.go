package vad

import (
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
)

//go:embed silero_vad_16k.bin
var weightsFile []byte

// weightsSHA256 is silero_vad_16k.bin's checksum, as in SHA256SUMS.
const weightsSHA256 = "c18ee1860d650a0d585f2766f5ae2058c3dfc31806c1d3dfd5938f92f36eb4b6"

// weights are the network's, decoded once and shared by every Detector
// (they are only read).
type weights struct {
	stft *spectrum
	enc  [4]convLayer
	// The LSTM's weights for its input and for its state h, each
	// [4*hidden][hidden], and its two biases summed.
	lstmIn, lstmState []float32
	lstmBias          []float32
	out               []float32 // [hidden]
	outBias           float32
}

type convLayer struct {
	weight []float32 // [cout][3][cin], see conv
	bias   []float32
	cin    int
	cout   int
	stride int
}

var loadWeights = sync.OnceValues(func() (*weights, error) {
	if sum := sha256.Sum256(weightsFile); hex.EncodeToString(sum[:]) != weightsSHA256 {
		return nil, errors.New("checksum differs from SHA256SUMS")
	}
	return parseWeights(weightsFile)
})

// parseWeights decodes the file internal/convert writes, checking that it
// holds exactly the tensors, in order and shape, that Detector computes
// with.
func parseWeights(b []byte) (*weights, error) {
	r := reader{b: b}
	if string(r.next(8)) != "SVAD16K1" {
		return nil, errors.New("not a weights file")
	}
	want := []struct {
		name string
		dims []int
	}{
		{"model.stft.forward_basis_buffer", []int{2 * bins, 1, fftSize}},
		{"model.encoder.0.reparam_conv.weight", []int{128, bins, 3}},
		{"model.encoder.0.reparam_conv.bias", []int{128}},
		{"model.encoder.1.reparam_conv.weight", []int{64, 128, 3}},
		{"model.encoder.1.reparam_conv.bias", []int{64}},
		{"model.encoder.2.reparam_conv.weight", []int{64, 64, 3}},
		{"model.encoder.2.reparam_conv.bias", []int{64}},
		{"model.encoder.3.reparam_conv.weight", []int{hidden, 64, 3}},
		{"model.encoder.3.reparam_conv.bias", []int{hidden}},
		{"model.decoder.rnn.weight_ih", []int{4 * hidden, hidden}},
		{"model.decoder.rnn.weight_hh", []int{4 * hidden, hidden}},
		{"model.decoder.rnn.bias_ih", []int{4 * hidden}},
		{"model.decoder.rnn.bias_hh", []int{4 * hidden}},
		{"model.decoder.decoder.2.weight", []int{1, hidden, 1}},
		{"model.decoder.decoder.2.bias", []int{1}},
	}
	if n := r.u32(); int(n) != len(want) {
		return nil, fmt.Errorf("%d tensors, want %d", n, len(want))
	}
	t := make([][]float32, len(want))
	for i, wt := range want {
		name := string(r.next(int(r.u16())))
		dims := make([]int, r.u32())
		if len(dims) > 4 {
			return nil, fmt.Errorf("tensor %d: %d dimensions", i, len(dims))
		}
		size := 1
		for j := range dims {
			dims[j] = int(r.u32())
			size *= dims[j]
		}
		if r.err != nil {
			return nil, r.err
		}
		if name != wt.name || !slices.Equal(dims, wt.dims) {
			return nil, fmt.Errorf("tensor %d is %s %v, want %s %v", i, name, dims, wt.name, wt.dims)
		}
		raw := r.next(4 * size)
		if r.err != nil {
			return nil, r.err
		}
		t[i] = make([]float32, size)
		for j := range t[i] {
			t[i][j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:]))
		}
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes after the last tensor", len(r.b))
	}
	stft, err := newSpectrum(t[0])
	if err != nil {
		return nil, err
	}
	w := &weights{stft: stft, out: t[13], outBias: t[14][0]}
	for l, stride := range []int{1, 2, 2, 1} {
		// The model's [cout][cin][3] in the [cout][3][cin] order of conv.
		stored, bias := t[1+2*l], t[2+2*l]
		cout := len(bias)
		cin := len(stored) / (3 * cout)
		weight := make([]float32, len(stored))
		for o := range cout {
			for i := range cin {
				for k := range 3 {
					weight[(o*3+k)*cin+i] = stored[(o*cin+i)*3+k]
				}
			}
		}
		w.enc[l] = convLayer{weight: weight, bias: bias, cin: cin, cout: cout, stride: stride}
	}
	w.lstmIn, w.lstmState = t[9], t[10]
	w.lstmBias = make([]float32, 4*hidden)
	for r := range w.lstmBias {
		w.lstmBias[r] = t[11][r] + t[12][r]
	}
	return w, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = errors.New("truncated")
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) u16() uint16 {
	p := r.next(2)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint16(p)
}

func (r *reader) u32() uint32 {
	p := r.next(4)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(p)
}

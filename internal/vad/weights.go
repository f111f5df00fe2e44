package vad

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
)

//go:embed silero_vad_16k.bin
var weightsFile []byte

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
	w, err := parseWeights(weightsFile)
	if err == nil {
		release(weightsFile)
	}
	return w, err
})

// parseWeights decodes the file internal/convert writes, checking that it
// holds exactly the tensors, in order and shape, that Detector computes
// with. Each tensor is decoded straight into the layout Detector uses,
// with no copy in between: the file's bytes are read once and nothing but
// the weights themselves is left on the heap.
//
// The file's checksum is not computed here: the bytes are part of the
// program, and TestWeightsChecksum checks them against SHA256SUMS when it
// is built; what is checked here is what a wrong file would get wrong
// (the names, the shapes, and an STFT basis that is a windowed DFT).
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
	// next returns tensor i's bytes, after checking its name and shape.
	var dims [4]int
	next := func(i int) ([]byte, error) {
		wt := want[i]
		name := string(r.next(int(r.u16())))
		nd := int(r.u32())
		if nd > len(dims) {
			return nil, fmt.Errorf("tensor %d: %d dimensions", i, nd)
		}
		size := 1
		for j := range nd {
			dims[j] = int(r.u32())
			size *= dims[j]
		}
		if r.err != nil {
			return nil, r.err
		}
		if name != wt.name || !slices.Equal(dims[:nd], wt.dims) {
			return nil, fmt.Errorf("tensor %d is %s %v, want %s %v", i, name, dims[:nd], wt.name, wt.dims)
		}
		raw := r.next(4 * size)
		return raw, r.err
	}
	at := func(raw []byte, j int) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:])) }
	decode := func(raw []byte) []float32 {
		v := make([]float32, len(raw)/4)
		for j := range v {
			v[j] = at(raw, j)
		}
		return v
	}

	raw, err := next(0)
	if err != nil {
		return nil, err
	}
	stft, err := newSpectrum(func(j int) float32 { return at(raw, j) })
	if err != nil {
		return nil, err
	}
	w := &weights{stft: stft}
	for l, stride := range []int{1, 2, 2, 1} {
		// The model's [cout][cin][3] in the [cout][3][cin] order of conv.
		raw, err := next(1 + 2*l)
		if err != nil {
			return nil, err
		}
		cout, cin := want[1+2*l].dims[0], want[1+2*l].dims[1]
		weight := make([]float32, cout*cin*3)
		for o := range cout {
			for i := range cin {
				for k := range 3 {
					weight[(o*3+k)*cin+i] = at(raw, (o*cin+i)*3+k)
				}
			}
		}
		if raw, err = next(2 + 2*l); err != nil {
			return nil, err
		}
		w.enc[l] = convLayer{weight: weight, bias: decode(raw), cin: cin, cout: cout, stride: stride}
	}
	for i, dst := range []*[]float32{&w.lstmIn, &w.lstmState} {
		raw, err := next(9 + i)
		if err != nil {
			return nil, err
		}
		*dst = decode(raw)
	}
	// The LSTM's two biases, summed.
	rawIn, err := next(11)
	if err != nil {
		return nil, err
	}
	rawState, err := next(12)
	if err != nil {
		return nil, err
	}
	w.lstmBias = make([]float32, 4*hidden)
	for j := range w.lstmBias {
		w.lstmBias[j] = at(rawIn, j) + at(rawState, j)
	}
	if raw, err = next(13); err != nil {
		return nil, err
	}
	w.out = decode(raw)
	if raw, err = next(14); err != nil {
		return nil, err
	}
	w.outBias = at(raw, 0)
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes after the last tensor", len(r.b))
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

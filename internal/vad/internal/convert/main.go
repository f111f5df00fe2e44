// Command convert extracts the 16 kHz Silero VAD v5 weights from the ONNX
// model file into the compact file that package vad embeds
// (internal/vad/silero_vad_16k.bin), after checking that the model's graph
// is the one package vad computes: the same operators in the same order
// with the same kernel sizes, strides, padding and state layout. A model
// with any other graph is refused rather than converted into weights that
// would be run the wrong way.
//
// Usage, from the repository root:
//
//	go run ./internal/vad/internal/convert MODEL.onnx internal/vad/silero_vad_16k.bin
//
// The ONNX file is read straight from its protobuf wire format (onnx.go),
// so the conversion needs no protobuf library. Pass -dump to print the
// graph instead.
//
// The output file, all little-endian: the 8 bytes "SVAD16K1", a uint32
// count of tensors, then per tensor a uint16 name length, the name, a
// uint32 number of dimensions, a uint32 per dimension and the float32
// values in row-major order.
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// tensors are the weights package vad reads, in the order it reads them,
// with the shapes its arithmetic assumes.
var tensors = []struct {
	name string
	dims []int64
}{
	{"model.stft.forward_basis_buffer", []int64{258, 1, 256}},
	{"model.encoder.0.reparam_conv.weight", []int64{128, 129, 3}},
	{"model.encoder.0.reparam_conv.bias", []int64{128}},
	{"model.encoder.1.reparam_conv.weight", []int64{64, 128, 3}},
	{"model.encoder.1.reparam_conv.bias", []int64{64}},
	{"model.encoder.2.reparam_conv.weight", []int64{64, 64, 3}},
	{"model.encoder.2.reparam_conv.bias", []int64{64}},
	{"model.encoder.3.reparam_conv.weight", []int64{128, 64, 3}},
	{"model.encoder.3.reparam_conv.bias", []int64{128}},
	{"model.decoder.rnn.weight_ih", []int64{512, 128}},
	{"model.decoder.rnn.weight_hh", []int64{512, 128}},
	{"model.decoder.rnn.bias_ih", []int64{512}},
	{"model.decoder.rnn.bias_hh", []int64{512}},
	{"model.decoder.decoder.2.weight", []int64{1, 128, 1}},
	{"model.decoder.decoder.2.bias", []int64{1}},
}

// convs are the model's Conv nodes in graph order: the STFT as a
// convolution, the four encoder layers and the output layer.
var convs = []struct {
	weight  string
	kernel  int64
	stride  int64
	padding int64
}{
	{"model.stft.forward_basis_buffer", 256, 128, 0},
	{"model.encoder.0.reparam_conv.weight", 3, 1, 1},
	{"model.encoder.1.reparam_conv.weight", 3, 2, 1},
	{"model.encoder.2.reparam_conv.weight", 3, 2, 1},
	{"model.encoder.3.reparam_conv.weight", 3, 1, 1},
	{"model.decoder.decoder.2.weight", 1, 1, 0},
}

func main() {
	dumpOnly := flag.Bool("dump", false, "print the model's graph and exit")
	flag.Parse()
	if (*dumpOnly && flag.NArg() != 1) || (!*dumpOnly && flag.NArg() != 2) {
		fmt.Fprintln(os.Stderr, "usage: convert [-dump] MODEL.onnx [OUT.bin]")
		os.Exit(2)
	}
	in := flag.Arg(0)
	b, err := os.ReadFile(in)
	if err != nil {
		fail(err)
	}
	g, opsets, err := parseModel(b)
	if err != nil {
		fail(fmt.Errorf("%s: %w", in, err))
	}
	if *dumpOnly {
		fmt.Println("opsets", opsets)
		dump(g, "")
		return
	}
	if err := check(g); err != nil {
		fail(fmt.Errorf("%s: %w", in, err))
	}
	out, err := encode(g)
	if err != nil {
		fail(fmt.Errorf("%s: %w", in, err))
	}
	if err := os.WriteFile(flag.Arg(1), out, 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "convert:", err)
	os.Exit(1)
}

// check refuses a graph that differs from what package vad computes.
func check(g *graph) error {
	if !slices.Equal(g.inputs, []string{"input", "state", "sr"}) || !slices.Equal(g.outputs, []string{"output", "stateN"}) {
		return fmt.Errorf("inputs %v and outputs %v, want [input state sr] and [output stateN]", g.inputs, g.outputs)
	}
	// The STFT pads the input on the right only, by 64 samples, reflecting
	// it: torch's F.pad(x, [0, 64], "reflect"), whose pad list is the
	// constant feeding the Pad node's pads.
	var pad *node
	var conv []node
	for i, n := range g.nodes {
		switch n.op {
		case "Pad":
			pad = &g.nodes[i]
		case "Conv":
			conv = append(conv, n)
		}
	}
	if pad == nil || attrS(pad, "mode") != "reflect" || pad.inputs[0] != "input" {
		return errors.New("no reflecting Pad on the input")
	}
	padList := constant(g, "onnx::Shape_19")
	if padList == nil || !slices.Equal(padList.i64, []int64{0, 64}) {
		return errors.New("the STFT padding is not [0 64]")
	}
	if len(conv) != len(convs) {
		return fmt.Errorf("%d Conv nodes, want %d", len(conv), len(convs))
	}
	for i, want := range convs {
		n := &conv[i]
		if n.inputs[1] != want.weight {
			return fmt.Errorf("Conv %d uses %s, want %s", i, n.inputs[1], want.weight)
		}
		if !slices.Equal(attrInts(n, "kernel_shape"), []int64{want.kernel}) ||
			!slices.Equal(attrInts(n, "strides"), []int64{want.stride}) ||
			!slices.Equal(attrInts(n, "pads"), []int64{want.padding, want.padding}) ||
			!slices.Equal(attrInts(n, "dilations"), []int64{1}) || attrI(n, "group", 1) != 1 {
			return fmt.Errorf("Conv %s: kernel %v strides %v pads %v, want %d, %d, %d", want.weight,
				attrInts(n, "kernel_shape"), attrInts(n, "strides"), attrInts(n, "pads"), want.kernel, want.stride, want.padding)
		}
	}
	// Each encoder Conv is followed by a Relu, the output Conv by a Sigmoid
	// (after a Relu on the LSTM's output).
	ops := opSequence(g)
	want := "Pad Conv Sqrt Conv Relu Conv Relu Conv Relu Conv Relu If If Relu Conv Sigmoid If ReduceMean"
	if ops != want {
		return fmt.Errorf("operator sequence %q, want %q", ops, want)
	}
	// The LSTM: hidden size 128, forward, state h = state[0], c = state[1],
	// gates reordered from PyTorch's i f g o to ONNX's i o f c by the
	// slices [0:128] [384:512] [128:384] (checked by the slice bounds).
	lstm := findOp(g, "LSTM")
	if lstm == nil || attrI(lstm, "hidden_size", 0) != 128 {
		return errors.New("no LSTM with hidden size 128")
	}
	if d := attrS(lstm, "direction"); d != "" && d != "forward" {
		return fmt.Errorf("LSTM direction %s", d)
	}
	bounds := sliceBounds(g, "model.decoder.rnn.weight_ih")
	if !slices.Equal(bounds, []int64{0, 128, 384, 512, 128, 384}) {
		return fmt.Errorf("LSTM gate slices %v, want i o f c from PyTorch's i f g o", bounds)
	}
	return nil
}

// opSequence lists the operators of the computation (not shapes and
// constants) in order, naming an If once whatever its branches hold.
func opSequence(g *graph) string {
	var ops []string
	for _, n := range g.nodes {
		switch n.op {
		case "Pad", "Conv", "Sqrt", "Relu", "Sigmoid", "If", "ReduceMean", "LSTM", "Tanh":
			if n.op == "If" && !strings.HasPrefix(n.name, "/model/decoder/If") && n.name != "/model/If" {
				continue
			}
			ops = append(ops, n.op)
		}
	}
	return strings.Join(ops, " ")
}

func walk(g *graph, f func(n *node) bool) bool {
	for i := range g.nodes {
		n := &g.nodes[i]
		if f(n) {
			return true
		}
		for _, a := range n.attrs {
			if a.g != nil && walk(a.g, f) {
				return true
			}
		}
	}
	return false
}

func findOp(g *graph, op string) *node {
	var found *node
	walk(g, func(n *node) bool {
		if n.op == op {
			found = n
			return true
		}
		return false
	})
	return found
}

func constant(g *graph, output string) *tensor {
	var t *tensor
	walk(g, func(n *node) bool {
		if n.op == "Constant" && len(n.outputs) == 1 && n.outputs[0] == output {
			for _, a := range n.attrs {
				if a.name == "value" {
					t = a.t
				}
			}
			return true
		}
		return false
	})
	return t
}

// sliceBounds lists start and end of each Slice of the named tensor in the
// first subgraph that slices it.
func sliceBounds(g *graph, name string) []int64 {
	var out []int64
	walk(g, func(n *node) bool {
		if n.op == "Slice" && n.inputs[0] == name {
			for _, in := range n.inputs[1:3] {
				if t := constant(g, in); t != nil && len(t.i64) == 1 {
					out = append(out, t.i64[0])
				}
			}
		}
		return len(out) == 6
	})
	return out
}

func attrInts(n *node, name string) []int64 {
	for _, a := range n.attrs {
		if a.name == name {
			return a.ints
		}
	}
	return nil
}

func attrI(n *node, name string, def int64) int64 {
	for _, a := range n.attrs {
		if a.name == name {
			return a.i
		}
	}
	return def
}

func attrS(n *node, name string) string {
	for _, a := range n.attrs {
		if a.name == name {
			return a.s
		}
	}
	return ""
}

func encode(g *graph) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("SVAD16K1")
	le := binary.LittleEndian
	buf.Write(le.AppendUint32(nil, uint32(len(tensors))))
	for _, want := range tensors {
		t := g.initializers[want.name]
		if t == nil {
			return nil, fmt.Errorf("no initializer %s", want.name)
		}
		if t.dtype != 1 || !slices.Equal(t.dims, want.dims) {
			return nil, fmt.Errorf("%s: type %d shape %v, want float32 %v", want.name, t.dtype, t.dims, want.dims)
		}
		n := int64(1)
		for _, d := range t.dims {
			n *= d
		}
		if int64(len(t.f32)) != n {
			return nil, fmt.Errorf("%s: %d values for shape %v", want.name, len(t.f32), t.dims)
		}
		buf.Write(le.AppendUint16(nil, uint16(len(want.name))))
		buf.WriteString(want.name)
		buf.Write(le.AppendUint32(nil, uint32(len(t.dims))))
		for _, d := range t.dims {
			buf.Write(le.AppendUint32(nil, uint32(d)))
		}
		for _, v := range t.f32 {
			buf.Write(le.AppendUint32(nil, math.Float32bits(v)))
		}
	}
	return buf.Bytes(), nil
}

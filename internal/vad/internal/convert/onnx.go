package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The few ONNX messages the converter needs, read straight from the
// protobuf wire format (onnx.proto3 field numbers), so that reading one
// model file costs no protobuf dependency.

type tensor struct {
	name  string
	dims  []int64
	dtype int64 // 1 float32, 7 int64
	f32   []float32
	i64   []int64
}

type attr struct {
	name  string
	typ   int64
	f     float32
	i     int64
	s     string
	t     *tensor
	g     *graph
	ints  []int64
	float []float32
}

type node struct {
	inputs, outputs []string
	name, op        string
	attrs           []attr
}

type graph struct {
	name         string
	nodes        []node
	initializers map[string]*tensor
	inputs       []string
	outputs      []string
}

type wire struct {
	b   []byte
	err error
}

func (w *wire) varint() uint64 {
	v, n := binary.Uvarint(w.b)
	if n <= 0 {
		w.err = errors.New("bad varint")
		w.b = nil
		return 0
	}
	w.b = w.b[n:]
	return v
}

// next returns the next field's number and wire type, and its payload:
// the value for varints and fixed ints, the bytes for length-delimited.
func (w *wire) next() (field int, typ int, v uint64, data []byte, ok bool) {
	if len(w.b) == 0 || w.err != nil {
		return 0, 0, 0, nil, false
	}
	key := w.varint()
	field, typ = int(key>>3), int(key&7)
	switch typ {
	case 0:
		v = w.varint()
	case 1:
		if len(w.b) < 8 {
			w.err = errors.New("truncated fixed64")
			return 0, 0, 0, nil, false
		}
		v = binary.LittleEndian.Uint64(w.b)
		w.b = w.b[8:]
	case 5:
		if len(w.b) < 4 {
			w.err = errors.New("truncated fixed32")
			return 0, 0, 0, nil, false
		}
		v = uint64(binary.LittleEndian.Uint32(w.b))
		w.b = w.b[4:]
	case 2:
		n := w.varint()
		if n > uint64(len(w.b)) {
			w.err = errors.New("truncated field")
			return 0, 0, 0, nil, false
		}
		data = w.b[:n]
		w.b = w.b[n:]
	default:
		w.err = fmt.Errorf("unsupported wire type %d", typ)
		return 0, 0, 0, nil, false
	}
	return field, typ, v, data, w.err == nil
}

// fields calls f with each field of the message b in turn (see next),
// stopping at f's first error.
func fields(b []byte, f func(field, typ int, v uint64, data []byte) error) error {
	w := wire{b: b}
	for {
		field, typ, v, data, ok := w.next()
		if !ok {
			return w.err
		}
		if err := f(field, typ, v, data); err != nil {
			return err
		}
	}
}

// packedInts reads a repeated int64 field, packed or not.
func packedInts(typ int, v uint64, data []byte) ([]int64, error) {
	if typ == 0 {
		return []int64{int64(v)}, nil
	}
	w := wire{b: data}
	var out []int64
	for len(w.b) > 0 && w.err == nil {
		out = append(out, int64(w.varint()))
	}
	return out, w.err
}

func packedFloats(typ int, v uint64, data []byte) ([]float32, error) {
	if typ == 5 {
		return []float32{math.Float32frombits(uint32(v))}, nil
	}
	if len(data)%4 != 0 {
		return nil, errors.New("packed floats not a multiple of 4 bytes")
	}
	out := make([]float32, len(data)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
	}
	return out, nil
}

func parseModel(b []byte) (*graph, []string, error) {
	var g *graph
	var opsets []string
	err := fields(b, func(f, typ int, _ uint64, data []byte) error {
		var err error
		switch {
		case f == 7 && typ == 2:
			g, err = parseGraph(data)
		case f == 8 && typ == 2:
			opsets = append(opsets, parseOpset(data))
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if g == nil {
		return nil, nil, errors.New("no graph in model")
	}
	return g, opsets, nil
}

func parseOpset(b []byte) string {
	domain, version := "", uint64(0)
	fields(b, func(f, _ int, v uint64, data []byte) error {
		switch f {
		case 1:
			domain = string(data)
		case 2:
			version = v
		}
		return nil
	})
	return fmt.Sprintf("%q:%d", domain, version)
}

func parseGraph(b []byte) (*graph, error) {
	g := &graph{initializers: map[string]*tensor{}}
	err := fields(b, func(f, typ int, _ uint64, data []byte) error {
		if typ != 2 {
			return nil
		}
		switch f {
		case 1:
			n, err := parseNode(data)
			if err != nil {
				return err
			}
			g.nodes = append(g.nodes, n)
		case 2:
			g.name = string(data)
		case 5:
			t, err := parseTensor(data)
			if err != nil {
				return err
			}
			g.initializers[t.name] = t
		case 11:
			g.inputs = append(g.inputs, valueInfoName(data))
		case 12:
			g.outputs = append(g.outputs, valueInfoName(data))
		}
		return nil
	})
	return g, err
}

func valueInfoName(b []byte) string {
	name := ""
	fields(b, func(f, _ int, _ uint64, data []byte) error {
		if f == 1 {
			name = string(data)
		}
		return nil
	})
	return name
}

func parseNode(b []byte) (node, error) {
	var n node
	err := fields(b, func(f, typ int, _ uint64, data []byte) error {
		if typ != 2 {
			return nil
		}
		switch f {
		case 1:
			n.inputs = append(n.inputs, string(data))
		case 2:
			n.outputs = append(n.outputs, string(data))
		case 3:
			n.name = string(data)
		case 4:
			n.op = string(data)
		case 5:
			a, err := parseAttr(data)
			if err != nil {
				return err
			}
			n.attrs = append(n.attrs, a)
		}
		return nil
	})
	return n, err
}

func parseAttr(b []byte) (attr, error) {
	var a attr
	err := fields(b, func(f, typ int, v uint64, data []byte) error {
		var err error
		switch f {
		case 1:
			a.name = string(data)
		case 20:
			a.typ = int64(v)
		case 2:
			a.f = math.Float32frombits(uint32(v))
		case 3:
			a.i = int64(v)
		case 4:
			a.s = string(data)
		case 5:
			a.t, err = parseTensor(data)
		case 6:
			a.g, err = parseGraph(data)
		case 7:
			var fs []float32
			fs, err = packedFloats(typ, v, data)
			a.float = append(a.float, fs...)
		case 8:
			var is []int64
			is, err = packedInts(typ, v, data)
			a.ints = append(a.ints, is...)
		}
		return err
	})
	return a, err
}

func parseTensor(b []byte) (*tensor, error) {
	t := &tensor{}
	var raw []byte
	err := fields(b, func(f, typ int, v uint64, data []byte) error {
		var err error
		switch f {
		case 1:
			var is []int64
			is, err = packedInts(typ, v, data)
			t.dims = append(t.dims, is...)
		case 2:
			t.dtype = int64(v)
		case 4:
			var fs []float32
			fs, err = packedFloats(typ, v, data)
			t.f32 = append(t.f32, fs...)
		case 7:
			var is []int64
			is, err = packedInts(typ, v, data)
			t.i64 = append(t.i64, is...)
		case 8:
			t.name = string(data)
		case 9:
			raw = data
		case 13:
			err = errors.New("tensor uses external data")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if raw != nil {
		switch t.dtype {
		case 1:
			fs, err := packedFloats(2, 0, raw)
			if err != nil {
				return nil, err
			}
			t.f32 = fs
		case 7:
			if len(raw)%8 != 0 {
				return nil, errors.New("raw int64 data not a multiple of 8 bytes")
			}
			for i := 0; i < len(raw); i += 8 {
				t.i64 = append(t.i64, int64(binary.LittleEndian.Uint64(raw[i:])))
			}
		}
	}
	return t, nil
}

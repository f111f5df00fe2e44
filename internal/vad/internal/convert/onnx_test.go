package main

import (
	"encoding/binary"
	"math"
	"slices"
	"testing"
)

// Hand-encoded protobuf: key, then a varint or length-delimited payload.
func varintField(f int, v uint64) []byte {
	b := binary.AppendUvarint(nil, uint64(f)<<3)
	return binary.AppendUvarint(b, v)
}

func bytesField(f int, p []byte) []byte {
	b := binary.AppendUvarint(nil, uint64(f)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(p)))
	return append(b, p...)
}

func cat(parts ...[]byte) []byte { return slices.Concat(parts...) }

func TestParseTensorRawAndPacked(t *testing.T) {
	raw := binary.LittleEndian.AppendUint32(nil, math.Float32bits(1.5))
	raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(-2))
	packedDims := cat(binary.AppendUvarint(nil, 1), binary.AppendUvarint(nil, 2))
	msg := cat(bytesField(1, packedDims), varintField(2, 1), bytesField(8, []byte("w")), bytesField(9, raw))
	tt, err := parseTensor(msg)
	if err != nil {
		t.Fatal(err)
	}
	if tt.name != "w" || !slices.Equal(tt.dims, []int64{1, 2}) || !slices.Equal(tt.f32, []float32{1.5, -2}) {
		t.Errorf("got %+v", tt)
	}
	// Dimensions one field each, as older writers put them.
	tt, err = parseTensor(cat(varintField(1, 3), varintField(1, 4), varintField(2, 7), bytesField(9, make([]byte, 8))))
	if err != nil || !slices.Equal(tt.dims, []int64{3, 4}) || !slices.Equal(tt.i64, []int64{0}) {
		t.Errorf("unpacked dims: %+v, %v", tt, err)
	}
}

func TestParseNodeAttributes(t *testing.T) {
	ints := cat(binary.AppendUvarint(nil, 2))
	attrStrides := cat(bytesField(1, []byte("strides")), bytesField(8, ints))
	attrMode := cat(bytesField(1, []byte("mode")), bytesField(4, []byte("reflect")))
	msg := cat(bytesField(1, []byte("x")), bytesField(1, []byte("w")), bytesField(2, []byte("y")),
		bytesField(4, []byte("Conv")), bytesField(5, attrStrides), bytesField(5, attrMode))
	n, err := parseNode(msg)
	if err != nil {
		t.Fatal(err)
	}
	if n.op != "Conv" || !slices.Equal(n.inputs, []string{"x", "w"}) || !slices.Equal(attrInts(&n, "strides"), []int64{2}) || attrS(&n, "mode") != "reflect" {
		t.Errorf("got %+v", n)
	}
}

func TestParseRefusesDamage(t *testing.T) {
	good := bytesField(7, bytesField(2, []byte("g")))
	if _, _, err := parseModel(good); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"truncated field":    good[:len(good)-1],
		"no graph":           varintField(1, 8),
		"bad wire type":      {0x0b},
		"raw floats not x4":  bytesField(7, bytesField(5, cat(varintField(2, 1), bytesField(9, []byte{1, 2, 3})))),
		"external data":      bytesField(7, bytesField(5, bytesField(13, nil))),
		"truncated varint":   {0x08, 0x80},
		"length beyond data": {0x3a, 0x7f},
	} {
		if _, _, err := parseModel(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

package wav

import (
	"encoding/binary"
	"math"
	"unsafe"
)

// The decoders below are one tight loop per sample format, with no call or
// interface per sample: an hour of 16 kHz audio is 57 million samples, and
// the analyser must get through them in a few times the time the disk takes
// to deliver them.

// decodeSamples turns len(dst) samples of raw little-endian src into
// floats in [-1, 1].
func decodeSamples(kind sampleKind, dst []float32, src []byte) {
	switch kind {
	case kindU8:
		src = src[:len(dst)]
		for i, b := range src {
			dst[i] = float32(int(b)-128) * (1.0 / 128)
		}
	case kindS16:
		src = src[:2*len(dst)]
		if s, ok := asInt16s(src); ok {
			dst = dst[:len(s)]
			for i, v := range s {
				dst[i] = float32(v) * (1.0 / 32768)
			}
			return
		}
		for i := range dst {
			dst[i] = float32(int16(binary.LittleEndian.Uint16(src[2*i:]))) * (1.0 / 32768)
		}
	case kindS24:
		src = src[:3*len(dst)]
		for i := range dst {
			b := src[3*i : 3*i+3 : 3*i+3]
			v := int32(uint32(b[0])<<8 | uint32(b[1])<<16 | uint32(b[2])<<24)
			dst[i] = float32(v) * (1.0 / 2147483648)
		}
	case kindS32:
		src = src[:4*len(dst)]
		for i := range dst {
			dst[i] = float32(int32(binary.LittleEndian.Uint32(src[4*i:]))) * (1.0 / 2147483648)
		}
	case kindF32:
		src = src[:4*len(dst)]
		if s, ok := asFloat32s(src); ok {
			dst = dst[:len(s)]
			for i, v := range s {
				dst[i] = clampUnit(v)
			}
			return
		}
		for i := range dst {
			dst[i] = clampUnit(math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:])))
		}
	case kindF64:
		src = src[:8*len(dst)]
		for i := range dst {
			dst[i] = clampUnit(float32(math.Float64frombits(binary.LittleEndian.Uint64(src[8*i:]))))
		}
	case kindALaw:
		src = src[:len(dst)]
		for i, b := range src {
			dst[i] = aLawTable[b]
		}
	case kindMuLaw:
		src = src[:len(dst)]
		for i, b := range src {
			dst[i] = muLawTable[b]
		}
	}
}

// littleEndian is true on machines whose byte order is WAV's, where 16-bit
// and float samples can be read in place instead of byte by byte: twice as
// fast, which is most of what the analyser spends per sample.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// asInt16s views b as 16-bit samples when the machine and the alignment
// allow it.
func asInt16s(b []byte) ([]int16, bool) {
	p := unsafe.Pointer(unsafe.SliceData(b))
	if !littleEndian || len(b) < 2 || uintptr(p)%2 != 0 {
		return nil, false
	}
	return unsafe.Slice((*int16)(p), len(b)/2), true
}

// asFloat32s views b as 32-bit float samples when the machine and the
// alignment allow it.
func asFloat32s(b []byte) ([]float32, bool) {
	p := unsafe.Pointer(unsafe.SliceData(b))
	if !littleEndian || len(b) < 4 || uintptr(p)%4 != 0 {
		return nil, false
	}
	return unsafe.Slice((*float32)(p), len(b)/4), true
}

// clampUnit keeps float samples in [-1, 1] and turns NaN into silence, so
// that one damaged sample cannot poison a level measured over a minute.
func clampUnit(v float32) float32 {
	switch {
	case v > 1:
		return 1
	case v < -1:
		return -1
	case v != v:
		return 0
	}
	return v
}

// mixS16Stereo is the down-mix fast path for the commonest stereo format.
func mixS16Stereo(dst []float32, src []byte) {
	src = src[:4*len(dst)]
	if s, ok := asInt16s(src); ok {
		s = s[:2*len(dst)]
		for i := range dst {
			dst[i] = float32(int32(s[2*i])+int32(s[2*i+1])) * (1.0 / 65536)
		}
		return
	}
	for i := range dst {
		l := int16(binary.LittleEndian.Uint16(src[4*i:]))
		r := int16(binary.LittleEndian.Uint16(src[4*i+2:]))
		dst[i] = float32(int32(l)+int32(r)) * (1.0 / 65536)
	}
}

// clearPadding zeroes the bits below the valid ones in each sample of
// src, as WAVE_FORMAT_EXTENSIBLE says to ignore them.
func clearPadding(src []byte, bps int, mask uint32) {
	// mask covers the container's bits from the lowest; byte j of a
	// little-endian sample holds bits 8j to 8j+7.
	for i := 0; i+bps <= len(src); i += bps {
		for j := 0; j < bps; j++ {
			src[i+j] &= byte(mask >> (8 * j))
		}
	}
}

// The G.711 expansion tables, computed once: 256 entries each.
var (
	aLawTable  = g711Table(aLawToLinear)
	muLawTable = g711Table(muLawToLinear)
)

func g711Table(expand func(byte) int) *[256]float32 {
	var t [256]float32
	for i := range t {
		t[i] = float32(expand(byte(i))) * (1.0 / 32768)
	}
	return &t
}

// aLawToLinear and muLawToLinear follow ITU-T G.711 as the reference
// implementation (Sun's g711.c, used by sox and ffmpeg) does.
func aLawToLinear(a byte) int {
	a ^= 0x55
	t := int(a&0x0F) << 4
	switch seg := (a & 0x70) >> 4; seg {
	case 0:
		t += 8
	case 1:
		t += 0x108
	default:
		t += 0x108
		t <<= seg - 1
	}
	if a&0x80 != 0 {
		return t
	}
	return -t
}

func muLawToLinear(u byte) int {
	u = ^u
	t := (int(u&0x0F)<<3 + 0x84) << ((u & 0x70) >> 4)
	if u&0x80 != 0 {
		return 0x84 - t
	}
	return t - 0x84
}

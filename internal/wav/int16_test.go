package wav

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"
	"testing/iotest"
)

// TestReadInt16 reads 16-bit files with ReadInt16 in pieces of every size,
// mixed with ReadMono, from sources that return a few bytes at a time: the
// samples, frame counts and warnings must be exactly those of ReadMono.
func TestReadInt16(t *testing.T) {
	samples := ramp16(1001)
	files := map[string][]byte{
		"mono":                  buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), ck("data", pcm16(samples...))),
		"stereo":                buildWAV(ck("fmt ", fmtBody(tagPCM, 2, 16000, 16)), ck("data", pcm16(samples[:1000]...))),
		"12 valid bits":         buildWAV(ck("fmt ", extBody(1, 16000, 16, 12, tagPCM)), ck("data", pcm16(samples...))),
		"partial last frame":    buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), ck("data", append(pcm16(samples...), 7))),
		"shorter than declared": buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), chunk{id: "data", body: pcm16(samples...), size: 4000}),
		"unknown size":          buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), chunk{id: "data", body: pcm16(samples...), size: 0xFFFFFFFF}),
	}
	sources := map[string]func([]byte) io.Reader{
		"file":     func(b []byte) io.Reader { return bytes.NewReader(b) },
		"pipe":     func(b []byte) io.Reader { return noSeek{bytes.NewReader(b)} },
		"one byte": func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
		"halves":   func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) },
	}
	for name, data := range files {
		for how, src := range sources {
			want, wantWarn := readFloats(t, src(data), 64)
			for _, size := range []int{1, 2, 3, 64, 1000, 4096} {
				got, gotWarn := readInt16s(t, src(data), size)
				if !slices.Equal(got, want) {
					t.Errorf("%s, %s, %d at a time: %d samples differ from ReadMono's %d", name, how, size, len(got), len(want))
				}
				if !slices.Equal(gotWarn, wantWarn) {
					t.Errorf("%s, %s, %d at a time: warnings %q, ReadMono's %q", name, how, size, gotWarn, wantWarn)
				}
			}
		}
	}
}

// readFloats reads every frame's samples with Read.
func readFloats(t testing.TB, src io.Reader, size int) ([]float32, []string) {
	t.Helper()
	r, err := NewReader(src)
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, r, size), r.Warnings()
}

// readInt16s reads every sample with ReadInt16, every third read with Read
// instead, and scales them as Read does.
func readInt16s(t testing.TB, src io.Reader, size int) ([]float32, []string) {
	t.Helper()
	r, err := NewReader(src)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Int16() {
		t.Fatalf("Int16 is false for %v", r.Format())
	}
	ch := r.Format().Channels
	size = max(size/ch*ch, ch)
	var out []float32
	ints := make([]int16, size)
	floats := make([]float32, size)
	for i := 0; ; i++ {
		var n int
		if i%3 == 2 {
			n, err = r.Read(floats)
			out = append(out, floats[:n]...)
		} else {
			n, err = r.ReadInt16(ints)
			for _, v := range ints[:n] {
				out = append(out, float32(v)*(1.0/32768))
			}
		}
		if n%ch != 0 {
			t.Fatalf("read %d samples of %d channels", n, ch)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if r.FramesRead() != int64(len(out)/ch) {
		t.Fatalf("FramesRead %d, read %d frames", r.FramesRead(), len(out)/ch)
	}
	return out, r.Warnings()
}

func TestReadInt16OtherFormats(t *testing.T) {
	data := buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 24)), ck("data", make([]byte, 30)))
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if r.Int16() {
		t.Fatal("Int16 is true for 24-bit audio")
	}
	if _, err := r.ReadInt16(make([]int16, 10)); !errors.Is(err, errors.ErrUnsupported) {
		t.Fatalf("ReadInt16 of 24-bit audio: %v", err)
	}
}

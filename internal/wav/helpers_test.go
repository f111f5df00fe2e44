package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// chunk is one RIFF chunk for hand-built test files. size overrides the
// size field when not -1; noPad leaves out the pad byte of an odd body.
type chunk struct {
	id    string
	body  []byte
	size  int64
	noPad bool
}

func ck(id string, body []byte) chunk { return chunk{id: id, body: body, size: -1} }

// buildWAV assembles RIFF/WAVE around chunks, with a correct RIFF size.
func buildWAV(chunks ...chunk) []byte {
	var b bytes.Buffer
	for _, c := range chunks {
		b.WriteString(c.id)
		size := c.size
		if size < 0 {
			size = int64(len(c.body))
		}
		binary.Write(&b, binary.LittleEndian, uint32(size))
		b.Write(c.body)
		if len(c.body)%2 == 1 && !c.noPad {
			b.WriteByte(0)
		}
	}
	out := []byte("RIFF\x00\x00\x00\x00WAVE")
	binary.LittleEndian.PutUint32(out[4:], uint32(4+b.Len()))
	return append(out, b.Bytes()...)
}

// fmtBody is a plain 16-byte fmt chunk with consistent derived fields.
func fmtBody(tag, channels, rate, bits int) []byte {
	align := channels * ((bits + 7) / 8)
	return fmtRaw(tag, channels, rate, align, bits)
}

func fmtRaw(tag, channels, rate, align, bits int) []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint16(b[0:], uint16(tag))
	binary.LittleEndian.PutUint16(b[2:], uint16(channels))
	binary.LittleEndian.PutUint32(b[4:], uint32(rate))
	binary.LittleEndian.PutUint32(b[8:], uint32(rate*align))
	binary.LittleEndian.PutUint16(b[12:], uint16(align))
	binary.LittleEndian.PutUint16(b[14:], uint16(bits))
	return b
}

// extBody is a 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk.
func extBody(channels, rate, container, valid int, sub uint16) []byte {
	b := fmtRaw(tagExtensible, channels, rate, channels*container/8, container)
	b = binary.LittleEndian.AppendUint16(b, 22)
	b = binary.LittleEndian.AppendUint16(b, uint16(valid))
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint16(b, sub)
	return append(b, guidTail[:]...)
}

// pcm16 encodes samples as little-endian 16-bit PCM.
func pcm16(samples ...int16) []byte {
	b := make([]byte, 2*len(samples))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}

// ramp16 is n distinct 16-bit samples, so that a misplaced byte shows.
func ramp16(n int) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(i*263 - 16000)
	}
	return s
}

// noSeek hides Seek, as a pipe would.
type noSeek struct{ r io.Reader }

func (n noSeek) Read(p []byte) (int, error) { return n.r.Read(p) }

// readAll decodes every interleaved sample with Read, in buffers of size.
func readAll(t testing.TB, r *Reader, size int) []float32 {
	t.Helper()
	var out []float32
	buf := make([]float32, size)
	for {
		n, err := r.Read(buf)
		if n%r.Format().Channels != 0 {
			t.Fatalf("Read returned %d samples, not a multiple of %d channels", n, r.Format().Channels)
		}
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
	}
}

// readAllMono decodes every frame with ReadMono, in buffers of size.
func readAllMono(t testing.TB, r *Reader, size int) []float32 {
	t.Helper()
	var out []float32
	buf := make([]float32, size)
	for {
		n, err := r.ReadMono(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("ReadMono: %v", err)
		}
	}
}

func openReader(t testing.TB, path string) *Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// soxiFrames is the frame count sox reads from a file's header. (Its
// warnings, e.g. about ffmpeg's float headers, go to stderr and are not
// part of the number.)
func soxiFrames(t testing.TB, path string) int64 {
	t.Helper()
	testaudio.Need(t, "soxi")
	out, err := exec.Command("soxi", "-s", path).Output()
	if err != nil {
		t.Fatalf("soxi -s %s: %v", path, err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		t.Fatalf("soxi -s %s: %q", path, out)
	}
	return n
}

func asFormatError(t testing.TB, err error) *FormatError {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *FormatError", err, err)
	}
	return fe
}

func itoa(i int) string { return strconv.Itoa(i) }

package wav

import (
	"errors"
	"fmt"
	"io"
	"math/bits"
	"unsafe"
)

// blockSize is how much of the data chunk one read from the file asks for:
// large enough that system calls cost nothing next to decoding, small
// enough to stay in cache.
const blockSize = 128 << 10

// mixSamples bounds the scratch buffer used to down-mix many channels.
const mixSamples = 4096

type sampleKind uint8

const (
	kindU8 sampleKind = iota
	kindS16
	kindS24
	kindS32
	kindF32
	kindF64
	kindALaw
	kindMuLaw
)

// Reader decodes the audio of a WAV stream block by block, never holding
// more than one block of it.
type Reader struct {
	src    io.Reader
	format Format
	kind   sampleKind
	valid  int    // valid bits per sample
	mask   uint32 // clears the padding bits below the valid ones; 0 when none
	bps    int    // bytes per sample
	bpf    int    // bytes per frame

	frames    int64 // declared by the header, -1 when unknown
	remaining int64 // data bytes not yet read from src, -1 when unknown
	name      string

	buf        []byte
	start, end int // undecoded bytes are buf[start:end]
	srcDone    bool
	srcErr     error
	endNoted   bool
	sawData    bool
	warnedSize bool
	scratch    []float32

	framesRead int64
	warnings   []string
}

// NewReader parses the headers of a WAV stream up to the start of its data
// chunk; the audio is decoded as it is read. Problems with the file are
// *FormatError. When r can seek (an *os.File), chunks are skipped by
// seeking and a file shorter than its header is noticed at once.
func NewReader(r io.Reader) (*Reader, error) {
	h, err := parseHeader(r)
	if err != nil {
		return nil, err
	}
	rd := &Reader{
		src:       r,
		format:    h.format,
		valid:     h.validBits,
		bps:       h.format.BitsPerSample / 8,
		bpf:       h.format.BytesPerFrame(),
		frames:    -1,
		remaining: -1,
		buf:       make([]byte, blockSize),
	}
	if n, ok := r.(interface{ Name() string }); ok {
		rd.name = n.Name()
	}
	switch {
	case h.format.Law == ALaw:
		rd.kind = kindALaw
	case h.format.Law == MuLaw:
		rd.kind = kindMuLaw
	case h.format.Float && rd.bps == 4:
		rd.kind = kindF32
	case h.format.Float:
		rd.kind = kindF64
	default:
		rd.kind = [...]sampleKind{1: kindU8, 2: kindS16, 3: kindS24, 4: kindS32}[rd.bps]
	}
	if !h.format.Float && h.format.Law == Linear && rd.valid < h.format.BitsPerSample {
		rd.mask = ^uint32(0) << (h.format.BitsPerSample - rd.valid)
	}
	if h.format.Channels > 1 {
		rd.scratch = make([]float32, mixSamples)
	}

	if h.sizeKnown {
		rd.remaining = int64(h.dataSize)
		rd.frames = int64(h.dataSize) / int64(rd.bpf)
		if h.fileSize >= 0 {
			if avail := h.fileSize - h.dataStart; avail < int64(h.dataSize) {
				rd.warnedSize = true
				rd.warnf("the file is shorter than its header says: %s declared, %s there; reading what is there (to fix the header: %s)",
					rd.describe(rd.frames), rd.describe(avail/int64(rd.bpf)), RepairHint(rd.name))
			}
		}
	} else if h.dataSize == unknownSize || h.fileSize > h.dataStart {
		// A data size of 0 is also what an empty recording says, so it is
		// worth a warning only once audio turns up after it.
		rd.warnUnknownSize(h.dataSize)
	}
	return rd, nil
}

// Format is the format of the samples as stored in the file.
func (r *Reader) Format() Format { return r.format }

// ValidBits is how many of each integer sample's bits carry audio; the
// bits below them are cleared when decoding.
func (r *Reader) ValidBits() int { return r.valid }

// Frames is the frame count the header declares, -1 when the header does
// not say (a data size of 0 or 0xFFFFFFFF). A data size of 0 in a file
// that can seek and holds nothing but chunks after it is an empty
// recording: 0.
func (r *Reader) Frames() int64 { return r.frames }

// FramesRead counts the frames decoded so far.
func (r *Reader) FramesRead() int64 { return r.framesRead }

// Warnings are one-line notes about things the reader worked around.
func (r *Reader) Warnings() []string { return r.warnings }

// ReadMono fills dst with frames down-mixed to one channel (the mean of the
// channels), each in [-1, 1]. It fills dst unless the audio ends first; at
// the end it returns 0, io.EOF.
func (r *Reader) ReadMono(dst []float32) (int, error) {
	return r.read(dst, 1)
}

// Read fills dst with interleaved samples in [-1, 1]; n is always a whole
// number of frames. At the end it returns 0, io.EOF.
func (r *Reader) Read(dst []float32) (int, error) {
	ch := r.format.Channels
	if len(dst) > 0 && len(dst) < ch {
		return 0, fmt.Errorf("read %d samples: %w (one frame is %d samples)", len(dst), io.ErrShortBuffer, ch)
	}
	n, err := r.read(dst[:len(dst)/ch*ch], ch)
	return n * ch, err
}

// Int16 reports whether the samples are 16-bit PCM, which ReadInt16 reads.
func (r *Reader) Int16() bool { return r.kind == kindS16 }

// ReadInt16 fills dst with the interleaved samples of a 16-bit PCM file as
// they are stored (full scale is 32768), without converting them: the
// file's bytes are read straight into dst whenever the reader holds none
// of them already, so the samples are copied once, by the system. n is
// always a whole number of frames; at the end it returns 0, io.EOF. It
// fails for other sample formats (see Int16).
func (r *Reader) ReadInt16(dst []int16) (int, error) {
	if r.kind != kindS16 {
		return 0, fmt.Errorf("read 16-bit samples from %s audio: %w", r.format, errors.ErrUnsupported)
	}
	ch := r.format.Channels
	if len(dst) > 0 && len(dst) < ch {
		return 0, fmt.Errorf("read %d samples: %w (one frame is %d samples)", len(dst), io.ErrShortBuffer, ch)
	}
	dst = dst[:len(dst)/ch*ch]
	if len(dst) == 0 {
		return 0, nil
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(dst))), 2*len(dst))
	got := 0 // bytes in b
	if r.end > r.start {
		// What an earlier read left comes first, in whole frames; while
		// the buffer is not empty, reads go through it.
		if r.end-r.start < r.bpf && !r.fill() {
			return r.endOfData()
		}
		got = copy(b, r.buf[r.start:r.start+(r.end-r.start)/r.bpf*r.bpf])
		r.start += got
	}
	if r.start == r.end {
		for got < len(b) && !r.srcDone {
			got += r.readSrc(b[got:], got)
		}
		// A partial frame at the end of what was read waits in the buffer.
		whole := got / r.bpf * r.bpf
		r.start, r.end = 0, copy(r.buf, b[whole:got])
		got = whole
		if got == 0 {
			r.fill() // notes a partial last frame
			return r.endOfData()
		}
	}
	s := dst[:got/2]
	if !littleEndian {
		for i, v := range s {
			s[i] = int16(bits.ReverseBytes16(uint16(v)))
		}
	}
	if r.mask != 0 {
		m := int16(uint16(r.mask))
		for i := range s {
			s[i] &= m
		}
	}
	r.framesRead += int64(got / r.bpf)
	return len(s), nil
}

// endOfData is what a read returns when no whole frame is left.
func (r *Reader) endOfData() (int, error) {
	if r.srcErr != nil {
		return 0, fmt.Errorf("read audio data: %w", r.srcErr)
	}
	return 0, io.EOF
}

// read decodes up to len(dst)/perFrame frames; perFrame is 1 to down-mix.
func (r *Reader) read(dst []float32, perFrame int) (int, error) {
	want := len(dst) / perFrame
	if want == 0 {
		return 0, nil
	}
	n := 0
	for n < want {
		if r.end-r.start < r.bpf && !r.fill() {
			break
		}
		frames := min(want-n, (r.end-r.start)/r.bpf)
		src := r.buf[r.start : r.start+frames*r.bpf]
		if r.mask != 0 {
			clearPadding(src, r.bps, r.mask)
		}
		if perFrame == 1 {
			r.decodeMono(dst[n:n+frames], src)
		} else {
			decodeSamples(r.kind, dst[n*perFrame:(n+frames)*perFrame], src)
		}
		r.start += frames * r.bpf
		n += frames
		r.framesRead += int64(frames)
	}
	if n > 0 {
		return n, nil
	}
	return r.endOfData()
}

// fill reads the next block of the data chunk, keeping any partial frame
// left at the end of the last one. It reports whether a whole frame is
// ready.
func (r *Reader) fill() bool {
	if r.start > 0 {
		r.end = copy(r.buf, r.buf[r.start:r.end])
		r.start = 0
	}
	for r.end < r.bpf && !r.srcDone {
		r.end += r.readSrc(r.buf[r.end:], r.end)
	}
	if r.end < r.bpf {
		if r.srcDone && !r.endNoted && r.end > 0 && r.srcErr == nil {
			r.endNoted = true
			r.warnf("partial last frame dropped (%d of %d bytes)", r.end, r.bpf)
		}
		return false
	}
	return true
}

// readSrc reads the next bytes of the data chunk into p, never past its
// end: at least one byte unless the source is done, in which case srcDone
// is set. read is how many bytes were read before p and not yet decoded,
// for the warning about a file shorter than its header says.
func (r *Reader) readSrc(p []byte, read int) int {
	for empty := 0; !r.srcDone; {
		room := int64(len(p))
		if r.remaining >= 0 && room > r.remaining {
			room = r.remaining
		}
		if room == 0 {
			r.srcDone = true
			break
		}
		n, err := r.src.Read(p[:room])
		if r.remaining >= 0 {
			r.remaining -= int64(n)
		}
		if n > 0 && !r.sawData {
			r.sawData = true
			if r.frames < 0 && !r.warnedSize {
				r.warnUnknownSize(0)
			}
		}
		if n == 0 && err == nil {
			if empty++; empty == 100 {
				err = io.ErrNoProgress
			}
		}
		switch {
		case err == io.EOF:
			r.srcDone = true
			if r.remaining > 0 && !r.warnedSize {
				got := r.framesRead + int64((read+n)/r.bpf)
				r.warnf("the file is shorter than its header says: %s declared, %s there (to fix the header: %s)",
					r.describe(r.frames), r.describe(got), RepairHint(r.name))
			}
		case err != nil:
			r.srcErr = err
			r.srcDone = true
		}
		if n > 0 {
			return n
		}
	}
	return 0
}

func (r *Reader) warnUnknownSize(size uint32) {
	r.warnedSize = true
	r.warnf("the header does not give the audio's size (0x%08X, left by a recording that was cut off): reading to the end of the file (to fix the header: %s)",
		size, RepairHint(r.name))
}

func (r *Reader) warnf(format string, args ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, args...))
}

func (r *Reader) describe(frames int64) string {
	return fmt.Sprintf("%d frames (%.1f s)", frames, float64(frames)/float64(r.format.SampleRate))
}

// decodeMono decodes whole frames from src into dst, one value per frame.
func (r *Reader) decodeMono(dst []float32, src []byte) {
	ch := r.format.Channels
	switch {
	case ch == 1:
		decodeSamples(r.kind, dst, src)
	case ch == 2 && r.kind == kindS16:
		mixS16Stereo(dst, src)
	default:
		// Decode a group of frames into scratch, then average each frame.
		group := len(r.scratch) / ch
		inv := 1 / float32(ch)
		for len(dst) > 0 {
			g := min(group, len(dst))
			s := r.scratch[:g*ch]
			decodeSamples(r.kind, s, src[:g*r.bpf])
			for i := range dst[:g] {
				var sum float32
				for _, v := range s[i*ch : i*ch+ch] {
					sum += v
				}
				dst[i] = sum * inv
			}
			dst, src = dst[g:], src[g*r.bpf:]
		}
	}
}

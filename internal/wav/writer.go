package wav

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/starcoach/starcoach/internal/atomicfile"
)

// File is what a Writer writes to; an *os.File is one. Tests pass their own
// to inject faults.
type File interface {
	io.WriterAt
	io.Writer
	Sync() error
	Truncate(size int64) error
}

// CreateOptions tune Create and NewWriter.
type CreateOptions struct {
	// Force overwrites an existing file; without it Create refuses.
	Force bool
	// SyncInterval is how often the file is fsynced while recording, which
	// bounds what a power cut can lose; 1 s when zero.
	SyncInterval time.Duration
	// Now is the clock that times the syncs; time.Now when nil.
	Now func() time.Time
}

// ExistsError is returned by Create for a file that is already there.
type ExistsError struct{ Path string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exists: use --force to overwrite it or pick another name", e.Path)
}

func (e *ExistsError) Unwrap() error { return fs.ErrExist }

// Writer records PCM into a WAV file and keeps the file playable at every
// moment: the RIFF and data sizes in the header are rewritten after each
// Write (so a killed process loses nothing the kernel already has), and the
// file is fsynced at least once per SyncInterval of wall time (so a power
// cut loses at most that much). go-audio's encoder writes the sizes only at
// Close, which is why this one exists.
//
// Write may block on fsync: call it from a goroutine, not from an audio
// callback.
type Writer struct {
	f      File
	name   string
	format Format
	bpf    int
	layout headerLayout

	data     int64 // data bytes written, always whole frames
	maxData  int64
	interval time.Duration
	now      func() time.Time
	lastSync time.Time

	err      error // sticky: set by a failed write or sync
	closed   bool
	closeErr error
	scratch  []byte
	hdr      []byte
}

// Create makes a new WAV file at path and writes its header. Without
// opts.Force an existing file is an error (an *ExistsError). A recording
// is the user's voice: only they may read it.
func Create(path string, f Format, opts CreateOptions) (*Writer, error) {
	if err := checkWritable(f); err != nil {
		return nil, err
	}
	flag := os.O_RDWR | os.O_CREATE | os.O_EXCL
	if opts.Force {
		flag = os.O_RDWR | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(path, flag, atomicfile.PrivateFile)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, &ExistsError{Path: path}
		}
		return nil, fmt.Errorf("create %s: %w", path, bareError(err))
	}
	w, err := newWriter(file, path, f, opts)
	if err != nil {
		file.Close()
		// Nothing was recorded yet; a half-written header helps nobody.
		os.Remove(path)
		return nil, err
	}
	// The new directory entry must survive a power cut too.
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return w, nil
}

// NewWriter writes a WAV header at the start of f and returns a Writer that
// appends to it. Close closes f when f is an io.Closer.
func NewWriter(f File, format Format, opts CreateOptions) (*Writer, error) {
	name := "the recording"
	if n, ok := f.(interface{ Name() string }); ok {
		name = n.Name()
	}
	if err := checkWritable(format); err != nil {
		return nil, err
	}
	return newWriter(f, name, format, opts)
}

func newWriter(f File, name string, format Format, opts CreateOptions) (*Writer, error) {
	w := &Writer{
		f:        f,
		name:     name,
		format:   format,
		bpf:      format.BytesPerFrame(),
		layout:   layoutFor(format),
		interval: opts.SyncInterval,
		now:      opts.Now,
	}
	if w.interval <= 0 {
		w.interval = time.Second
	}
	if w.now == nil {
		w.now = time.Now
	}
	// The sizes are 32 bits and the data chunk may need a pad byte.
	w.maxData = (math.MaxUint32 - int64(w.layout.size-8) - 1) / int64(w.bpf) * int64(w.bpf)
	if _, err := f.WriteAt(w.header(0), 0); err != nil {
		return nil, fmt.Errorf("write %s: %w", name, bareError(err))
	}
	if err := f.Truncate(int64(w.layout.size)); err != nil {
		return nil, fmt.Errorf("write %s: %w", name, bareError(err))
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("sync %s: %w", name, bareError(err))
	}
	w.lastSync = w.now()
	return w, nil
}

func checkWritable(f Format) error {
	ok := f.Law == Linear && f.Channels >= 1 && f.Channels <= MaxChannels && f.SampleRate > 0
	if f.Float {
		ok = ok && (f.BitsPerSample == 32 || f.BitsPerSample == 64)
	} else {
		ok = ok && (f.BitsPerSample == 8 || f.BitsPerSample == 16 || f.BitsPerSample == 24 || f.BitsPerSample == 32)
	}
	if !ok || int64(f.SampleRate)*int64(f.BytesPerFrame()) > math.MaxUint32 {
		return fmt.Errorf("cannot write %s: WAV files are written as 8/16/24/32-bit PCM or 32/64-bit float with 1 to %d channels", f, MaxChannels)
	}
	return nil
}

// headerLayout places the fields that change as audio is appended.
type headerLayout struct {
	size       int // bytes before the first data byte
	ext        bool
	fmtSize    int
	factPos    int // -1 without a fact chunk
	dataSizeAt int
}

// layoutFor chooses the header as other tools do: WAVE_FORMAT_EXTENSIBLE
// for more than two channels or more than 16 bits of PCM, a fact chunk for
// everything that is not plain PCM.
func layoutFor(f Format) headerLayout {
	l := headerLayout{factPos: -1, fmtSize: 16}
	l.ext = f.Channels > 2 || (!f.Float && f.BitsPerSample > 16)
	switch {
	case l.ext:
		l.fmtSize = 40
	case f.Float:
		l.fmtSize = 18
	}
	pos := 12 + 8 + l.fmtSize
	if l.ext || f.Float {
		l.factPos = pos + 8
		pos += 12
	}
	l.dataSizeAt = pos + 4
	l.size = pos + 8
	return l
}

// header renders the whole header for data bytes of audio (plus pad).
func (w *Writer) header(data int64) []byte {
	f, l := w.format, w.layout
	b := w.hdr[:0]
	le16 := func(v int) { b = binary.LittleEndian.AppendUint16(b, uint16(v)) }
	le32 := func(v int64) { b = binary.LittleEndian.AppendUint32(b, uint32(v)) }
	tag := tagPCM
	if f.Float {
		tag = tagFloat
	}
	b = append(b, "RIFF"...)
	le32(int64(l.size-8) + data + data&1)
	b = append(b, "WAVEfmt "...)
	le32(int64(l.fmtSize))
	if l.ext {
		le16(tagExtensible)
	} else {
		le16(tag)
	}
	le16(f.Channels)
	le32(int64(f.SampleRate))
	le32(int64(f.SampleRate) * int64(w.bpf))
	le16(w.bpf)
	le16(f.BitsPerSample)
	switch {
	case l.ext:
		le16(22)
		le16(f.BitsPerSample)
		mask := int64(0) // speaker positions unspecified
		switch f.Channels {
		case 1:
			mask = 0x4
		case 2:
			mask = 0x3
		}
		le32(mask)
		le16(tag)
		b = append(b, guidTail[:]...)
	case l.fmtSize == 18:
		le16(0)
	}
	if l.factPos >= 0 {
		b = append(b, "fact"...)
		le32(4)
		le32(data / int64(w.bpf))
	}
	b = append(b, "data"...)
	le32(data)
	w.hdr = b
	return b
}

// Format is the format the writer writes.
func (w *Writer) Format() Format { return w.format }

// Frames counts the frames written so far.
func (w *Writer) Frames() int64 { return w.data / int64(w.bpf) }

// Write appends raw little-endian samples in the writer's format; pcm must
// hold whole frames. After a failed write the file still ends in a valid
// header and the last whole frame written, and every later call returns the
// same error.
func (w *Writer) Write(pcm []byte) (int, error) {
	switch {
	case w.err != nil:
		return 0, w.err
	case w.closed:
		return 0, fmt.Errorf("write %s: %w", w.name, fs.ErrClosed)
	case len(pcm)%w.bpf != 0:
		return 0, fmt.Errorf("write %s: %d bytes is not a whole number of %d-byte frames", w.name, len(pcm), w.bpf)
	case w.data+int64(len(pcm)) > w.maxData:
		w.fail(errors.New("a WAV file holds at most 4 GiB"))
		return 0, w.err
	}
	n, err := w.f.WriteAt(pcm, int64(w.layout.size)+w.data)
	if err == nil && n < len(pcm) {
		err = io.ErrShortWrite
	}
	whole := n / w.bpf * w.bpf
	w.data += int64(whole)
	if err != nil {
		w.fail(err)
		return whole, w.err
	}
	if _, err := w.f.WriteAt(w.header(w.data), 0); err != nil {
		w.fail(err)
		return whole, w.err
	}
	if w.now().Sub(w.lastSync) >= w.interval {
		if err := w.sync(); err != nil {
			return whole, err
		}
	}
	return whole, nil
}

// WriteInt16 appends interleaved 16-bit samples to a 16-bit PCM file.
func (w *Writer) WriteInt16(samples []int16) error {
	if w.format.Float || w.format.BitsPerSample != 16 {
		return fmt.Errorf("write %s: 16-bit samples given for %s", w.name, w.format)
	}
	return w.writeConverted(len(samples), func(dst []byte, from int) {
		for i := range len(dst) / 2 {
			binary.LittleEndian.PutUint16(dst[2*i:], uint16(samples[from+i]))
		}
	})
}

// WriteFloat32 appends interleaved samples in [-1, 1] to a 32-bit float or
// 16-bit PCM file; for PCM they are clipped and rounded.
func (w *Writer) WriteFloat32(samples []float32) error {
	switch {
	case w.format.Float && w.format.BitsPerSample == 32:
		return w.writeConverted(len(samples), func(dst []byte, from int) {
			for i := range len(dst) / 4 {
				binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(samples[from+i]))
			}
		})
	case !w.format.Float && w.format.BitsPerSample == 16:
		return w.writeConverted(len(samples), func(dst []byte, from int) {
			for i := range len(dst) / 2 {
				v := float64(samples[from+i]) * 32768
				if v != v {
					v = 0
				}
				v = math.Round(max(-32768, min(32767, v)))
				binary.LittleEndian.PutUint16(dst[2*i:], uint16(int16(v)))
			}
		})
	}
	return fmt.Errorf("write %s: float samples given for %s", w.name, w.format)
}

// writeConverted encodes samples through a reused buffer of bounded size.
func (w *Writer) writeConverted(count int, encode func(dst []byte, from int)) error {
	if count%w.format.Channels != 0 {
		return fmt.Errorf("write %s: %d samples is not a whole number of %d-channel frames", w.name, count, w.format.Channels)
	}
	bps := w.format.BitsPerSample / 8
	step := 16384 / w.format.Channels * w.format.Channels
	if w.scratch == nil {
		w.scratch = make([]byte, step*bps)
	}
	for from := 0; from < count; from += step {
		n := min(step, count-from)
		dst := w.scratch[:n*bps]
		encode(dst, from)
		if _, err := w.Write(dst); err != nil {
			return err
		}
	}
	return nil
}

// Flush rewrites the header's sizes and fsyncs the file now.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return fmt.Errorf("flush %s: %w", w.name, fs.ErrClosed)
	}
	if _, err := w.f.WriteAt(w.header(w.data), 0); err != nil {
		w.fail(err)
		return w.err
	}
	return w.sync()
}

func (w *Writer) sync() error {
	if err := w.f.Sync(); err != nil {
		w.err = fmt.Errorf("sync %s: %w; %s", w.name, bareError(err), w.kept())
		return w.err
	}
	w.lastSync = w.now()
	return nil
}

// fail keeps what was written before err valid: the file is cut back to
// the last whole frame and the header rewritten to match it.
func (w *Writer) fail(err error) {
	end := int64(w.layout.size) + w.data
	w.f.Truncate(end)
	w.f.WriteAt(w.header(w.data), 0)
	w.f.Sync()
	w.err = fmt.Errorf("write %s: %w; %s", w.name, bareError(err), w.kept())
}

func (w *Writer) kept() string {
	return fmt.Sprintf("the %.1f s recorded before it are kept", float64(w.Frames())/float64(w.format.SampleRate))
}

// Close writes the final sizes (and the pad byte an odd-sized data chunk
// needs), fsyncs and closes the file. After a failed Write it still closes
// the file, and returns that failure.
func (w *Writer) Close() error {
	if w.closed {
		return w.closeErr
	}
	w.closed = true
	err := w.err
	if err == nil {
		err = w.finish()
	}
	if c, ok := w.f.(io.Closer); ok {
		if cerr := c.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s: %w", w.name, bareError(cerr))
		}
	}
	w.closeErr = err
	return err
}

func (w *Writer) finish() error {
	if w.data&1 == 1 {
		if _, err := w.f.WriteAt([]byte{0}, int64(w.layout.size)+w.data); err != nil {
			return fmt.Errorf("write %s: %w", w.name, bareError(err))
		}
	}
	if _, err := w.f.WriteAt(w.header(w.data), 0); err != nil {
		return fmt.Errorf("write %s: %w", w.name, bareError(err))
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", w.name, bareError(err))
	}
	return nil
}

// bareError drops the *fs.PathError wrapping, whose message repeats the
// path the caller already names.
func bareError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

package wav

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// RepairResult says what Repair found and did.
type RepairResult struct {
	FramesBefore int64   // frames the header declared, -1 when it did not say
	Frames       int64   // frames the file holds now
	DroppedBytes int64   // bytes of a partial last frame cut off
	DurationS    float64 // length of the audio now, in seconds
	Changed      bool    // whether the file had to be changed
}

// maxTrailingChunks bounds the walk over chunks after the data chunk.
const maxTrailingChunks = 1024

// Repair makes the RIFF, data and fact sizes of the WAV file at path match
// the audio that is really in it, and cuts off a partial last frame. It is
// for files whose recorder was stopped before it could finish them: sizes
// of 0 or 0xFFFFFFFF, or larger or smaller than the file. Chunks after the
// data chunk are kept when they are intact. The samples are never changed.
// A file that is not a WAV is a *FormatError and is left alone. A file
// that needs nothing is only read, so a correct file on a read-only disk
// is reported correct.
func Repair(path string) (RepairResult, error) {
	res, err := repair(path, false)
	if err != nil || !res.Changed {
		return res, err
	}
	return repair(path, true)
}

// repair works out what the file at path needs and, when write is set,
// does it; without write it only reads, and Changed says whether anything
// would change.
func repair(path string, write bool) (res RepairResult, err error) {
	flag := os.O_RDONLY
	if write {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(path, flag|nonBlock, 0)
	if err != nil {
		return res, fmt.Errorf("open %s: %w", path, bareError(err))
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s: %w", path, bareError(cerr))
		}
	}()
	if st, err := f.Stat(); err != nil {
		return res, fmt.Errorf("repair %s: %w", path, bareError(err))
	} else if !st.Mode().IsRegular() {
		return res, fmt.Errorf("repair %s: not a regular file", path)
	}
	// Every change below goes through change: without write it is only
	// noted.
	change := func(do func() error) error {
		res.Changed = true
		if !write {
			return nil
		}
		return do()
	}
	h, err := parseHeader(f)
	if err != nil {
		return res, err
	}
	bpf := int64(h.format.BytesPerFrame())
	res.FramesBefore = -1
	if h.sizeKnown {
		res.FramesBefore = int64(h.dataSize) / bpf
	}

	// Decide where the audio ends: where the header says when that is
	// followed by nothing or by intact chunks, else at the end of the file.
	avail := h.fileSize - h.dataStart
	data, chunksAfter := avail, false
	if h.dataSize != unknownSize && int64(h.dataSize) <= avail {
		declared := int64(h.dataSize)
		next := h.dataStart + declared + declared&1
		switch {
		case declared == avail || next == h.fileSize:
			data = declared
		case next < h.fileSize && chunkChain(f, next, h.fileSize):
			data, chunksAfter = declared, true
		}
	}

	if h.fmtAfter && !chunksAfter {
		return res, formatErrorf(true, "the fmt chunk follows a data chunk whose end cannot be told; repair would cut it off")
	}

	whole := data / bpf * bpf
	if h.dataStart-8+whole+whole&1 > math.MaxUint32 {
		return res, formatErrorf(false, "the audio is %d bytes, more than the 4 GiB a WAV header can describe", whole)
	}
	res.DroppedBytes = data - whole
	size := h.dataStart + whole + whole&1
	if chunksAfter {
		// Drop a partial frame by moving the chunks after it back.
		tail := h.dataStart + data + data&1
		if size != tail {
			if err := change(func() error { return moveBack(f, tail, size, h.fileSize-tail) }); err != nil {
				return res, fmt.Errorf("repair %s: %w", path, err)
			}
		}
		size += h.fileSize - tail
	}
	data = whole
	if size != h.fileSize {
		if err := change(func() error { return f.Truncate(size) }); err != nil {
			return res, fmt.Errorf("repair %s: %w", path, bareError(err))
		}
		if data&1 == 1 {
			if err := change(func() error { _, err := f.WriteAt([]byte{0}, h.dataStart+data); return err }); err != nil {
				return res, fmt.Errorf("repair %s: %w", path, bareError(err))
			}
		}
	}
	res.Frames = whole / bpf
	res.DurationS = float64(res.Frames) / float64(h.format.SampleRate)

	put := func(at int64, old uint32, v int64) error {
		if int64(old) == v {
			return nil
		}
		return change(func() error { return putSize(f, at, old, v) })
	}
	if err := put(4, h.riffSize, size-8); err != nil {
		return res, fmt.Errorf("repair %s: %w", path, err)
	}
	if err := put(h.dataStart-4, h.dataSize, data); err != nil {
		return res, fmt.Errorf("repair %s: %w", path, err)
	}
	if h.factPos >= 0 && h.factPos+4 <= h.dataStart-8 {
		var b [4]byte
		if _, err := f.ReadAt(b[:], h.factPos); err == nil {
			if err := put(h.factPos, binary.LittleEndian.Uint32(b[:]), res.Frames); err != nil {
				return res, fmt.Errorf("repair %s: %w", path, err)
			}
		}
	}
	if !write {
		return res, nil
	}
	if err := f.Sync(); err != nil {
		return res, fmt.Errorf("sync %s: %w", path, bareError(err))
	}
	return res, nil
}

// moveBack copies n bytes at from to the earlier offset to, in small
// steps (the regions may overlap).
func moveBack(f *os.File, from, to, n int64) error {
	buf := make([]byte, 32<<10)
	for n > 0 {
		k := min(n, int64(len(buf)))
		if _, err := f.ReadAt(buf[:k], from); err != nil {
			return bareError(err)
		}
		if _, err := f.WriteAt(buf[:k], to); err != nil {
			return bareError(err)
		}
		from, to, n = from+k, to+k, n-k
	}
	return nil
}

// putSize writes a 32-bit size field when it differs from what is there.
func putSize(f *os.File, at int64, old uint32, v int64) error {
	if int64(old) == v {
		return nil
	}
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(v))
	_, err := f.WriteAt(b[:], at)
	return bareError(err)
}

// chunkChain reports whether the bytes from off to end are whole RIFF
// chunks (printable ids, sizes that land exactly on end): metadata after the
// audio, rather than more audio that the header does not count yet.
func chunkChain(f io.ReaderAt, off, end int64) bool {
	var b [8]byte
	for range maxTrailingChunks {
		if off == end {
			return true
		}
		if off+8 > end {
			return false
		}
		if _, err := f.ReadAt(b[:], off); err != nil {
			return false
		}
		for _, c := range b[:4] {
			if c < 0x20 || c > 0x7E {
				return false
			}
		}
		size := int64(binary.LittleEndian.Uint32(b[4:]))
		off += 8 + size + size&1
		if off > end+1 || off == end+1 && size&1 == 0 {
			return false
		}
		if off == end+1 {
			// The last chunk's pad byte is missing; that is common.
			return true
		}
	}
	return false
}

package wav

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// Limits on what a header may claim. The rates are the ones starcoach
// analyses, and so the only ones it records at; the channel count is far above any microphone or interface and
// keeps a frame small enough for the reader's block buffer.
const (
	MinSampleRate = 8000
	MaxSampleRate = 192000
	MaxChannels   = 256

	// maxFmtRead caps how much of a fmt chunk is read; the rest is skipped.
	// WAVE_FORMAT_EXTENSIBLE needs 40 bytes.
	maxFmtRead = 64
	// unknownSize is what some recorders leave in a size field they meant to
	// fill in at the end.
	unknownSize = 0xFFFFFFFF
)

const (
	tagPCM        = 0x0001
	tagFloat      = 0x0003
	tagALaw       = 0x0006
	tagMuLaw      = 0x0007
	tagExtensible = 0xFFFE
)

// guidTail is the common end of the KSDATAFORMAT_SUBTYPE GUIDs whose first
// two bytes hold the format tag (PCM 0x0001, float 0x0003...).
var guidTail = [14]byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

// header is what the chunks before the audio say about it, and where it is.
type header struct {
	format    Format
	validBits int

	riffSize  uint32
	dataStart int64  // offset of the first data byte from the start of the stream
	dataSize  uint32 // as declared
	sizeKnown bool   // dataSize is neither 0 nor 0xFFFFFFFF, or a 0 the file bears out
	factPos   int64  // offset of the fact chunk's sample count, -1 without one
	fileSize  int64  // total size when the stream can seek, else -1
	fmtAfter  bool   // the fmt chunk follows the data chunk
	base      int64  // where the stream started in a seekable file
	seeker    io.Seeker
}

// headerParser walks the chunks of a RIFF/WAVE stream up to the start of
// the audio data, counting its position so that Repair can write back.
type headerParser struct {
	r      io.Reader
	seeker io.Seeker // nil when r cannot seek
	size   int64     // bytes in the stream when it can seek
	pos    int64
	tmp    [maxFmtRead]byte
}

func parseHeader(r io.Reader) (*header, error) {
	p := &headerParser{r: r}
	h := &header{factPos: -1, fileSize: -1}
	if s, ok := r.(io.Seeker); ok {
		// Pipes look like files but cannot seek; find out once.
		if cur, err := s.Seek(0, io.SeekCurrent); err == nil {
			if end, err := s.Seek(0, io.SeekEnd); err == nil {
				if _, err := s.Seek(cur, io.SeekStart); err == nil {
					p.seeker, p.size = s, end-cur
					h.seeker, h.fileSize, h.base = s, end-cur, cur
				}
			}
		}
	}

	b := p.tmp[:12]
	n, err := io.ReadFull(r, b)
	p.pos += int64(n)
	switch {
	case n == 0 && (err == io.EOF || err == nil):
		return nil, formatErrorf(false, "empty file")
	case err != nil && err != io.ErrUnexpectedEOF:
		return nil, fmt.Errorf("read header: %w", err)
	}
	b = b[:n]
	if n < 12 && strings.HasPrefix("RIFF", string(b[:min(n, 4)])) {
		return nil, formatErrorf(false, "truncated header: the file ends after %d bytes", n)
	}
	if n < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		if what, convert := sniff(b); what != "" {
			return nil, formatErrorf(convert, "not a WAV file: %s", what)
		}
		return nil, formatErrorf(false, "not a WAV file: no RIFF/WAVE header")
	}
	h.riffSize = binary.LittleEndian.Uint32(b[4:8])

	var (
		haveFmt     bool
		dataPending bool // a data chunk came before fmt; it is at h.dataStart
	)
	for {
		id, size, err := p.chunkHeader()
		if err == io.EOF {
			if !haveFmt {
				return nil, formatErrorf(false, "no fmt chunk: the file does not say how its audio is encoded")
			}
			return nil, formatErrorf(false, "no data chunk: the file holds no audio")
		}
		if err != nil {
			return nil, p.truncated(err)
		}
		switch id {
		case "fmt ":
			if haveFmt {
				// A second description would contradict the first; the
				// first one is what players use.
				break
			}
			if size < 16 {
				return nil, formatErrorf(false, "fmt chunk is %d bytes, too short to describe the audio (16 at least)", size)
			}
			fmtBytes := p.tmp[:min(int64(size), maxFmtRead)]
			if err := p.read(fmtBytes); err != nil {
				return nil, p.truncated(err)
			}
			if err := h.parseFmt(fmtBytes); err != nil {
				return nil, err
			}
			haveFmt = true
			if err := p.skip(int64(size) - int64(len(fmtBytes)) + int64(size&1)); err != nil {
				return nil, p.truncated(err)
			}
			if dataPending {
				if p.seeker == nil {
					return nil, formatErrorf(true, "the data chunk comes before the fmt chunk, which can only be read from a file, not a stream")
				}
				h.fmtAfter = true
				return p.seekToData(h)
			}
			continue
		case "fact":
			if size >= 4 && h.factPos < 0 {
				h.factPos = p.pos
			}
		case "data":
			if dataPending {
				break // only the first data chunk is audio
			}
			h.dataStart = p.pos
			h.dataSize = size
			h.sizeKnown = size != 0 && size != unknownSize
			if size == 0 && p.seeker != nil {
				// An empty recording followed by metadata is not a
				// recording whose size was never written.
				ra, ok := p.r.(io.ReaderAt)
				h.sizeKnown = p.pos == p.size || ok && chunkChain(ra, h.base+p.pos, h.base+p.size)
			}
			if haveFmt {
				return h, nil
			}
			// Rare but legal: fmt after data. Only a stream that can seek
			// back can be read that way, and only when the size says where
			// the data ends (an unknown size runs to the end of the file,
			// leaving no room for a fmt chunk).
			if !h.sizeKnown {
				return nil, formatErrorf(false, "no fmt chunk: the file does not say how its audio is encoded")
			}
			dataPending = true
		}
		if err := p.skip(int64(size) + int64(size&1)); err != nil {
			if dataPending && h.sizeKnown && id == "data" {
				return nil, formatErrorf(false, "no fmt chunk: the file does not say how its audio is encoded")
			}
			return nil, p.truncated(err)
		}
	}
}

// seekToData goes back to a data chunk that came before fmt.
func (p *headerParser) seekToData(h *header) (*header, error) {
	if _, err := p.seeker.Seek(h.dataStart-p.pos, io.SeekCurrent); err != nil {
		return nil, fmt.Errorf("seek to the audio data: %w", err)
	}
	p.pos = h.dataStart
	return h, nil
}

func (p *headerParser) truncated(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return formatErrorf(false, "truncated header: the file ends after %d bytes, before the audio data starts", p.pos)
	}
	return fmt.Errorf("read header: %w", err)
}

// chunkHeader reads a chunk's id and size; io.EOF only at a clean end.
func (p *headerParser) chunkHeader() (string, uint32, error) {
	b := p.tmp[:8]
	n, err := io.ReadFull(p.r, b)
	p.pos += int64(n)
	if err != nil {
		if n == 0 && err == io.EOF {
			return "", 0, io.EOF
		}
		return "", 0, err
	}
	return string(b[:4]), binary.LittleEndian.Uint32(b[4:8]), nil
}

func (p *headerParser) read(b []byte) error {
	n, err := io.ReadFull(p.r, b)
	p.pos += int64(n)
	return err
}

// skip moves past n bytes without keeping them: by seeking when the stream
// can, else by reading into io.Discard, so a chunk size from the file never
// decides how much memory is allocated.
func (p *headerParser) skip(n int64) error {
	if n <= 0 {
		return nil
	}
	if p.seeker != nil {
		// Seeking past the end would succeed; reading there would not.
		if p.pos+n > p.size {
			n = p.size - p.pos
			if _, err := p.seeker.Seek(n, io.SeekCurrent); err != nil {
				return err
			}
			p.pos += n
			return io.ErrUnexpectedEOF
		}
		if _, err := p.seeker.Seek(n, io.SeekCurrent); err != nil {
			return err
		}
		p.pos += n
		return nil
	}
	m, err := io.CopyN(io.Discard, p.r, n)
	p.pos += m
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// parseFmt checks a fmt chunk and fills in h.format.
func (h *header) parseFmt(b []byte) error {
	tag := binary.LittleEndian.Uint16(b[0:2])
	channels := int(binary.LittleEndian.Uint16(b[2:4]))
	rate := binary.LittleEndian.Uint32(b[4:8])
	blockAlign := int(binary.LittleEndian.Uint16(b[12:14]))
	bits := int(binary.LittleEndian.Uint16(b[14:16]))
	validBits := bits

	if tag == tagExtensible {
		if len(b) < 40 {
			return formatErrorf(false, "extensible fmt chunk is %d bytes, too short to name its encoding (40 needed)", len(b))
		}
		if v := int(binary.LittleEndian.Uint16(b[18:20])); v != 0 {
			validBits = v
		}
		sub := b[24:40]
		if !bytes.Equal(sub[2:], guidTail[:]) {
			return formatErrorf(true, "unsupported encoding: the extensible fmt chunk names sub-format %x", sub)
		}
		tag = binary.LittleEndian.Uint16(sub[0:2])
	}

	f := Format{SampleRate: int(rate), Channels: channels, BitsPerSample: bits}
	switch tag {
	case tagPCM:
		// Odd sizes such as 12 or 20 bits sit left-justified in whole bytes.
		if bits%8 != 0 && bits < 32 && validBits == bits {
			f.BitsPerSample = (bits + 7) / 8 * 8
		}
		if f.BitsPerSample != 8 && f.BitsPerSample != 16 && f.BitsPerSample != 24 && f.BitsPerSample != 32 {
			return formatErrorf(bits > 32, "%d-bit PCM is not supported (8, 16, 24 or 32 bits)", bits)
		}
	case tagFloat:
		if bits != 32 && bits != 64 {
			return formatErrorf(false, "%d-bit float is not supported (32 or 64 bits)", bits)
		}
		f.Float = true
		validBits = bits
	case tagALaw, tagMuLaw:
		if bits != 8 {
			return formatErrorf(false, "%d-bit G.711 is not valid (it is always 8 bits)", bits)
		}
		f.Law = ALaw
		if tag == tagMuLaw {
			f.Law = MuLaw
		}
		validBits = 8
	case 0:
		return formatErrorf(false, "the fmt chunk's format tag is 0 (unknown encoding)")
	default:
		if name := encodingName(tag); name != "" {
			return formatErrorf(true, "unsupported encoding %s (format 0x%04X): only PCM and float WAV can be read", name, tag)
		}
		return formatErrorf(true, "unsupported encoding (format 0x%04X): only PCM and float WAV can be read", tag)
	}
	if validBits > f.BitsPerSample {
		return formatErrorf(false, "%d valid bits do not fit in %d-bit samples", validBits, f.BitsPerSample)
	}

	switch {
	case channels == 0:
		return formatErrorf(false, "the fmt chunk says 0 channels")
	case channels > MaxChannels:
		return formatErrorf(false, "the fmt chunk says %d channels, more than any recording has (%d at most)", channels, MaxChannels)
	}
	if want := f.BytesPerFrame(); blockAlign != want {
		return formatErrorf(false, "block align %d does not match %d channel(s) of %d-bit samples (expected %d)", blockAlign, channels, f.BitsPerSample, want)
	}
	if rate < MinSampleRate || rate > MaxSampleRate {
		// ffmpeg resamples any real rate; zero or absurd ones are damage.
		return formatErrorf(rate > 0 && rate <= 1_000_000, "sample rate %d Hz is outside the %d-%d Hz that can be analysed", rate, MinSampleRate, MaxSampleRate)
	}
	h.format = f
	h.validBits = validBits
	return nil
}

// sniff names what a file that is not RIFF/WAVE looks like, and whether
// ffmpeg would turn it into a WAV.
func sniff(b []byte) (what string, convert bool) {
	has := func(off int, sig string) bool {
		return len(b) >= off+len(sig) && string(b[off:off+len(sig)]) == sig
	}
	switch {
	case has(0, "ID3"):
		return "it looks like MP3 audio (it starts with an ID3 tag)", true
	case len(b) >= 2 && b[0] == 0xFF && b[1]&0xF6 == 0xF0:
		return "it looks like AAC audio (ADTS)", true
	case len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0:
		return "it looks like MP3 audio", true
	case has(0, "OggS"):
		return "it looks like Ogg audio (Vorbis or Opus)", true
	case has(0, "fLaC"):
		return "it looks like FLAC audio", true
	case has(0, "RF64"), has(0, "BW64"):
		return "it is an RF64 WAV (the 64-bit variant for files over 4 GiB), which is not supported", true
	case has(0, "RIFX"):
		return "it is a big-endian RIFX WAV, which is not supported", true
	case has(0, "FORM") && (has(8, "AIFF") || has(8, "AIFC")):
		return "it looks like AIFF audio", true
	case has(4, "ftyp"):
		return "it looks like MP4/M4A audio", true
	case has(0, "\x1A\x45\xDF\xA3"):
		return "it looks like WebM/Matroska", true
	case has(0, "caff"):
		return "it looks like Core Audio (CAF) audio", true
	case has(0, ".snd"):
		return "it looks like Sun/NeXT AU audio", true
	case has(0, "#!AMR"):
		return "it looks like AMR audio", true
	case has(0, "RIFF") && has(8, "AVI "):
		return "it is an AVI video", true
	case has(0, "RIFF") && len(b) >= 12:
		return fmt.Sprintf("it is a RIFF file of type %q, not WAVE", b[8:12]), false
	case has(0, "%PDF"):
		return "it looks like a PDF document", false
	case has(0, "PK\x03\x04"):
		return "it looks like a ZIP archive", false
	}
	if len(b) > 0 && isText(b) {
		return "it looks like text", false
	}
	return "", false
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7F {
			return false
		}
	}
	return true
}

// Package wav reads and writes the WAV files starcoach records and analyses:
// a streaming reader that decodes any common PCM or float WAV in large
// blocks without holding the file in memory, a writer that keeps the header
// valid on disk while it records so a crash loses at most a second, and
// Repair for files whose recorder was cut off before it could finish them.
//
// github.com/go-audio/wav is the reference decoder in the tests; the reader
// and writer here do their own data-chunk work because go-audio decodes
// sample by sample through function values from an io.ReadSeeker (far too
// slow for an hour of audio, and unable to read a file whose data size was
// never written) and its encoder writes the sizes only at Close, so a killed
// recorder would leave a file no player opens.
package wav

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Format describes the samples in a WAV file.
type Format struct {
	SampleRate    int
	Channels      int
	BitsPerSample int  // 8, 16, 24, 32 or 64 (container bits per sample)
	Float         bool // IEEE float samples (32 or 64 bit)
	// Law is set for 8-bit G.711 companded samples (a-law or µ-law), which
	// the reader expands to linear values. Writers only write Linear.
	Law Law
}

// Law names a G.711 companding law.
type Law uint8

// The companding laws; Linear means plain PCM or float.
const (
	Linear Law = iota
	ALaw
	MuLaw
)

func (l Law) String() string {
	switch l {
	case ALaw:
		return "a-law"
	case MuLaw:
		return "µ-law"
	}
	return "linear"
}

// String reads like "16000 Hz mono 16-bit PCM" or
// "44100 Hz 2 channels 32-bit float".
func (f Format) String() string {
	ch := "mono"
	if f.Channels != 1 {
		ch = fmt.Sprintf("%d channels", f.Channels)
	}
	enc := "PCM"
	switch {
	case f.Law != Linear:
		enc = f.Law.String()
	case f.Float:
		enc = "float"
	}
	return fmt.Sprintf("%d Hz %s %d-bit %s", f.SampleRate, ch, f.BitsPerSample, enc)
}

// BytesPerFrame is the size of one sample for every channel.
func (f Format) BytesPerFrame() int {
	return f.Channels * (f.BitsPerSample / 8)
}

// FormatError is a problem with a file's contents. Its message is one
// lowercase line without the file name, which callers put in front.
type FormatError struct {
	Problem string
	// Convert is true when converting the file with ffmpeg (see ConvertHint)
	// would make it readable.
	Convert bool
}

func (e *FormatError) Error() string { return e.Problem }

func formatErrorf(convert bool, format string, args ...any) *FormatError {
	return &FormatError{Problem: fmt.Sprintf(format, args...), Convert: convert}
}

// ConvertHint is the command that turns path into a WAV starcoach reads
// best (16 kHz mono 16-bit), with both paths quoted so that it can be pasted
// into a shell as it is.
func ConvertHint(path string) string {
	out := strings.TrimSuffix(path, filepath.Ext(path)) + "-16k.wav"
	return "convert it: ffmpeg -i " + shellQuote(path) + " -ar 16000 -ac 1 -c:a pcm_s16le " + shellQuote(out)
}

// RepairHint is the command that fixes the header of a recording that was
// cut off; path may be empty when the name is not known.
func RepairHint(path string) string {
	if path == "" {
		return "starcoach repair FILE"
	}
	return "starcoach repair " + shellQuote(path)
}

// shellQuote quotes s for a POSIX shell when it needs it. A leading "-"
// gets "./" so that no program takes the name for an option.
func shellQuote(s string) string {
	if strings.HasPrefix(s, "-") {
		s = "./" + s
	}
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./+,:@%=", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// encodingName names the compressed encodings people meet in WAV files.
func encodingName(tag uint16) string {
	switch tag {
	case 0x0002:
		return "Microsoft ADPCM"
	case 0x0010:
		return "OKI ADPCM"
	case 0x0011:
		return "IMA ADPCM"
	case 0x0014, 0x0042:
		return "G.723"
	case 0x0020:
		return "Yamaha ADPCM"
	case 0x0022:
		return "TrueSpeech"
	case 0x0031, 0x0032:
		return "GSM 6.10"
	case 0x0040:
		return "G.721 ADPCM"
	case 0x0045, 0x0064:
		return "G.726 ADPCM"
	case 0x0065:
		return "G.722 ADPCM"
	case 0x0050:
		return "MPEG audio"
	case 0x0055:
		return "MP3"
	case 0x00FF, 0x1600, 0x1602, 0xA106:
		return "AAC"
	case 0x1610:
		return "HE-AAC"
	case 0x0160, 0x0161:
		return "Windows Media Audio"
	case 0x0162:
		return "WMA Pro"
	case 0x0163:
		return "WMA Lossless"
	case 0x0092, 0x2000:
		return "AC-3"
	case 0x2001:
		return "DTS"
	case 0x674F, 0x6750, 0x6751, 0x676F, 0x6770, 0x6771:
		return "Ogg Vorbis"
	case 0xF1AC:
		return "FLAC"
	case 0x704F, 0x7050:
		return "Opus"
	}
	return ""
}

package wav

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"github.com/starcoach/starcoach/internal/testaudio"
)

type badCase struct {
	name    string
	data    []byte
	want    string // in the message
	convert bool
}

// badCases are hand-built files for every way a header can be wrong. The
// fuzz seed corpus is made from them too.
func badCases() []badCase {
	fmt16 := ck("fmt ", fmtBody(tagPCM, 1, 16000, 16))
	data := ck("data", pcm16(ramp16(8)...))
	withFmt := func(b []byte) []byte { return buildWAV(ck("fmt ", b), data) }
	tag := func(t int) []byte { return withFmt(fmtBody(t, 1, 8000, 4)) }
	shortExt := fmtRaw(tagExtensible, 1, 16000, 2, 16)
	shortExt = append(shortExt, 0, 0)
	badGUID := extBody(1, 16000, 16, 16, tagPCM)
	badGUID[30] = 0x77
	hugeJunk := buildWAV(chunk{id: "JUNK", body: []byte{1, 2, 3, 4}, size: 0xFFFFFFF0}, fmt16, data)
	hugeFmt := buildWAV(chunk{id: "fmt ", body: fmtBody(tagPCM, 1, 16000, 16), size: 0xFFFFFFF0})
	return []badCase{
		{"empty", nil, "empty file", false},
		{"cut inside RIFF header", []byte("RIFF\x10\x00"), "truncated header", false},
		{"RIFF header only", []byte("RIFF\x04\x00\x00\x00WAVE"), "no fmt chunk", false},
		{"ID3 tag", []byte("ID3\x04\x00\x00\x00\x00\x00\x23TSSE"), "looks like MP3 audio (it starts with an ID3 tag)", true},
		{"MP3 frame", []byte{0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0}, "looks like MP3 audio", true},
		{"ADTS AAC", []byte{0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC, 0, 0, 0, 0, 0}, "looks like AAC", true},
		{"Ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00"), "looks like Ogg", true},
		{"FLAC", []byte("fLaC\x00\x00\x00\x22\x10\x00\x10\x00"), "looks like FLAC", true},
		{"RF64", []byte("RF64\xFF\xFF\xFF\xFFWAVEds64"), "RF64", true},
		{"AIFF", []byte("FORM\x00\x00\x10\x00AIFFCOMM"), "looks like AIFF", true},
		{"AVI", []byte("RIFF\x00\x10\x00\x00AVI LIST"), "AVI video", true},
		{"other RIFF", []byte("RIFF\x00\x10\x00\x00CDXAfmt "), `RIFF file of type "CDXA", not WAVE`, false},
		{"text", []byte("hello, this is not audio\n"), "looks like text", false},
		{"binary", []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "no RIFF/WAVE header", false},
		{"cut inside fmt", buildWAV(fmt16)[:12+8+6], "truncated header", false},
		{"cut inside chunk header", buildWAV(fmt16, data)[:12+8+16+5], "truncated header", false},
		{"no fmt chunk", buildWAV(data), "no fmt chunk", false},
		{"no data chunk", buildWAV(fmt16), "no data chunk", false},
		{"no data chunk, LIST after fmt", buildWAV(fmt16, ck("LIST", []byte("INFO"))), "no data chunk", false},
		{"fmt too short", withFmt(fmtBody(tagPCM, 1, 16000, 16)[:14]), "too short", false},
		{"Microsoft ADPCM", tag(0x0002), "unsupported encoding Microsoft ADPCM (format 0x0002): only PCM and float WAV can be read", true},
		{"IMA ADPCM", tag(0x0011), "IMA ADPCM (format 0x0011)", true},
		{"MP3 in WAV", tag(0x0055), "MP3 (format 0x0055)", true},
		{"GSM", tag(0x0031), "GSM 6.10 (format 0x0031)", true},
		{"unknown encoding", tag(0x1234), "unsupported encoding (format 0x1234)", true},
		{"format tag 0", tag(0), "format tag is 0", false},
		{"0 channels", withFmt(fmtRaw(tagPCM, 0, 16000, 0, 16)), "says 0 channels", false},
		{"absurd channel count", withFmt(fmtBody(tagPCM, 1000, 16000, 16)), "says 1000 channels", false},
		{"block align mismatch", withFmt(fmtRaw(tagPCM, 2, 16000, 3, 16)), "block align 3 does not match 2 channel(s) of 16-bit samples (expected 4)", false},
		{"40-bit PCM", withFmt(fmtBody(tagPCM, 1, 16000, 40)), "40-bit PCM is not supported", true},
		{"16-bit float", withFmt(fmtBody(tagFloat, 1, 16000, 16)), "16-bit float is not supported", false},
		{"16-bit a-law", withFmt(fmtBody(tagALaw, 1, 8000, 16)), "16-bit G.711", false},
		{"rate too low", withFmt(fmtBody(tagPCM, 1, 4000, 16)), "sample rate 4000 Hz is outside the 8000-192000 Hz", true},
		{"rate too high", withFmt(fmtBody(tagPCM, 1, 384000, 16)), "sample rate 384000 Hz", true},
		{"rate 0", withFmt(fmtBody(tagPCM, 1, 0, 16)), "sample rate 0 Hz", false},
		{"extensible too short", withFmt(shortExt), "extensible fmt chunk is 18 bytes", false},
		{"extensible unknown GUID", withFmt(badGUID), "sub-format", true},
		{"valid bits over container", withFmt(extBody(1, 16000, 16, 20, tagPCM)), "20 valid bits do not fit in 16-bit samples", false},
		{"huge JUNK chunk", hugeJunk, "truncated header", false},
		{"huge fmt chunk", hugeFmt, "truncated header", false},
	}
}

// TestReaderBadInput: each bad file gets its own clear one-line
// *FormatError, read from a file and from a pipe alike.
func TestReaderBadInput(t *testing.T) {
	for _, c := range badCases() {
		t.Run(c.name, func(t *testing.T) {
			for kind, r := range map[string]interface{ Read([]byte) (int, error) }{
				"seeker": bytes.NewReader(c.data),
				"pipe":   noSeek{bytes.NewReader(c.data)},
			} {
				_, err := NewReader(r)
				if err == nil {
					t.Fatalf("%s: no error", kind)
				}
				fe := asFormatError(t, err)
				checkMessage(t, fe.Problem)
				if !strings.Contains(fe.Problem, c.want) {
					t.Errorf("%s: %q does not say %q", kind, fe.Problem, c.want)
				}
				if fe.Convert != c.convert {
					t.Errorf("%s: %q: Convert = %v, want %v", kind, fe.Problem, fe.Convert, c.convert)
				}
			}
		})
	}
}

func checkMessage(t *testing.T, msg string) {
	t.Helper()
	if msg == "" || strings.ContainsAny(msg, "\n\r") || unicode.IsUpper([]rune(msg)[0]) {
		t.Errorf("message %q is not one lowercase line", msg)
	}
}

// TestReaderBadToolFiles: real files that are not PCM WAV, made by sox and
// ffmpeg, are named for what they are, with a conversion hint.
func TestReaderBadToolFiles(t *testing.T) {
	t.Parallel()
	testaudio.Need(t, "sox", "ffmpeg")
	dir := t.TempDir()
	src := filepath.Join(dir, "src.wav")
	testaudio.Run(t, "sox", "-n", "-r", "8000", "-c", "1", "-b", "16", src, "synth", "0.5", "sine", "440")
	sox := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		testaudio.Run(t, "sox", append(append([]string{src}, args...), out)...)
		return out
	}
	ff := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		testaudio.Run(t, "ffmpeg", append(append([]string{"-v", "error", "-y", "-i", src}, args...), out)...)
		return out
	}
	for _, c := range []struct {
		name, path, want string
	}{
		{"sox IMA ADPCM", sox("ima.wav", "-e", "ima-adpcm"), "IMA ADPCM (format 0x0011)"},
		{"sox MS ADPCM", sox("ms.wav", "-e", "ms-adpcm"), "Microsoft ADPCM (format 0x0002)"},
		{"sox GSM", sox("gsm.wav", "-e", "gsm-full-rate"), "GSM 6.10 (format 0x0031)"},
		{"sox AIFF", sox("x.aiff"), "looks like AIFF"},
		{"sox AU", sox("x.au"), "Sun/NeXT AU"},
		{"ffmpeg MP3 in WAV", ff("mp3.wav", "-c:a", "libmp3lame"), "MP3 (format 0x0055)"},
		{"ffmpeg IMA ADPCM", ff("ffima.wav", "-c:a", "adpcm_ima_wav"), "IMA ADPCM"},
		{"ffmpeg MP3 with ID3", ff("x.mp3"), "MP3 audio (it starts with an ID3 tag)"},
		{"ffmpeg bare MP3", ff("bare.mp3", "-id3v2_version", "0", "-write_xing", "0"), "looks like MP3 audio"},
		{"ffmpeg Ogg", ff("x.ogg", "-c:a", "libvorbis"), "looks like Ogg"},
		{"ffmpeg FLAC", ff("x.flac"), "looks like FLAC"},
		{"ffmpeg M4A", ff("x.m4a"), "looks like MP4/M4A"},
		{"ffmpeg ADTS AAC", ff("x.aac"), "looks like AAC"},
		{"ffmpeg WebM", ff("x.webm", "-c:a", "libopus"), "looks like WebM/Matroska"},
		{"ffmpeg RF64", ff("rf64.wav", "-rf64", "always"), "RF64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := os.Open(c.path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			_, err = NewReader(f)
			fe := asFormatError(t, err)
			checkMessage(t, fe.Problem)
			if !strings.Contains(fe.Problem, c.want) || !fe.Convert {
				t.Fatalf("%q (convert %v), want %q with a conversion hint", fe.Problem, fe.Convert, c.want)
			}
		})
	}
}

// TestReaderNoHugeAllocation: sizes read from a header never decide how
// much memory is allocated.
func TestReaderNoHugeAllocation(t *testing.T) {
	for _, c := range badCases() {
		for _, pipe := range []bool{false, true} {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var err error
			if pipe {
				_, err = NewReader(noSeek{bytes.NewReader(c.data)})
			} else {
				_, err = NewReader(bytes.NewReader(c.data))
			}
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatalf("%s: no error", c.name)
			}
			if d := after.TotalAlloc - before.TotalAlloc; d > 64<<10 {
				t.Errorf("%s (pipe %v): parsing allocated %d bytes", c.name, pipe, d)
			}
		}
	}
}

// TestConvertHint runs the hint through a shell, as a user pasting it
// would, for a name that needs quoting, and reads the result.
func TestConvertHint(t *testing.T) {
	testaudio.Need(t, "sox", "ffmpeg", "sh")
	dir := t.TempDir()
	name := "it's my answer (take 1).mp3"
	src := filepath.Join(dir, "src.wav")
	testaudio.Run(t, "sox", "-n", "-r", "44100", "-c", "2", src, "synth", "0.5", "sine", "440")
	testaudio.Run(t, "ffmpeg", "-v", "error", "-i", src, filepath.Join(dir, name))

	hint := ConvertHint(name)
	if want := `convert it: ffmpeg -i 'it'\''s my answer (take 1).mp3' -ar 16000 -ac 1 -c:a pcm_s16le 'it'\''s my answer (take 1)-16k.wav'`; hint != want {
		t.Fatalf("hint\n%s\nwant\n%s", hint, want)
	}
	cmd := exec.Command("sh", "-c", strings.TrimPrefix(hint, "convert it: ")+" -v error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", hint, err, out)
	}
	r := openReader(t, filepath.Join(dir, "it's my answer (take 1)-16k.wav"))
	if want := (Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}); r.Format() != want {
		t.Fatalf("converted to %v", r.Format())
	}

	for path, want := range map[string]string{
		"answer.wav":           "ffmpeg -i answer.wav -ar 16000 -ac 1 -c:a pcm_s16le answer-16k.wav",
		"-odd.wav":             "ffmpeg -i ./-odd.wav -ar 16000 -ac 1 -c:a pcm_s16le ./-odd-16k.wav",
		"/data/$HOME/x`y`.wav": "ffmpeg -i '/data/$HOME/x`y`.wav' -ar 16000 -ac 1 -c:a pcm_s16le '/data/$HOME/x`y`-16k.wav'",
	} {
		if got := ConvertHint(path); got != "convert it: "+want {
			t.Errorf("ConvertHint(%q) = %q", path, got)
		}
	}
}

// TestReaderUnknownSize reads files whose recorder was cut off before it
// wrote the data size: 0 or 0xFFFFFFFF, from a file and from a pipe.
func TestReaderUnknownSize(t *testing.T) {
	samples := ramp16(1001 * 2)
	for _, size := range []uint32{0, 0xFFFFFFFF} {
		b := buildWAV(ck("fmt ", fmtBody(tagPCM, 2, 16000, 16)), ck("LIST", []byte("INFOx")), chunk{id: "data", body: pcm16(samples...), size: int64(size)})
		binary.LittleEndian.PutUint32(b[4:], size)
		for _, pipe := range []bool{false, true} {
			var r *Reader
			var err error
			if pipe {
				r, err = NewReader(noSeek{bytes.NewReader(b)})
			} else {
				r, err = NewReader(bytes.NewReader(b))
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Frames() != -1 {
				t.Errorf("size %#x: Frames() = %d, want -1", size, r.Frames())
			}
			got := readAll(t, r, 500)
			if len(got) != len(samples) {
				t.Fatalf("size %#x pipe %v: %d samples, want %d", size, pipe, len(got), len(samples))
			}
			for i, s := range samples {
				if got[i] != float32(s)/32768 {
					t.Fatalf("sample %d differs", i)
				}
			}
			w := r.Warnings()
			if len(w) != 1 || !strings.Contains(w[0], "reading to the end of the file") || !strings.Contains(w[0], "starcoach repair FILE") {
				t.Errorf("size %#x pipe %v: warnings %q", size, pipe, w)
			}
		}
	}

	t.Run("named file", func(t *testing.T) {
		b := buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), chunk{id: "data", body: pcm16(1, 2, 3), size: 0xFFFFFFFF})
		r := openReader(t, writeFile(t, t.TempDir(), "my take.wav", b))
		if w := r.Warnings(); len(w) != 1 || !strings.Contains(w[0], "starcoach repair '") || !strings.Contains(w[0], "my take.wav'") {
			t.Errorf("warnings %q do not name the file", w)
		}
	})

	t.Run("empty recording", func(t *testing.T) {
		b := buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), ck("data", nil))
		for _, r := range []interface{ Read([]byte) (int, error) }{bytes.NewReader(b), noSeek{bytes.NewReader(b)}} {
			rd, err := NewReader(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := readAll(t, rd, 10); len(got) != 0 || len(rd.Warnings()) != 0 {
				t.Fatalf("empty data chunk: %d samples, warnings %q", len(got), rd.Warnings())
			}
		}
	})
}

// TestReaderShortFile: a header that declares more than the file holds is
// read to the end of what is there, with a warning.
func TestReaderShortFile(t *testing.T) {
	samples := ramp16(3000)
	b := buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), chunk{id: "data", body: pcm16(samples...), size: 16000 * 2})
	b = append(b, 0x55) // a partial last frame
	for _, pipe := range []bool{false, true} {
		var r *Reader
		var err error
		if pipe {
			r, err = NewReader(noSeek{bytes.NewReader(b)})
		} else {
			r, err = NewReader(bytes.NewReader(b))
		}
		if err != nil {
			t.Fatal(err)
		}
		if r.Frames() != 16000 {
			t.Errorf("Frames() = %d, want the declared 16000", r.Frames())
		}
		got := readAllMono(t, r, 4096)
		if len(got) != len(samples) || r.FramesRead() != int64(len(samples)) {
			t.Fatalf("pipe %v: read %d frames, want %d", pipe, len(got), len(samples))
		}
		w := strings.Join(r.Warnings(), "\n")
		if !strings.Contains(w, "shorter than its header says: 16000 frames (1.0 s) declared, 3000 frames (0.2 s) there") ||
			!strings.Contains(w, "partial last frame dropped (1 of 2 bytes)") || len(r.Warnings()) != 2 {
			t.Errorf("pipe %v: warnings %q", pipe, r.Warnings())
		}
	}
}

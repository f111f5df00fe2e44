package wav

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gowav "github.com/go-audio/wav"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// toolFile is a WAV made by sox or ffmpeg and the format it must read as.
type toolFile struct {
	name    string
	tool    string   // "sox" or "ffmpeg"
	args    []string // output options
	want    Format
	chunk   string // a chunk id the file must contain (checks the test makes what it means to)
	noChunk string // a chunk id it must not contain
}

func soxFile(name string, rate, ch int, enc string, bits int, want Format) toolFile {
	args := []string{"-r", itoa(rate), "-c", itoa(ch), "-b", itoa(bits)}
	if enc != "" {
		args = append(args, "-e", enc)
	}
	return toolFile{name: name, tool: "sox", args: args, want: want}
}

func ffFile(name string, rate, ch int, codec string, want Format, extra ...string) toolFile {
	args := append([]string{"-ar", itoa(rate), "-ac", itoa(ch), "-c:a", codec}, extra...)
	return toolFile{name: name, tool: "ffmpeg", args: args, want: want}
}

func toolFiles() []toolFile {
	f := func(rate, ch, bits int, float bool) Format {
		return Format{SampleRate: rate, Channels: ch, BitsPerSample: bits, Float: float}
	}
	law := func(rate, ch int, l Law) Format {
		return Format{SampleRate: rate, Channels: ch, BitsPerSample: 8, Law: l}
	}
	cases := []toolFile{
		soxFile("sox u8 mono 8k", 8000, 1, "", 8, f(8000, 1, 8, false)),
		soxFile("sox s16 mono 16k", 16000, 1, "", 16, f(16000, 1, 16, false)),
		soxFile("sox s16 stereo 44.1k", 44100, 2, "", 16, f(44100, 2, 16, false)),
		soxFile("sox s16 3ch 48k extensible", 48000, 3, "", 16, f(48000, 3, 16, false)),
		soxFile("sox s16 5ch 32k extensible", 32000, 5, "", 16, f(32000, 5, 16, false)),
		soxFile("sox s24 mono 22.05k extensible", 22050, 1, "", 24, f(22050, 1, 24, false)),
		soxFile("sox s24 6ch 96k extensible", 96000, 6, "", 24, f(96000, 6, 24, false)),
		soxFile("sox s32 stereo 192k extensible", 192000, 2, "", 32, f(192000, 2, 32, false)),
		soxFile("sox s8 4ch 11.025k", 11025, 4, "", 8, f(11025, 4, 8, false)),
		soxFile("sox f32 mono 16k", 16000, 1, "floating-point", 32, f(16000, 1, 32, true)),
		soxFile("sox f32 4ch 48k", 48000, 4, "floating-point", 32, f(48000, 4, 32, true)),
		soxFile("sox f64 stereo 11.025k", 11025, 2, "floating-point", 64, f(11025, 2, 64, true)),
		soxFile("sox a-law mono 8k", 8000, 1, "a-law", 8, law(8000, 1, ALaw)),
		soxFile("sox u-law stereo 8k", 8000, 2, "u-law", 8, law(8000, 2, MuLaw)),
		ffFile("ffmpeg s16 mono 16k with LIST", 16000, 1, "pcm_s16le", f(16000, 1, 16, false)),
		ffFile("ffmpeg s16 mono 16k bitexact", 16000, 1, "pcm_s16le", f(16000, 1, 16, false), "-bitexact"),
		ffFile("ffmpeg s16 stereo 44.1k rf64 never", 44100, 2, "pcm_s16le", f(44100, 2, 16, false), "-rf64", "never"),
		ffFile("ffmpeg s16 stereo 48k rf64 auto (JUNK)", 48000, 2, "pcm_s16le", f(48000, 2, 16, false), "-rf64", "auto"),
		ffFile("ffmpeg s16 mono 24k bext", 24000, 1, "pcm_s16le", f(24000, 1, 16, false), "-write_bext", "1"),
		ffFile("ffmpeg s16 6ch 48k", 48000, 6, "pcm_s16le", f(48000, 6, 16, false)),
		ffFile("ffmpeg s24 stereo 48k", 48000, 2, "pcm_s24le", f(48000, 2, 24, false)),
		ffFile("ffmpeg s24 mono 88.2k bitexact", 88200, 1, "pcm_s24le", f(88200, 1, 24, false), "-bitexact"),
		ffFile("ffmpeg s32 mono 44.1k", 44100, 1, "pcm_s32le", f(44100, 1, 32, false)),
		ffFile("ffmpeg u8 stereo 22.05k", 22050, 2, "pcm_u8", f(22050, 2, 8, false)),
		ffFile("ffmpeg f32 stereo 48k", 48000, 2, "pcm_f32le", f(48000, 2, 32, true)),
		ffFile("ffmpeg f32 4ch 32k extensible", 32000, 4, "pcm_f32le", f(32000, 4, 32, true)),
		ffFile("ffmpeg f64 mono 16k", 16000, 1, "pcm_f64le", f(16000, 1, 64, true)),
		ffFile("ffmpeg a-law mono 8k", 8000, 1, "pcm_alaw", law(8000, 1, ALaw)),
		ffFile("ffmpeg mu-law mono 12k", 12000, 1, "pcm_mulaw", law(12000, 1, MuLaw)),
	}
	for i := range cases {
		switch {
		case strings.Contains(cases[i].name, "with LIST"):
			cases[i].chunk = "LIST"
		case strings.Contains(cases[i].name, "bitexact"):
			cases[i].noChunk = "LIST"
		case strings.Contains(cases[i].name, "JUNK"):
			cases[i].chunk = "JUNK"
		case strings.Contains(cases[i].name, "bext"):
			cases[i].chunk = "bext"
		case strings.Contains(cases[i].name, "extensible"), strings.Contains(cases[i].name, "ffmpeg s24"):
			cases[i].chunk = "\xfe\xff" // the extensible format tag
		}
	}
	return cases
}

// make creates the file: a quarter second of different tones and noise on
// every channel, so that a channel or byte out of place shows.
func (c toolFile) make(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, strings.NewReplacer(" ", "_", "(", "", ")", "").Replace(c.name)+".wav")
	ch := c.want.Channels
	switch c.tool {
	case "sox":
		testaudio.Need(t, "sox")
		args := append([]string{"-n"}, c.args...)
		args = append(args, out, "synth", "0.25")
		for i := range ch {
			if i%2 == 0 {
				args = append(args, "sine", itoa(300+170*i))
			} else {
				args = append(args, "whitenoise")
			}
		}
		testaudio.Run(t, "sox", append(args, "vol", "0.7")...)
	case "ffmpeg":
		testaudio.Need(t, "ffmpeg")
		exprs := make([]string, ch)
		for i := range exprs {
			exprs[i] = fmt.Sprintf("0.4*sin(%d*2*PI*t)+0.3*(random(%d)-0.5)", 300+170*i, i)
		}
		src := fmt.Sprintf("aevalsrc=%s:s=%d:d=0.25", strings.Join(exprs, "|"), c.want.SampleRate)
		args := append([]string{"-v", "error", "-y", "-f", "lavfi", "-i", src}, c.args...)
		testaudio.Run(t, "ffmpeg", append(args, out)...)
	}
	b := mustRead(t, out)
	if c.chunk != "" && !bytes.Contains(b[:min(len(b), 200)], []byte(c.chunk)) {
		t.Fatalf("%s made no %q chunk: the test case does not test what it says", c.tool, c.chunk)
	}
	if c.noChunk != "" && bytes.Contains(b[:min(len(b), 200)], []byte(c.noChunk)) {
		t.Fatalf("%s made a %q chunk it should not have", c.tool, c.noChunk)
	}
	return out
}

// TestReaderToolFiles reads files in every format sox and ffmpeg make and
// checks every sample against an independent decoder: go-audio/wav for the
// integer formats, ffmpeg for float and G.711.
func TestReaderToolFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range toolFiles() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := c.make(t, dir)
			r := openReader(t, path)
			if got := r.Format(); got != c.want {
				t.Fatalf("format %v, want %v", got, c.want)
			}
			if w := r.Warnings(); len(w) > 0 {
				t.Errorf("warnings for a well-formed file: %q", w)
			}
			wantFrames := soxiFrames(t, path)
			if r.Frames() != wantFrames {
				t.Errorf("Frames() = %d, sox says %d", r.Frames(), wantFrames)
			}
			got := readAll(t, r, 1000)
			ch := c.want.Channels
			if int64(len(got)) != wantFrames*int64(ch) || r.FramesRead() != wantFrames {
				t.Fatalf("read %d samples (%d frames), want %d frames of %d channels", len(got), r.FramesRead(), wantFrames, ch)
			}

			var want []float32
			switch {
			case c.want.Float:
				want = ffmpegFloat(t, path)
			case c.want.Law != Linear:
				for _, v := range ffmpegInt16(t, path) {
					want = append(want, float32(v)/32768)
				}
			default:
				want = goAudioSamples(t, path, c.want.BitsPerSample)
			}
			compareExact(t, got, want)

			// The mono mix is the mean of each frame's channels.
			mono := readAllMono(t, openReader(t, path), 777)
			if int64(len(mono)) != wantFrames {
				t.Fatalf("ReadMono gave %d frames, want %d", len(mono), wantFrames)
			}
			for i, m := range mono {
				var sum float64
				for _, v := range got[i*ch : i*ch+ch] {
					sum += float64(v)
				}
				if math.Abs(float64(m)-sum/float64(ch)) > 1e-6 {
					t.Fatalf("mono frame %d = %v, mean of channels %v", i, m, sum/float64(ch))
				}
			}
		})
	}
}

func compareExact(t *testing.T, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("decoded %d samples, reference has %d", len(got), len(want))
	}
	var nonzero int
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("sample %d = %v, reference %v", i, got[i], want[i])
		}
		if got[i] != 0 {
			nonzero++
		}
	}
	if nonzero < len(got)/2 {
		t.Fatalf("only %d of %d samples are not zero: the test signal is missing", nonzero, len(got))
	}
}

// goAudioSamples decodes a file with go-audio/wav and scales its integers
// exactly as the reader does.
func goAudioSamples(t testing.TB, path string, bits int) []float32 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := gowav.NewDecoder(f)
	buf, err := d.FullPCMBuffer()
	if err != nil {
		t.Fatalf("go-audio: %v", err)
	}
	out := make([]float32, len(buf.Data))
	for i, v := range buf.Data {
		if bits == 8 {
			out[i] = float32(v-128) / 128
		} else {
			out[i] = float32(v) / float32(int64(1)<<(bits-1))
		}
	}
	return out
}

// ffmpegFloat decodes a file to 32-bit float with ffmpeg.
func ffmpegFloat(t *testing.T, path string) []float32 {
	t.Helper()
	raw := ffmpegRaw(t, path, "f32le", "pcm_f32le")
	out := make([]float32, len(raw)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return out
}

func ffmpegInt16(t *testing.T, path string) []int16 {
	t.Helper()
	raw := ffmpegRaw(t, path, "s16le", "pcm_s16le")
	out := make([]int16, len(raw)/2)
	for i := range out {
		out[i] = int16(binary.LittleEndian.Uint16(raw[2*i:]))
	}
	return out
}

func ffmpegRaw(t *testing.T, path, format, codec string) []byte {
	t.Helper()
	testaudio.Need(t, "ffmpeg")
	out := filepath.Join(t.TempDir(), "raw")
	testaudio.Run(t, "ffmpeg", "-v", "error", "-i", path, "-f", format, "-c:a", codec, out)
	return mustRead(t, out)
}

// TestReaderPipe reads the same file from a stream that cannot seek, in
// buffer sizes that cut frames and blocks at every place.
func TestReaderPipe(t *testing.T) {
	dir := t.TempDir()
	path := ffFile("s24 3ch", 48000, 3, "pcm_s24le", Format{SampleRate: 48000, Channels: 3, BitsPerSample: 24}).make(t, dir)
	want := readAll(t, openReader(t, path), 4096)
	for _, size := range []int{3, 9, 1000, 65536 + 3, 1 << 20} {
		r, err := NewReader(noSeek{bytes.NewReader(mustRead(t, path))})
		if err != nil {
			t.Fatal(err)
		}
		got := readAll(t, r, size)
		if len(got) != len(want) {
			t.Fatalf("buffer %d: %d samples, want %d", size, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("buffer %d: sample %d differs", size, i)
			}
		}
	}
}

func TestReadShortBuffer(t *testing.T) {
	b := buildWAV(ck("fmt ", fmtBody(tagPCM, 3, 16000, 16)), ck("data", pcm16(ramp16(30)...)))
	r, err := NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(make([]float32, 2)); err == nil || !strings.Contains(err.Error(), "short buffer") {
		t.Fatalf("Read into 2 samples of a 3-channel file: err %v", err)
	}
	if n, err := r.Read(make([]float32, 8)); n != 6 || err != nil {
		t.Fatalf("Read into 8 samples: %d, %v; want 6 (two frames)", n, err)
	}
	if n, err := r.Read(nil); n != 0 || err != nil {
		t.Fatalf("Read(nil) = %d, %v", n, err)
	}
}

// TestReaderChunks reads hand-built files with the chunks real files carry,
// odd sizes and pad bytes included, before and after fmt and data.
func TestReaderChunks(t *testing.T) {
	samples := ramp16(101)
	data := pcm16(samples...)
	fmtc := ck("fmt ", fmtBody(tagPCM, 1, 16000, 16))
	list := ck("LIST", []byte("INFOISFT\x07\x00\x00\x00starco\x00")) // odd-sized body
	cases := map[string][]chunk{
		"LIST before fmt":         {list, fmtc, ck("data", data)},
		"odd JUNK and bext":       {ck("JUNK", make([]byte, 27)), fmtc, ck("bext", make([]byte, 603)), ck("data", data)},
		"fact cue and smpl":       {fmtc, ck("fact", []byte{101, 0, 0, 0}), ck("cue ", make([]byte, 29)), ck("smpl", make([]byte, 9)), ck("data", data)},
		"chunks after data":       {fmtc, ck("data", data), list, ck("id3 ", make([]byte, 13))},
		"long fmt chunk":          {ck("fmt ", append(fmtBody(tagPCM, 1, 16000, 16), make([]byte, 201)...)), ck("data", data)},
		"two fmt chunks":          {fmtc, ck("fmt ", fmtBody(tagPCM, 2, 8000, 8)), ck("data", data)},
		"fmt after data (seeker)": {list, ck("data", data), ck("fmt ", fmtBody(tagPCM, 1, 16000, 16))},
	}
	for name, chunks := range cases {
		t.Run(name, func(t *testing.T) {
			b := buildWAV(chunks...)
			readers := map[string]func() *bytes.Reader{"seeker": func() *bytes.Reader { return bytes.NewReader(b) }}
			for kind, mk := range readers {
				r, err := NewReader(mk())
				if err != nil {
					t.Fatalf("%s: %v", kind, err)
				}
				checkRamp(t, r, samples)
				if !strings.Contains(name, "fmt after data") {
					r, err := NewReader(noSeek{bytes.NewReader(b)})
					if err != nil {
						t.Fatalf("pipe: %v", err)
					}
					checkRamp(t, r, samples)
				}
			}
		})
	}

	t.Run("fmt after data from a pipe", func(t *testing.T) {
		_, err := NewReader(noSeek{bytes.NewReader(buildWAV(ck("data", data), fmtc))})
		fe := asFormatError(t, err)
		if !strings.Contains(fe.Problem, "the data chunk comes before the fmt chunk") || !fe.Convert {
			t.Fatalf("error %q", fe.Problem)
		}
	})
}

func checkRamp(t *testing.T, r *Reader, samples []int16) {
	t.Helper()
	got := readAllMono(t, r, 10)
	if len(got) != len(samples) {
		t.Fatalf("read %d frames, want %d", len(got), len(samples))
	}
	for i, s := range samples {
		if got[i] != float32(s)/32768 {
			t.Fatalf("frame %d = %v, want %v", i, got[i], float32(s)/32768)
		}
	}
	if w := r.Warnings(); len(w) > 0 {
		t.Fatalf("warnings: %q", w)
	}
}

// TestReaderValidBits honours valid bits: 20 valid bits in a 24-bit
// container, 12 in 16, and padding bits that are (wrongly) set.
func TestReaderValidBits(t *testing.T) {
	t.Run("20 in 24 extensible", func(t *testing.T) {
		raw := []byte{0xFF, 0x12, 0x34, 0x0F, 0x00, 0x80}
		b := buildWAV(ck("fmt ", extBody(1, 48000, 24, 20, tagPCM)), ck("data", raw))
		r, err := NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if r.ValidBits() != 20 || r.Format().BitsPerSample != 24 {
			t.Fatalf("valid %d container %d", r.ValidBits(), r.Format().BitsPerSample)
		}
		got := readAllMono(t, r, 8)
		want := []float32{float32(int32(0x3412F0)) / (1 << 23), float32(int32(-0x800000)) / (1 << 23)}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("12-bit PCM", func(t *testing.T) {
		b := buildWAV(ck("fmt ", fmtRaw(tagPCM, 1, 8000, 2, 12)), ck("data", pcm16(0x7FFF, -16)))
		r, err := NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		got := readAllMono(t, r, 8)
		if r.Format().BitsPerSample != 16 || len(got) != 2 || got[0] != float32(0x7FF0)/32768 || got[1] != -16.0/32768 {
			t.Fatalf("format %v, got %v", r.Format(), got)
		}
	})
}

// TestReaderFloatRange: float samples outside [-1, 1] are clipped and NaN
// is silence, so that the caller's promise of [-1, 1] holds.
func TestReaderFloatRange(t *testing.T) {
	var data []byte
	for _, v := range []float32{0.5, 3, -7, float32(math.NaN()), float32(math.Inf(1))} {
		data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
	}
	r, err := NewReader(bytes.NewReader(buildWAV(ck("fmt ", fmtBody(tagFloat, 1, 16000, 32)), ck("data", data))))
	if err != nil {
		t.Fatal(err)
	}
	got := readAllMono(t, r, 16)
	want := []float32{0.5, 1, -1, 0, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestFormatString(t *testing.T) {
	for _, c := range []struct {
		f    Format
		want string
	}{
		{Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, "16000 Hz mono 16-bit PCM"},
		{Format{SampleRate: 44100, Channels: 2, BitsPerSample: 32, Float: true}, "44100 Hz 2 channels 32-bit float"},
		{Format{SampleRate: 8000, Channels: 1, BitsPerSample: 8, Law: ALaw}, "8000 Hz mono 8-bit a-law"},
	} {
		if got := c.f.String(); got != c.want {
			t.Errorf("%#v: %q, want %q", c.f, got, c.want)
		}
	}
	if n := (Format{SampleRate: 48000, Channels: 6, BitsPerSample: 24}).BytesPerFrame(); n != 18 {
		t.Errorf("BytesPerFrame of 6 channels of 24 bits = %d", n)
	}
}

// TestDecodeUnaligned: the in-place fast paths and the byte-by-byte loops
// they fall back to (on an odd address or a big-endian machine) agree.
func TestDecodeUnaligned(t *testing.T) {
	raw := make([]byte, 4*1000+1)
	for i := range raw {
		raw[i] = byte(i*37 + i>>3)
	}
	for _, kind := range []sampleKind{kindS16, kindF32} {
		aligned := append([]byte{}, raw[1:]...)
		fast, slow := make([]float32, 500), make([]float32, 500)
		decodeSamples(kind, fast, aligned)
		decodeSamples(kind, slow, raw[1:]) // odd address
		for i := range fast {
			if fast[i] != slow[i] {
				t.Fatalf("kind %d sample %d: aligned %v, unaligned %v", kind, i, fast[i], slow[i])
			}
		}
	}
	aligned := append([]byte{}, raw[1:]...)
	fast, slow := make([]float32, 1000), make([]float32, 1000)
	mixS16Stereo(fast, aligned)
	mixS16Stereo(slow, raw[1:])
	for i := range fast {
		if fast[i] != slow[i] {
			t.Fatalf("stereo frame %d: aligned %v, unaligned %v", i, fast[i], slow[i])
		}
	}
}

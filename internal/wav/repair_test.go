package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// TestRepair damages the sizes of a recording in every way a cut-off
// recorder leaves them, repairs it, and checks that sox and the reader then
// see exactly the audio that is there.
func TestRepair(t *testing.T) {
	f := Format{SampleRate: 16000, Channels: 2, BitsPerSample: 16}
	raw, want := rawSamples(f, 10001)
	head := []chunk{ck("JUNK", make([]byte, 27)), ck("fmt ", fmtBody(tagPCM, 2, 16000, 16)), ck("LIST", []byte("INFOISFT\x05\x00\x00\x00abcd\x00"))}
	good := buildWAV(append(head, ck("data", raw))...)
	dataAt := len(good) - len(raw)
	setData := func(b []byte, size uint32) []byte {
		binary.LittleEndian.PutUint32(b[dataAt-4:], size)
		return b
	}
	withTail := func(size uint32, tail []byte, riff uint32) []byte {
		b := setData(append(append([]byte{}, good...), tail...), size)
		binary.LittleEndian.PutUint32(b[4:], riff)
		return b
	}
	cut := func(n int) []byte { return append([]byte{}, good[:dataAt+n]...) }
	all := int64(10001)

	cases := []struct {
		name                  string
		file                  []byte
		before, frames, extra int64 // extra: dropped bytes
	}{
		{"data size 0", withTail(0, nil, 0), -1, all, 0},
		{"data size 0xFFFFFFFF", withTail(0xFFFFFFFF, nil, 0xFFFFFFFF), -1, all, 0},
		{"size too large", setData(cut(len(raw)), uint32(2*len(raw))), 2 * all, all, 0},
		{"size too small", setData(cut(len(raw)), uint32(len(raw)/2)), all / 2, all, 0},
		{"unknown size, partial frame", withTail(0, []byte{1, 2, 3}, 0), -1, all, 3},
		{"cut mid-frame", cut(4*5000 + 2), all, 5000, 2},
		{"only the header", setData(cut(0), 0), 0, 0, 0},
		{"only the header, size unknown", setData(cut(0), 0xFFFFFFFF), -1, 0, 0},
		{"riff size wrong", withTail(uint32(len(raw)), nil, 12345), all, all, 0},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, dir, strings.ReplaceAll(c.name, " ", "_")+".wav", c.file)
			res, err := Repair(path)
			if err != nil {
				t.Fatal(err)
			}
			if res.FramesBefore != c.before || res.Frames != c.frames || res.DroppedBytes != c.extra {
				t.Fatalf("Repair = %+v, want before %d, frames %d, dropped %d", res, c.before, c.frames, c.extra)
			}
			if res.DurationS != float64(c.frames)/16000 {
				t.Errorf("DurationS %v", res.DurationS)
			}
			checkRepaired(t, path, c.frames, want)

			// Repairing again changes nothing.
			b := mustRead(t, path)
			res, err = Repair(path)
			if err != nil || res.FramesBefore != c.frames || res.Frames != c.frames || res.DroppedBytes != 0 {
				t.Fatalf("second Repair = %+v, %v", res, err)
			}
			if !bytes.Equal(b, mustRead(t, path)) {
				t.Fatal("second Repair changed the file")
			}
		})
	}

	t.Run("intact file with chunks after data", func(t *testing.T) {
		b := buildWAV(append(head, ck("data", raw), ck("LIST", []byte("INFOIART\x03\x00\x00\x00me\x00")), ck("id3 ", make([]byte, 9)))...)
		path := writeFile(t, dir, "after.wav", b)
		res, err := Repair(path)
		if err != nil || res.FramesBefore != all || res.Frames != all || res.DroppedBytes != 0 {
			t.Fatalf("Repair = %+v, %v", res, err)
		}
		if !bytes.Equal(b, mustRead(t, path)) {
			t.Fatal("Repair changed an intact file")
		}
	})

	t.Run("partial frame before chunks", func(t *testing.T) {
		list := ck("LIST", []byte("INFOIART\x03\x00\x00\x00me\x00"))
		b := buildWAV(append(head, ck("data", append(append([]byte{}, raw...), 7, 7, 7)), list)...)
		path := writeFile(t, dir, "partial-before-list.wav", b)
		res, err := Repair(path)
		if err != nil || res.FramesBefore != all || res.Frames != all || res.DroppedBytes != 3 {
			t.Fatalf("Repair = %+v, %v", res, err)
		}
		checkRepaired(t, path, all, want)
		if got, want := mustRead(t, path), buildWAV(append(head, ck("data", raw), list)...); !bytes.Equal(got, want) {
			t.Fatal("the file is not the original with the 3 bytes cut out")
		}
	})

	t.Run("empty data followed by metadata", func(t *testing.T) {
		b := buildWAV(append(head, ck("data", nil), ck("LIST", []byte("INFO")))...)
		path := writeFile(t, dir, "emptylist.wav", b)
		res, err := Repair(path)
		if err != nil || res.Frames != 0 || !bytes.Equal(b, mustRead(t, path)) {
			t.Fatalf("Repair = %+v, %v (changed: %v)", res, err, !bytes.Equal(b, mustRead(t, path)))
		}
	})
}

// checkRepaired: sox and the reader agree on frames, the reader has nothing
// to warn about, the samples are the original ones, and the RIFF size
// matches the file.
func checkRepaired(t *testing.T, path string, frames int64, want []float32) {
	t.Helper()
	if n := soxiFrames(t, path); n != frames {
		t.Errorf("sox reads %d frames, want %d", n, frames)
	}
	r := openReader(t, path)
	got := readAll(t, r, 999)
	ch := int64(r.Format().Channels)
	if r.Frames() != frames || int64(len(got)) != frames*ch || len(r.Warnings()) > 0 {
		t.Fatalf("reader: header %d frames, read %d samples, warnings %q; want %d frames", r.Frames(), len(got), r.Warnings(), frames)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("sample %d = %v, want %v", i, got[i], want[i])
		}
	}
	b := mustRead(t, path)
	if binary.LittleEndian.Uint32(b[4:]) != uint32(len(b)-8) || len(b)%2 != 0 {
		t.Errorf("RIFF size %d for a file of %d bytes", binary.LittleEndian.Uint32(b[4:]), len(b))
	}
}

// TestRepairToolFiles repairs files made by sox and ffmpeg whose sizes
// were wiped: a float file with a fact chunk, 8-bit mono with an odd
// frame count (needs a pad byte), 24-bit extensible.
func TestRepairToolFiles(t *testing.T) {
	testaudio.Need(t, "sox")
	dir := t.TempDir()
	for _, c := range []struct {
		name     string
		rate, ch string
		args     []string
	}{
		{"float.wav", "16000", "1", []string{"-e", "floating-point", "-b", "32"}},
		{"u8.wav", "8000", "1", []string{"-b", "8"}},
		{"s24.wav", "48000", "2", []string{"-b", "24"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			// Rate and channels go before -n, or sox makes 48 kHz and
			// converts, and the count of samples is off.
			args := append([]string{"-r", c.rate, "-c", c.ch, "-n"}, c.args...)
			testaudio.Run(t, "sox", append(args, path, "synth", "1001s", "sine", "440", "vol", "0.5")...)
			want := readAll(t, openReader(t, path), 1024)
			h, err := parseHeader(bytes.NewReader(mustRead(t, path)))
			if err != nil {
				t.Fatal(err)
			}
			// What a recorder cut off before finishing leaves: no sizes,
			// and no pad byte.
			b := mustRead(t, path)
			b = b[:h.dataStart+int64(h.dataSize)]
			binary.LittleEndian.PutUint32(b[4:], 0)
			binary.LittleEndian.PutUint32(b[h.dataStart-4:], 0)
			if h.factPos >= 0 {
				binary.LittleEndian.PutUint32(b[h.factPos:], 0)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := Repair(path)
			if err != nil || res.Frames != 1001 || res.FramesBefore != -1 {
				t.Fatalf("Repair = %+v, %v", res, err)
			}
			checkRepaired(t, path, 1001, want)
			if h.factPos >= 0 {
				if n := binary.LittleEndian.Uint32(mustRead(t, path)[h.factPos:]); n != 1001 {
					t.Errorf("fact chunk says %d frames", n)
				}
			}
		})
	}
}

// TestRepairRefuses: files that are not WAV, or not there, are left alone
// with a clear error.
func TestRepairRefuses(t *testing.T) {
	testaudio.Need(t, "sox", "ffmpeg")
	dir := t.TempDir()
	src := filepath.Join(dir, "src.wav")
	testaudio.Run(t, "sox", "-n", "-r", "16000", "-c", "1", src, "synth", "0.3", "sine", "440")
	mp3 := filepath.Join(dir, "x.mp3")
	testaudio.Run(t, "ffmpeg", "-v", "error", "-i", src, mp3)
	text := writeFile(t, dir, "notes.wav", []byte("remember to say I, not we\n"))
	ima := filepath.Join(dir, "ima.wav")
	testaudio.Run(t, "sox", src, "-e", "ima-adpcm", ima)
	for path, want := range map[string]string{
		mp3:  "not a WAV file: it looks like MP3 audio",
		text: "not a WAV file: it looks like text",
		ima:  "unsupported encoding IMA ADPCM",
	} {
		before := mustRead(t, path)
		_, err := Repair(path)
		fe := asFormatError(t, err)
		if !strings.Contains(fe.Problem, want) {
			t.Errorf("%s: %q, want %q", path, fe.Problem, want)
		}
		if !bytes.Equal(before, mustRead(t, path)) {
			t.Errorf("Repair changed %s", path)
		}
	}

	missing := filepath.Join(dir, "missing.wav")
	if _, err := Repair(missing); !errors.Is(err, fs.ErrNotExist) || err.Error() != "open "+missing+": no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Repair(dir); err == nil {
		t.Error("Repair of a directory: no error")
	}
}

// TestRepairFmtAfterData keeps a fmt chunk that follows the audio.
func TestRepairFmtAfterData(t *testing.T) {
	samples := ramp16(500)
	b := buildWAV(ck("data", pcm16(samples...)), ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)))
	path := writeFile(t, t.TempDir(), "late-fmt.wav", b)
	res, err := Repair(path)
	if err != nil || res.Frames != 500 || !bytes.Equal(b, mustRead(t, path)) {
		t.Fatalf("Repair = %+v, %v", res, err)
	}
	checkRamp(t, openReader(t, path), samples)

	// With the size gone, where the audio ends cannot be told.
	binary.LittleEndian.PutUint32(b[16:], 0)
	path = writeFile(t, t.TempDir(), "late-fmt-0.wav", b)
	_, err = Repair(path)
	asFormatError(t, err)
	if !bytes.Equal(b, mustRead(t, path)) {
		t.Fatal("Repair changed a file it refused")
	}
}

// TestRepairTooLarge: audio past what 32-bit sizes can describe is
// refused rather than given a wrapped-around size. The file is sparse.
func TestRepairTooLarge(t *testing.T) {
	b := buildWAV(ck("fmt ", fmtBody(tagPCM, 1, 16000, 16)), chunk{id: "data", body: pcm16(1, 2), size: 0xFFFFFFFF})
	path := writeFile(t, t.TempDir(), "huge.wav", b)
	if err := os.Truncate(path, 5<<30); err != nil {
		t.Fatal(err)
	}
	_, err := Repair(path)
	if fe := asFormatError(t, err); !strings.Contains(fe.Problem, "more than the 4 GiB a WAV header can describe") {
		t.Fatalf("%q", fe.Problem)
	}
	f := openFile(t, path)
	head := make([]byte, len(b))
	if _, err := f.ReadAt(head, 0); err != nil || !bytes.Equal(head, b) {
		t.Fatalf("Repair changed the header of a file it refused (%v)", err)
	}
}

package wav

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/starcoach/starcoach/internal/testaudio"
)

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the FuzzReader seed corpus in testdata/fuzz/FuzzReader")

const corpusDir = "testdata/fuzz/FuzzReader"

// FuzzReader feeds arbitrary bytes to NewReader, from a file and from a
// pipe: the only failures allowed are one-line *FormatErrors, and whatever
// is read stays within [-1, 1] and within the file. 16-bit files read the
// same through ReadInt16.
func FuzzReader(f *testing.F) {
	for _, c := range badCases() {
		f.Add(c.data)
	}
	f.Add(buildWAV(ck("fmt ", fmtBody(tagPCM, 2, 16000, 16)), ck("data", pcm16(ramp16(10)...))))
	f.Add(buildWAV(ck("fmt ", extBody(3, 48000, 24, 20, tagPCM)), chunk{id: "data", body: make([]byte, 45), size: 0xFFFFFFFF}))
	f.Fuzz(func(t *testing.T, data []byte) {
		seek := fuzzRead(t, data, bytes.NewReader(data))
		pipe := fuzzRead(t, data, noSeek{bytes.NewReader(data)})
		if seek >= 0 && pipe >= 0 && seek != pipe {
			// A pipe cannot look ahead, so it may read a trailing chunk
			// after a data size of 0 as audio; otherwise they agree.
			r, _ := NewReader(bytes.NewReader(data))
			if r.Frames() != 0 {
				t.Fatalf("file read %d frames, pipe %d", seek, pipe)
			}
		}
		if r, err := NewReader(bytes.NewReader(data)); err == nil && r.Int16() {
			// ReadInt16, from a source that returns bits of what was asked,
			// reads what Read does.
			want, wantWarn := readFloats(t, noSeek{bytes.NewReader(data)}, 333)
			got, gotWarn := readInt16s(t, iotest.HalfReader(bytes.NewReader(data)), 100)
			if !slices.Equal(got, want) || !slices.Equal(gotWarn, wantWarn) {
				t.Fatalf("ReadInt16 read %d samples, warnings %q; Read %d, warnings %q", len(got), gotWarn, len(want), wantWarn)
			}
		}
	})
}

// fuzzRead reads all of data through src and returns the frame count, or
// -1 when NewReader refused it.
func fuzzRead(t *testing.T, data []byte, src io.Reader) int64 {
	r, err := NewReader(src)
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("error %v is not a *FormatError", err)
		}
		if fe.Problem == "" || strings.ContainsAny(fe.Problem, "\r\n") {
			t.Fatalf("message %q is not one line", fe.Problem)
		}
		return -1
	}
	fm := r.Format()
	if fm.Channels < 1 || fm.Channels > MaxChannels || fm.SampleRate < MinSampleRate || fm.SampleRate > MaxSampleRate || fm.BytesPerFrame() < 1 {
		t.Fatalf("accepted format %+v", fm)
	}
	buf := make([]float32, 333)
	var frames int64
	for i := 0; ; i++ {
		var n int
		var err error
		if i%2 == 0 {
			n, err = r.ReadMono(buf)
		} else {
			n, err = r.Read(buf)
			if n%fm.Channels != 0 {
				t.Fatalf("Read returned %d samples of %d channels", n, fm.Channels)
			}
			n /= fm.Channels
		}
		for _, v := range buf[:n] {
			if !(v >= -1 && v <= 1) {
				t.Fatalf("sample %v outside [-1, 1]", v)
			}
		}
		frames += int64(n)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
	}
	if frames != r.FramesRead() || frames*int64(fm.BytesPerFrame()) > int64(len(data)) {
		t.Fatalf("read %d frames (FramesRead %d) from %d bytes", frames, r.FramesRead(), len(data))
	}
	if r.Frames() >= 0 && frames > r.Frames() {
		t.Fatalf("read %d frames, header declares %d", frames, r.Frames())
	}
	return frames
}

// FuzzRepair repairs arbitrary files: a repaired file must then read
// without a warning, exactly as long as Repair says, and a second Repair
// must change nothing.
func FuzzRepair(f *testing.F) {
	for _, c := range badCases() {
		f.Add(c.data)
	}
	good := buildWAV(ck("JUNK", make([]byte, 3)), ck("fmt ", fmtBody(tagPCM, 2, 16000, 16)), ck("data", pcm16(ramp16(10)...)), ck("LIST", []byte("INFO")))
	f.Add(good)
	f.Add(good[:len(good)-13])
	f.Add(append(append([]byte{}, good...), 1, 2, 3))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := os.CreateTemp(dir, "repair-*.wav")
		if err != nil {
			t.Fatal(err)
		}
		path := file.Name()
		defer os.Remove(path)
		file.Write(data)
		file.Close()

		res, err := Repair(path)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FormatError", err)
			}
			if !bytes.Equal(mustRead(t, path), data) {
				t.Fatal("Repair changed a file it refused")
			}
			return
		}
		fixed := mustRead(t, path)
		r, err := NewReader(bytes.NewReader(fixed))
		if err != nil {
			t.Fatalf("repaired file: %v", err)
		}
		frames := fuzzRead(t, fixed, bytes.NewReader(fixed))
		if r.Frames() != res.Frames || frames != res.Frames || len(r.Warnings()) > 0 {
			t.Fatalf("Repair said %+v; the file declares %d frames, holds %d, warnings %q", res, r.Frames(), frames, r.Warnings())
		}
		again, err := Repair(path)
		if err != nil || again.Frames != res.Frames || again.FramesBefore != res.Frames || again.DroppedBytes != 0 || !bytes.Equal(fixed, mustRead(t, path)) {
			t.Fatalf("second Repair: %+v, %v (first %+v)", again, err, res)
		}
	})
}

// TestFuzzCorpus keeps the checked-in seed corpus in step with badCases;
// with -update-corpus it rewrites it, adding small valid files made by
// sox and ffmpeg.
func TestFuzzCorpus(t *testing.T) {
	want := map[string][]byte{}
	for _, c := range badCases() {
		want["bad-"+corpusName(c.name)] = c.data
	}
	if *updateCorpus {
		writeCorpus(t, want)
	}
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string][]byte{}
	for _, e := range entries {
		b := mustRead(t, filepath.Join(corpusDir, e.Name()))
		data, ok := parseCorpusFile(string(b))
		if !ok {
			t.Fatalf("%s is not a fuzz corpus file", e.Name())
		}
		have[e.Name()] = data
	}
	for name, data := range want {
		if !bytes.Equal(have[name], data) {
			t.Errorf("%s/%s is missing or stale: run go test ./internal/wav -run TestFuzzCorpus -args -update-corpus", corpusDir, name)
		}
	}
	valid := 0
	for name, data := range have {
		if strings.HasPrefix(name, "valid-") {
			valid++
			if _, err := NewReader(bytes.NewReader(data)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	if valid < 5 {
		t.Errorf("%d valid files in the corpus, want at least 5", valid)
	}
}

func corpusName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return '-'
	}, s)
}

func writeCorpus(t *testing.T, bad map[string][]byte) {
	testaudio.Need(t, "sox", "ffmpeg")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for name, data := range bad {
		files[name] = data
	}
	tmp := t.TempDir()
	for _, c := range toolFiles() {
		// A few milliseconds of each format keeps the seeds small.
		path := filepath.Join(tmp, "seed.wav")
		if c.tool == "sox" {
			testaudio.Run(t, "sox", append(append([]string{"-n"}, c.args...), path, "synth", "24s", "sine", "440", "vol", "0.5")...)
		} else {
			src := "aevalsrc=0.5*sin(440*2*PI*t):s=" + itoa(c.want.SampleRate) + ":d=0.002"
			testaudio.Run(t, "ffmpeg", append(append([]string{"-v", "error", "-y", "-f", "lavfi", "-i", src}, c.args...), path)...)
		}
		files["valid-"+corpusName(c.name)] = mustRead(t, path)
	}
	for name, data := range files {
		text := "go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n"
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// parseCorpusFile reads the one []byte value of a fuzz corpus file.
func parseCorpusFile(text string) ([]byte, bool) {
	rest, ok := strings.CutPrefix(text, "go test fuzz v1\n[]byte(")
	if !ok {
		return nil, false
	}
	rest = strings.TrimSpace(rest)
	rest, ok = strings.CutSuffix(rest, ")")
	if !ok {
		return nil, false
	}
	s, err := strconv.Unquote(rest)
	if err != nil {
		return nil, false
	}
	return []byte(s), true
}

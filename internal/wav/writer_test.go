package wav

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// rawSamples encodes n frames of a distinct signal in f, and returns the
// values the reader must decode them to.
func rawSamples(f Format, frames int) ([]byte, []float32) {
	bps := f.BitsPerSample / 8
	n := frames * f.Channels
	raw := make([]byte, 0, n*bps)
	want := make([]float32, n)
	for i := range n {
		x := 0.8 * math.Sin(float64(i)*0.013+float64(i%f.Channels))
		switch {
		case f.Float && bps == 4:
			raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(float32(x)))
			want[i] = float32(x)
		case f.Float:
			raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(x))
			want[i] = float32(x)
		case bps == 1:
			v := int(math.Round(x * 127))
			raw = append(raw, byte(v+128))
			want[i] = float32(v) / 128
		default:
			full := int64(1) << (8*bps - 1)
			v := int64(math.Round(x * float64(full-1)))
			for j := range bps {
				raw = append(raw, byte(v>>(8*j)))
			}
			want[i] = float32(v) / float32(full)
		}
	}
	return raw, want
}

// TestWriterRoundTrip writes every supported format through Create and
// reads it back with this reader, sox and go-audio.
func TestWriterRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []Format{
		{SampleRate: 16000, Channels: 1, BitsPerSample: 16},
		{SampleRate: 44100, Channels: 2, BitsPerSample: 16},
		{SampleRate: 8000, Channels: 1, BitsPerSample: 8},
		{SampleRate: 48000, Channels: 2, BitsPerSample: 24},
		{SampleRate: 22050, Channels: 1, BitsPerSample: 32},
		{SampleRate: 32000, Channels: 6, BitsPerSample: 16},
		{SampleRate: 16000, Channels: 1, BitsPerSample: 32, Float: true},
		{SampleRate: 48000, Channels: 3, BitsPerSample: 32, Float: true},
		{SampleRate: 96000, Channels: 2, BitsPerSample: 64, Float: true},
		{SampleRate: 1000, Channels: 1, BitsPerSample: 16}, // any rate can be written
	} {
		t.Run(f.String(), func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(f.String(), " ", "_")+".wav")
			w, err := Create(path, f, CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			frames := 2001 // odd, so 8-bit mono needs a pad byte
			raw, want := rawSamples(f, frames)
			for len(raw) > 0 {
				n := min(len(raw), 300*f.BytesPerFrame())
				if _, err := w.Write(raw[:n]); err != nil {
					t.Fatal(err)
				}
				raw = raw[n:]
			}
			if w.Frames() != int64(frames) {
				t.Fatalf("Frames() = %d", w.Frames())
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			b := mustRead(t, path)
			if len(b)%2 != 0 || binary.LittleEndian.Uint32(b[4:]) != uint32(len(b)-8) {
				t.Fatalf("file of %d bytes, RIFF size %d: not padded or wrong", len(b), binary.LittleEndian.Uint32(b[4:]))
			}
			if f.SampleRate >= MinSampleRate {
				r := openReader(t, path)
				if r.Format() != f || r.Frames() != int64(frames) {
					t.Fatalf("read back %v with %d frames", r.Format(), r.Frames())
				}
				if got := readAll(t, r, 4096); len(got) != len(want) {
					t.Fatalf("read %d samples, want %d", len(got), len(want))
				} else {
					for i := range got {
						if got[i] != want[i] {
							t.Fatalf("sample %d = %v, want %v", i, got[i], want[i])
						}
					}
				}
			}
			if n := soxiFrames(t, path); n != int64(frames) {
				t.Errorf("sox reads %d frames, want %d", n, frames)
			}
			if out := soxiField(t, "-r", path); out != itoa(f.SampleRate) {
				t.Errorf("sox reads the rate as %s", out)
			}
			if out := soxiField(t, "-c", path); out != itoa(f.Channels) {
				t.Errorf("sox reads %s channels", out)
			}
			if !f.Float {
				got := goAudioSamples(t, path, f.BitsPerSample)
				if len(got) == len(want)+1 && len(want)*f.BitsPerSample/8%2 == 1 {
					// go-audio counts the pad byte of an odd-sized data
					// chunk as one more sample.
					got = got[:len(want)]
				}
				if len(got) != len(want) {
					t.Fatalf("go-audio reads %d samples, want %d", len(got), len(want))
				}
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("go-audio: sample %d = %v, want %v", i, got[i], want[i])
					}
				}
			}
		})
	}
}

func soxiField(t *testing.T, flag, path string) string {
	t.Helper()
	testaudio.Need(t, "soxi")
	out, err := exec.Command("soxi", flag, path).Output()
	if err != nil {
		t.Fatalf("soxi %s %s: %v", flag, path, err)
	}
	return strings.TrimSpace(string(out))
}

func openFile(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// faultyFile is a real file on a disk that fills up at limit bytes, and
// whose fsync can be made to fail. It counts syncs.
type faultyFile struct {
	*os.File
	limit    int64
	failSync bool
	syncs    int
}

func (f *faultyFile) WriteAt(p []byte, off int64) (int, error) {
	if f.limit > 0 && off+int64(len(p)) > f.limit {
		n := int(max(0, f.limit-off))
		f.File.WriteAt(p[:n], off)
		return n, &fs.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.WriteAt(p, off)
}

func (f *faultyFile) Sync() error {
	f.syncs++
	if f.failSync {
		return &fs.PathError{Op: "sync", Path: f.Name(), Err: syscall.EIO}
	}
	return f.File.Sync()
}

func newFaultyFile(t *testing.T, name string) *faultyFile {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &faultyFile{File: f}
}

// TestWriterDiskFull: when the disk fills mid-write, the error says so and
// the file keeps every whole frame written before it, with a header that
// matches.
func TestWriterDiskFull(t *testing.T) {
	f := Format{SampleRate: 8000, Channels: 1, BitsPerSample: 16}
	ff := newFaultyFile(t, "full.wav")
	ff.limit = 44 + 5*1600 + 601 // mid-frame, in the sixth write
	w, err := NewWriter(ff, f, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	raw, want := rawSamples(f, 8000)
	var werr error
	written := 0
	for i := 0; i < 10 && werr == nil; i++ {
		var n int
		n, werr = w.Write(raw[i*1600 : (i+1)*1600])
		written += n
	}
	if werr == nil || !errors.Is(werr, syscall.ENOSPC) {
		t.Fatalf("write error %v, want ENOSPC", werr)
	}
	if msg := werr.Error(); !strings.Contains(msg, "no space left on device") || !strings.Contains(msg, "the 0.5 s recorded before it are kept") {
		t.Errorf("message %q", msg)
	}
	if written != 5*1600+600 || w.Frames() != 4300 {
		t.Fatalf("written %d bytes, Frames() %d; want 8600 bytes, 4300 frames", written, w.Frames())
	}
	if n, err := w.Write(raw[:2]); n != 0 || err != werr {
		t.Errorf("write after failure: %d, %v", n, err)
	}
	if err := w.Close(); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("Close after failure: %v", err)
	}

	path := ff.Name()
	if st, _ := os.Stat(path); st.Size() != 44+8600 {
		t.Fatalf("file is %d bytes, want %d", st.Size(), 44+8600)
	}
	r := openReader(t, path)
	got := readAll(t, r, 1000)
	if r.Frames() != 4300 || len(got) != 4300 || len(r.Warnings()) > 0 {
		t.Fatalf("after disk full: header %d frames, read %d, warnings %q", r.Frames(), len(got), r.Warnings())
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("sample %d differs", i)
		}
	}
	if n := soxiFrames(t, path); n != 4300 {
		t.Errorf("sox reads %d frames", n)
	}
}

// TestWriterDiskFullAtStart: no room even for the header.
func TestWriterDiskFullAtStart(t *testing.T) {
	ff := newFaultyFile(t, "none.wav")
	ff.limit = 10
	_, err := NewWriter(ff, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, CreateOptions{})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "write "+ff.Name()+": no space left on device") {
		t.Fatalf("err %v", err)
	}
}

func TestWriterSyncFailure(t *testing.T) {
	ff := newFaultyFile(t, "eio.wav")
	w, err := NewWriter(ff, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteInt16(ramp16(100)); err != nil {
		t.Fatal(err)
	}
	ff.failSync = true
	flushErr := w.Flush()
	if !errors.Is(flushErr, syscall.EIO) || !strings.HasPrefix(flushErr.Error(), "sync ") {
		t.Fatalf("Flush with a failing fsync: %v", flushErr)
	}
	if err := w.WriteInt16(ramp16(2)); err != flushErr {
		t.Fatalf("write after a failed sync: %v", err)
	}
}

// TestWriterSyncInterval: with an injected clock, the file is fsynced
// once per interval of wall time, and its header is right after every
// write without any sync or Close.
func TestWriterSyncInterval(t *testing.T) {
	ff := newFaultyFile(t, "sync.wav")
	now := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	f := Format{SampleRate: 16000, Channels: 2, BitsPerSample: 16}
	w, err := NewWriter(ff, f, CreateOptions{SyncInterval: time.Second, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if ff.syncs != 1 {
		t.Fatalf("%d syncs after the header, want 1", ff.syncs)
	}
	// Writes at 0.3 s steps: syncs fall at 1.2 s, 2.4 s, 3.6 s.
	for i := 1; i <= 12; i++ {
		now = now.Add(300 * time.Millisecond)
		if err := w.WriteInt16(ramp16(2 * 160)); err != nil {
			t.Fatal(err)
		}
		r := openReader(t, ff.Name())
		if r.Frames() != int64(i*160) || len(r.Warnings()) > 0 {
			t.Fatalf("after write %d the header says %d frames (warnings %q), want %d", i, r.Frames(), r.Warnings(), i*160)
		}
	}
	if ff.syncs != 4 {
		t.Errorf("%d syncs over 3.6 s at a 1 s interval, want 1 + 3", ff.syncs)
	}
	if err := w.Flush(); err != nil || ff.syncs != 5 {
		t.Errorf("Flush: %v, %d syncs", err, ff.syncs)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := w.Write(make([]byte, 4)); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Write after Close: %v", err)
	}
}

// TestCreateNoOverwrite: an existing recording is never overwritten
// without Force.
func TestCreateNoOverwrite(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "answer.wav", []byte("precious"))
	f := Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}
	_, err := Create(path, f, CreateOptions{})
	var ee *ExistsError
	if !errors.As(err, &ee) || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Create over an existing file: %v", err)
	}
	if want := path + " already exists: use --force to overwrite it or pick another name"; err.Error() != want {
		t.Errorf("message %q", err)
	}
	if string(mustRead(t, path)) != "precious" {
		t.Fatal("the existing file was changed")
	}
	w, err := Create(path, f, CreateOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	w.WriteInt16([]int16{1, 2, 3})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := soxiFrames(t, path); n != 3 {
		t.Errorf("overwritten file has %d frames", n)
	}
}

func TestCreateUnwritable(t *testing.T) {
	dir := t.TempDir()
	notDir := writeFile(t, dir, "plain", []byte("x"))
	f := Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}
	for path, want := range map[string]string{
		filepath.Join(notDir, "a.wav"):         "create " + filepath.Join(notDir, "a.wav") + ": not a directory",
		filepath.Join(dir, "missing", "a.wav"): "create " + filepath.Join(dir, "missing", "a.wav") + ": no such file or directory",
		dir:                                    dir + " already exists", // nor is a directory
	} {
		if _, err := Create(path, f, CreateOptions{}); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Create(%s): %v, want %q", path, err, want)
		}
	}
	if _, err := Create(dir, f, CreateOptions{Force: true}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Create over a directory with Force: %v", err)
	}
}

func TestWriterBadUse(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []Format{
		{SampleRate: 16000, Channels: 1, BitsPerSample: 12},
		{SampleRate: 16000, Channels: 0, BitsPerSample: 16},
		{SampleRate: 0, Channels: 1, BitsPerSample: 16},
		{SampleRate: 8000, Channels: 1, BitsPerSample: 8, Law: ALaw},
		{SampleRate: 16000, Channels: 1, BitsPerSample: 16, Float: true},
	} {
		path := filepath.Join(dir, "x.wav")
		if _, err := Create(path, f, CreateOptions{}); err == nil || !strings.HasPrefix(err.Error(), "cannot write ") {
			t.Errorf("Create with %v: %v", f, err)
		}
		if _, err := os.Stat(path); err == nil {
			t.Errorf("Create with %v left a file", f)
		}
	}

	w, err := Create(filepath.Join(dir, "s.wav"), Format{SampleRate: 16000, Channels: 2, BitsPerSample: 16}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Write(make([]byte, 6)); err == nil || !strings.Contains(err.Error(), "not a whole number of 4-byte frames") {
		t.Errorf("half a frame: %v", err)
	}
	if err := w.WriteInt16(make([]int16, 3)); err == nil {
		t.Error("3 samples to 2 channels: no error")
	}
	if err := w.WriteFloat32([]float32{2, -2, 0.5, float32(math.NaN())}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r := openReader(t, filepath.Join(dir, "s.wav"))
	if got := readAll(t, r, 8); fmt.Sprint(got) != fmt.Sprint([]float32{32767.0 / 32768, -1, 0.5, 0}) {
		t.Errorf("float samples written as %v", got)
	}
}

// TestKillDuringRecording records in real time in a child process with a
// 1 s sync interval, kills it with SIGKILL after about 2.5 s, and checks
// that the file opens in sox and this reader with at most 1 s missing, and
// that Repair leaves its sizes exact.
func TestKillDuringRecording(t *testing.T) {
	t.Parallel()
	const rate, chunk = 16000, 320 // 20 ms writes
	if path := os.Getenv("STARCOACH_WAV_RECORD_CHILD"); path != "" {
		recordUntilKilled(path, rate, chunk)
		return
	}
	testaudio.Need(t, "soxi") // before the 2.5 s of recording, not after
	path := filepath.Join(t.TempDir(), "killed.wav")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringRecording$", "-test.count=1")
	cmd.Env = append(os.Environ(), "STARCOACH_WAV_RECORD_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	started := false
	for lines.Scan() {
		if lines.Text() == "recording" {
			started = true
			break
		}
	}
	if !started {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the recording child never started")
	}
	t0 := time.Now()
	time.Sleep(2500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(t0)
	cmd.Wait()

	spoken := int64(elapsed.Seconds() * rate)
	headerFrames := soxiFrames(t, path)
	r := openReader(t, path)
	got := readAllMono(t, r, 4096)
	t.Logf("killed after %v: %d frames recorded in real time, header says %d, reader read %d", elapsed, spoken, headerFrames, len(got))
	if r.Frames() != headerFrames || int64(len(got)) != headerFrames || len(r.Warnings()) > 0 {
		t.Fatalf("sox says %d frames, reader %d (read %d), warnings %q", headerFrames, r.Frames(), len(got), r.Warnings())
	}
	if missing := spoken - headerFrames; missing > rate || headerFrames > spoken+rate/10 {
		t.Fatalf("%d frames readable of %d recorded: %d missing, at most %d allowed", headerFrames, spoken, missing, rate)
	}
	for i, v := range got {
		if want := float32(killTone(i)) / 32768; v != want {
			t.Fatalf("frame %d = %v, want %v", i, v, want)
		}
	}

	res, err := Repair(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	onDisk := (st.Size() - 44) / 2
	if res.Frames != onDisk || res.FramesBefore != headerFrames || res.Frames < headerFrames {
		t.Fatalf("Repair: %+v, %d frames on disk, header had %d", res, onDisk, headerFrames)
	}
	if n := soxiFrames(t, path); n != res.Frames {
		t.Fatalf("after Repair sox reads %d frames, want %d", n, res.Frames)
	}
}

func killTone(i int) int16 {
	return int16(12000 * math.Sin(2*math.Pi*440*float64(i)/16000))
}

// recordUntilKilled is the child's side: it writes a tone in real time
// until it is killed (or gives up after 20 s).
func recordUntilKilled(path string, rate, chunk int) {
	w, err := Create(path, Format{SampleRate: rate, Channels: 1, BitsPerSample: 16}, CreateOptions{SyncInterval: time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("recording")
	start := time.Now()
	buf := make([]int16, chunk)
	next := 0
	for time.Since(start) < 20*time.Second {
		due := int(time.Since(start).Seconds() * float64(rate))
		for next+chunk <= due {
			for i := range buf {
				buf[i] = killTone(next + i)
			}
			if err := w.WriteInt16(buf); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			next += chunk
		}
		time.Sleep(5 * time.Millisecond)
	}
	os.Exit(2)
}

// TestWriterSizeLimit: a recording stops cleanly at the 4 GiB a WAV can
// hold. The file is sparse, so nothing near that size is written.
func TestWriterSizeLimit(t *testing.T) {
	ff := newFaultyFile(t, "long.wav")
	w, err := NewWriter(ff, Format{SampleRate: 16000, Channels: 1, BitsPerSample: 16}, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.data = w.maxData - 4 // as if 37 hours had been recorded
	if _, err := w.Write(make([]byte, 4)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(make([]byte, 2)); err == nil || !strings.Contains(err.Error(), "a WAV file holds at most 4 GiB") {
		t.Fatalf("write past 4 GiB: %v", err)
	}
	b := make([]byte, 44)
	ff.ReadAt(b, 0)
	if riff, data := binary.LittleEndian.Uint32(b[4:]), binary.LittleEndian.Uint32(b[40:]); int64(data) != w.maxData || int64(riff) != w.maxData+36 {
		t.Fatalf("header sizes RIFF %d data %d, want data %d", riff, data, w.maxData)
	}
}

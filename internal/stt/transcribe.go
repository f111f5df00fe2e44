package stt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/transcript"
)

// MinTimeout is the shortest time limit an engine gets by default; longer
// recordings get TimeoutFactor times their length.
const (
	MinTimeout    = 60 * time.Second
	TimeoutFactor = 5
	// MaxFileOutput caps the output files engines write (whisper's and
	// vosk-transcriber's JSON).
	MaxFileOutput = 64 << 20
)

// Transcriber runs one engine on recordings.
type Transcriber struct {
	Engine Engine
	Runner Runner
	// Timeout is the time limit for each recording; 0 scales it to the
	// recording (TimeoutFactor times its length, at least MinTimeout).
	Timeout time.Duration
	// TempDir is where the scratch directory for each run is made ("" for
	// the system's). It holds the converted audio and the engine's output
	// files and is removed when the run ends, however it ends.
	TempDir string
	// Now stamps the transcript; time.Now when nil.
	Now func() time.Time
}

// Error is a failed transcription of one recording.
type Error struct {
	Engine string
	Err    error
	Stderr []string // for output that could not be understood
}

func (e *Error) Error() string {
	if errors.Is(e.Err, errNoTranscript) {
		return fmt.Sprintf("%s wrote no transcript%s", e.Engine, stderrSuffix(e.Stderr, false))
	}
	var pe *ParseError
	if errors.As(e.Err, &pe) {
		return fmt.Sprintf("%s output not understood: %v%s", e.Engine, pe, stderrSuffix(e.Stderr, false))
	}
	return e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// TimeoutFor is the default time limit for a recording of seconds.
func TimeoutFor(seconds float64) time.Duration {
	d := time.Duration(seconds * TimeoutFactor * float64(time.Second))
	if d < MinTimeout || math.IsNaN(seconds) {
		return MinTimeout
	}
	return d
}

// Transcribe runs the engine on the WAV file at wavPath and returns its
// transcript, with times checked against the recording's length. The
// recording is only read. Problems with the recording itself are returned
// as they are (a *wav.FormatError, a file error); failures of the engine are
// an *Error naming it.
func (tr *Transcriber) Transcribe(ctx context.Context, wavPath string) (*transcript.Transcript, error) {
	sp, ok := specFor(tr.Engine.Name)
	if !ok {
		return nil, fmt.Errorf("unknown engine %q", tr.Engine.Name)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tr.TempDir, scratchPattern())
	if err != nil {
		return nil, fmt.Errorf("make a scratch directory: %w", err)
	}
	defer os.RemoveAll(dir)

	audio, err := prepareAudio(ctx, wavPath, dir, sp.needs16k)
	if err != nil {
		return nil, err
	}
	timeout := tr.Timeout
	if timeout <= 0 {
		timeout = TimeoutFor(audio.seconds)
	}
	cmd, read := tr.command(sp, audio.path, dir)
	cmd.Timeout = timeout
	out, err := tr.Runner.Run(ctx, cmd)
	if err != nil {
		return nil, err
	}
	t, err := readSafely(read, out)
	if err != nil {
		var stderr []string
		if out != nil {
			stderr = out.Stderr
		}
		return nil, &Error{Engine: tr.Engine.Name, Err: err, Stderr: stderr}
	}
	t.Engine, t.Model = tr.Engine.Name, tr.Engine.ModelName()
	t.Hesitations = sp.hesitations
	if tr.Engine.Name == Command && tr.Engine.Hesitations != "" {
		// A user's own engine says in the configuration what it does.
		t.Hesitations = tr.Engine.Hesitations
	}
	now := time.Now
	if tr.Now != nil {
		now = tr.Now
	}
	t.Created = now().UTC().Truncate(time.Second)
	t.DurationS = math.Round(audio.seconds*1000) / 1000
	normalize(t)
	if err := t.CheckSize(); err != nil {
		// Refused here, before anything is saved or STAR-checked.
		return nil, &Error{Engine: tr.Engine.Name, Err: parseErrorf(0, "%v", err)}
	}
	return t, nil
}

// whisperPrompt is the text whisper is primed with. Whisper writes speech
// as it continues its prompt; a prompt in fluent prose makes it tidy the
// speaker's "um" and "uh" away, one that hesitates makes it keep them, so
// that fillers can be counted.
const whisperPrompt = "Um, so, uh, I was, like, working on the, uh, the checkout. Hmm, and, um, you know, I fixed it."

// command builds the engine's command line and the function that reads its
// result.
func (tr *Transcriber) command(sp spec, input, dir string) (Cmd, func(*Output) (*transcript.Transcript, error)) {
	e := tr.Engine
	cmd := Cmd{Name: e.Name, Path: e.Program, Dir: dir, Hint: "install it: " + sp.install, Noise: sp.noise}
	switch e.Name {
	case Whisper:
		prefix := filepath.Join(dir, "whisper")
		cmd.Args = []string{"-m", e.Model, "-f", input, "-oj", "-ojf", "-of", prefix, "-np", "--prompt", whisperPrompt}
		return cmd, func(*Output) (*transcript.Transcript, error) {
			data, err := readOutputFile(prefix + ".json")
			if err != nil {
				return nil, err
			}
			return ParseWhisper(data)
		}
	case Vosk:
		file := filepath.Join(dir, "vosk.json")
		cmd.Args = []string{"-i", input, "-t", "json", "-o", file}
		if e.Model != "" {
			cmd.Args = append(cmd.Args, "-m", e.Model)
		}
		return cmd, func(*Output) (*transcript.Transcript, error) {
			data, err := readOutputFile(file)
			if err != nil {
				return nil, err
			}
			return ParseVosk(data)
		}
	case PocketSphinx:
		// -remove_silence no: the engine's own voice-activity detector
		// can start its clock late. After half a second of silence it
		// once stamped the first word 7 s after the speech began, and
		// every word after it as late, past the end of the recording.
		// Without it the frames are counted from the start of the file;
		// the words heard are the same, and pauses are measured from the
		// audio, not from the engine's utterances.
		cmd.Args = []string{"-infile", input, "-time", "yes", "-remove_silence", "no"}
		return cmd, func(out *Output) (*transcript.Transcript, error) {
			return ParsePocketSphinx(out.Stdout)
		}
	default:
		cmd.Hint = commandHint
		cmd.Args = make([]string, len(e.Args))
		for i, a := range e.Args {
			cmd.Args[i] = strings.ReplaceAll(a, WavPlaceholder, input)
		}
		return cmd, func(out *Output) (*transcript.Transcript, error) {
			return ParseCommandOutput(out.Stdout)
		}
	}
}

// readSafely reads the engine's output with read. The output is the
// engine's, so anything may be in it: a reader that panics on it (a bug)
// fails this one transcription with a parse error instead of bringing down
// the session whose recordings are being transcribed.
func readSafely(read func(*Output) (*transcript.Transcript, error), out *Output) (t *transcript.Transcript, err error) {
	defer func() {
		if p := recover(); p != nil {
			t, err = nil, parseErrorf(0, "a bug in starcoach's reader stopped on it: %v", p)
		}
	}()
	return read(out)
}

// errNoTranscript is an engine that exited well but left no output file.
var errNoTranscript = errors.New("no transcript written")

// readOutputFile reads a file an engine wrote, refusing one that is absent
// (engines such as whisper-cli exit with status 0 when they could not read
// the audio) or too large.
func readOutputFile(path string) ([]byte, error) {
	f, err := safefile.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNoTranscript
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileOutput+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileOutput {
		return nil, parseErrorf(0, "its transcript is larger than %d MiB", MaxFileOutput>>20)
	}
	return data, nil
}

// normalize makes a transcript consistent whatever the engine: times
// inside the recording, never negative or reversed, words in time order,
// confidences in [0, 1], text present when segments or words are.
func normalize(t *transcript.Transcript) {
	limit := t.DurationS
	clamp := func(v float64) float64 {
		if math.IsNaN(v) || v < 0 {
			return 0
		}
		if limit > 0 && v > limit {
			return limit
		}
		return math.Round(v*1000) / 1000
	}
	words := t.Words[:0]
	for _, w := range t.Words {
		w.Word = strings.TrimSpace(w.Word)
		if w.Word == "" {
			continue
		}
		w.StartS, w.EndS = clamp(w.StartS), clamp(w.EndS)
		if w.EndS < w.StartS {
			w.EndS = w.StartS
		}
		if math.IsNaN(w.Conf) || w.Conf < 0 {
			w.Conf = 0
		}
		w.Conf = math.Min(1, math.Round(w.Conf*10000)/10000)
		words = append(words, w)
	}
	sort.SliceStable(words, func(i, j int) bool { return words[i].StartS < words[j].StartS })
	t.Words = words
	segs := t.Segments[:0]
	for _, s := range t.Segments {
		s.Text = strings.TrimSpace(s.Text)
		if s.Text == "" {
			continue
		}
		s.StartS, s.EndS = clamp(s.StartS), clamp(s.EndS)
		if s.EndS < s.StartS {
			s.EndS = s.StartS
		}
		segs = append(segs, s)
	}
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].StartS < segs[j].StartS })
	t.Segments = segs
	t.Text = strings.Join(strings.Fields(t.Text), " ")
	if t.Text == "" {
		t.Text = joinSegments(t.Segments)
	}
	if t.Text == "" {
		t.Text = joinWords(t.Words)
	}
	if len(t.Segments) == 0 && t.Text != "" {
		seg := transcript.Segment{EndS: t.DurationS, Text: t.Text}
		if len(t.Words) > 0 {
			seg.StartS, seg.EndS = t.Words[0].StartS, t.Words[len(t.Words)-1].EndS
		}
		t.Segments = []transcript.Segment{seg}
	}
	if t.Segments == nil {
		t.Segments = []transcript.Segment{}
	}
	if t.Words == nil {
		t.Words = []transcript.Word{}
	}
}

// Save writes t beside the recording at wavPath (see transcript.PathFor),
// atomically: a crash leaves the old transcript or the new one, never half
// of one. It returns the transcript's path.
func Save(wavPath string, t *transcript.Transcript) (string, error) {
	path := assess.Paths(wavPath).Transcript
	if other, ok := assess.SharedWith(wavPath); ok {
		return "", fmt.Errorf("write %s: %s and %s would share it; rename one of them", path, wavPath, other)
	}
	if err := atomicfile.Write(path, atomicfile.PrivateFile, t.EncodeFile); err != nil {
		return "", err // "write PATH: ...": it names the file
	}
	return path, nil
}

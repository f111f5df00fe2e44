package assess

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/fileerr"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/transcript"
)

// This file reads what an answer is assessed from when it is named by a
// file rather than held in a session: a plain-text answer, the transcript
// of a recording, and the recording's timing.

// MaxTextBytes bounds a plain-text answer: two minutes of speech is about
// 2 KB, so anything near this is not an answer.
const MaxTextBytes = 1 << 20

// ReadText reads a plain-text answer from path, or from stdin for "-".
func ReadText(path string, stdin io.Reader) (*transcript.Transcript, error) {
	r := stdin
	if path != "-" {
		f, err := safefile.Open(path)
		if err != nil {
			return nil, fileerr.Of(path, err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, fmt.Errorf("%s: is a directory, not a text file", path)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxTextBytes+1))
	if err != nil {
		return nil, fileerr.Of(path, err)
	}
	if len(data) > MaxTextBytes {
		return nil, fmt.Errorf("%s: over %d KB, far longer than an answer; give the text of one answer", path, MaxTextBytes>>10)
	}
	if strings.TrimSpace(string(data)) == "" {
		return nil, fmt.Errorf("%s: no words in it", path)
	}
	if strings.ContainsRune(string(data), 0) {
		return nil, fmt.Errorf("%s: not a text file", path)
	}
	t := &transcript.Transcript{Text: string(data)}
	if err := t.CheckSize(); err != nil {
		return nil, fmt.Errorf("%s: %v; give the text of one answer", path, err)
	}
	return t, nil
}

// ReadTranscript reads the transcript of a recording, or the transcript
// itself when given one, and says where it was.
func ReadTranscript(path string) (*transcript.Transcript, string, error) {
	tpath := path
	if !strings.HasSuffix(path, ".transcript.json") {
		tpath = Paths(path).Transcript
	}
	f, err := safefile.Open(tpath)
	if errors.Is(err, fs.ErrNotExist) {
		if _, werr := os.Stat(path); werr != nil && tpath != path {
			return nil, "", fileerr.Of(path, werr)
		}
		return nil, "", fmt.Errorf("%s: no transcript yet (%s); make one with: starcoach transcribe %s", path, tpath, path)
	}
	if err != nil {
		return nil, "", fileerr.Of(tpath, err)
	}
	defer f.Close()
	t, err := transcript.Decode(safefile.LimitReader(f, tpath, transcript.MaxFileBytes))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v; make it again with: starcoach transcribe --force %s", tpath, err, path)
	}
	return t, tpath, nil
}

// TimeRecording is the recording's timing, saved beside it or measured
// now, against limitS; nil, nil when the recording is not there (a
// transcript can outlive its audio) or path is a transcript.
func TimeRecording(path string, limitS float64) (*analyze.Result, error) {
	if strings.HasSuffix(path, ".transcript.json") {
		return nil, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	f, err := fileerr.OpenRecording(path)
	if err != nil {
		return nil, err
	}
	f.Close()
	r, _, err := LoadTiming(path, limitS)
	if err != nil {
		return nil, fileerr.Of(path, err)
	}
	return &r, nil
}

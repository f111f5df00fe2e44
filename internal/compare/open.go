package compare

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/jsonfile"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

var answerRef = regexp.MustCompile(`^(.+):([0-9]+)$`)

// ParseRef splits "SESSION:N" into the session and the answer number
// (1-based, as session reports number answers).
func ParseRef(ref string) (sessionID string, n int, ok bool) {
	m := answerRef.FindStringSubmatch(ref)
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return m[1], n, true
}

// Open measures the answer named by ref: an existing recording (its
// ANSWER.wav.timing.json and ANSWER.transcript.json beside it are read;
// without a timing file the recording is analysed), or SESSION:N, the N-th
// answer of a session ("latest:2", "2026-11-23:1").
func Open(ref string, store *session.Store, lex *star.Lexicon) (Take, error) {
	if st, err := os.Stat(ref); err == nil {
		if st.IsDir() {
			return Take{}, fmt.Errorf("%s: is a directory; name a recording or SESSION:N", ref)
		}
		return openRecording(ref, ref, "", "", "", lex)
	}
	id, n, ok := ParseRef(ref)
	if !ok {
		return Take{}, fmt.Errorf("%s: no such recording, and not SESSION:N (for example latest:2)", ref)
	}
	sess, err := store.Load(id)
	if err != nil {
		return Take{}, fmt.Errorf("%s: %w", ref, err)
	}
	if n > len(sess.Answers) {
		return Take{}, fmt.Errorf("%s: session %s has %d answers; see 'starcoach sessions show %s'", ref, sess.ID, len(sess.Answers), sess.ID)
	}
	a := sess.Answers[n-1]
	question := a.Prompt
	if a.Kind != session.KindFollowUp && a.Question >= 0 && a.Question < len(sess.Questions) {
		question = sess.Questions[a.Question].Text
	}
	dir := store.SessionDir(sess.ID)
	wavPath := filepath.Join(dir, a.WAV)
	timingPath, transcriptPath := "", ""
	if a.Timing != "" {
		timingPath = filepath.Join(dir, a.Timing)
	}
	if a.Transcript != "" {
		transcriptPath = filepath.Join(dir, a.Transcript)
	}
	return openRecording(ref, wavPath, timingPath, transcriptPath, question, lex)
}

// openRecording reads what is known of one recording. Empty timingPath and
// transcriptPath mean the files beside the recording.
func openRecording(ref, wavPath, timingPath, transcriptPath, question string, lex *star.Lexicon) (Take, error) {
	if timingPath == "" {
		timingPath = wavPath + ".timing.json"
	}
	if transcriptPath == "" {
		transcriptPath = assess.Paths(wavPath).Transcript
	}
	timing, err := readTiming(timingPath, wavPath)
	if err != nil {
		return Take{}, err
	}
	t, err := readTranscript(transcriptPath)
	if err != nil {
		return Take{}, err
	}
	if timing == nil && t == nil {
		return Take{}, fmt.Errorf("%s: neither the recording (%s) nor its transcript is there", ref, wavPath)
	}
	return NewTake(ref, question, timing, t, lex), nil
}

// readTiming reads a timing file, or analyses the recording when there is
// none; nil when neither is there.
func readTiming(path, wavPath string) (*analyze.Result, error) {
	var r analyze.Result
	err := jsonfile.Read(path, &r)
	if err == nil {
		return &r, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%v; remove it to measure the recording again", err)
	}
	w, err := safefile.Open(wavPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err // names the file
	}
	defer w.Close()
	r, err = analyze.Stream(w, analyze.DefaultOptions())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", wavPath, err)
	}
	return &r, nil
}

// readTranscript reads a transcript; nil when there is none.
func readTranscript(path string) (*transcript.Transcript, error) {
	t, err := transcript.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%v; make it again with starcoach transcribe --force", err)
	}
	return t, nil
}

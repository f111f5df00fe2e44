package practice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/wav"
)

// process transcribes and checks answer i and records the outcome in the
// session. A cancelled ctx leaves the answer recorded, to be done later.
func (r *Runner) process(ctx context.Context, i int) {
	s := r.snapshot()
	a := s.Answers[i]
	if r.Transcriber == nil {
		return
	}
	out := TranscribeAnswer(ctx, r.Handle.Dir(), a, assess.Limit(s, a), r.Transcriber, r.words())
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := &r.Handle.Answers[i]
	cur.Status, cur.Error, cur.Transcript, cur.Star = out.Status, out.Error, out.Transcript, out.Star
	if err := r.Handle.Save(); err != nil {
		fmt.Fprintf(r.Err, "starcoach: save session: %v\n", err)
	}
	if out.Status == session.StatusFailed {
		fmt.Fprintf(r.Err, "starcoach: answer %d: transcription failed: %s\n", i+1, out.Error)
	}
}

// TranscribeAnswer transcribes the recording of answer a in the session
// folder dir, saves the transcript and its STAR check beside it and returns
// the answer with its new status and file names. A failed engine run marks
// the answer failed with the one-line reason; the recording and its timing
// are never touched. A cancelled ctx returns the answer unchanged.
func TranscribeAnswer(ctx context.Context, dir string, a session.Answer, limitS float64, tr Transcriber, words assess.Options) (got session.Answer) {
	// The last line of defence: this runs behind the recorder, and a bug
	// set off by an engine's output must not end the session. The answer
	// is marked failed as it was; its recording and timing are kept.
	before := a
	defer func() {
		if p := recover(); p != nil {
			got = before
			got.Status, got.Error = session.StatusFailed, oneLine(fmt.Sprintf("transcription stopped by an internal error (%v); the recording is kept", p))
		}
	}()
	wavPath := filepath.Join(dir, a.WAV)
	t, err := tr.Transcribe(ctx, wavPath)
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) {
			return a
		}
		a.Status = session.StatusFailed
		a.Error = oneLine(err.Error())
		return a
	}
	if _, err := stt.Save(wavPath, t); err != nil {
		a.Status, a.Error = session.StatusFailed, oneLine(err.Error())
		return a
	}
	a.Transcript = assess.Paths(a.WAV).Transcript
	res := checkAnswer(dir, a, t, limitS, words)
	name := assess.Paths(a.WAV).Star
	err = atomicfile.Write(filepath.Join(dir, name), atomicfile.PrivateFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	})
	if err != nil {
		a.Status, a.Error = session.StatusFailed, oneLine(fmt.Sprintf("save STAR check: %v", err))
		return a
	}
	a.Star = name
	a.Status = session.StatusTranscribed
	a.Error = ""
	return a
}

// checkAnswer makes the STAR check of answer a from transcript t, with
// its timing, saved or measured now; with only the recording's length
// when the timing cannot be had.
func checkAnswer(dir string, a session.Answer, t *transcript.Transcript, limitS float64, words assess.Options) star.Result {
	tm, _, err := assess.LoadTiming(filepath.Join(dir, a.WAV), limitS)
	if err != nil {
		tm = analyze.Result{DurationS: a.DurationS, AnswerS: a.DurationS, LimitS: limitS}
		tm = assess.Rejudge(tm, limitS)
	}
	return assess.Check(t, &tm, limitS, words)
}

// oneLine keeps the first line of an error message.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// recover makes answers that a crash left in progress whole: a recording
// that reached the disk is repaired, timed and kept; one that did not is
// forgotten. Nothing recorded is lost.
func (r *Runner) recover() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	changed := false
	kept := r.Handle.Answers[:0]
	for _, a := range r.Handle.Answers {
		if a.Status != session.StatusRecording {
			kept = append(kept, a)
			continue
		}
		changed = true
		got, ok, err := RecoverAnswer(r.Handle.Dir(), a, assess.Limit(r.Handle.Session, a))
		if err != nil {
			fmt.Fprintf(r.Err, "starcoach: %v\n", err)
		}
		if ok {
			fmt.Fprintf(r.Err, "starcoach: kept %s, cut off when the last run stopped (%s)\n", a.WAV, timefmt.Clock(got.DurationS))
			got.Interrupted = true
			kept = append(kept, got)
		}
	}
	r.Handle.Answers = kept
	if changed {
		return r.Handle.Save()
	}
	return nil
}

// CutShort is the answer whose take Ctrl-C (or a crash) cut short and
// which still counts for its question, or -1: --resume offers to take its
// question again.
func CutShort(s *session.Session) int {
	for i := len(s.Answers) - 1; i >= 0; i-- {
		a := s.Answers[i]
		if a.Kind == session.KindFollowUp {
			continue
		}
		if (a.Interrupted || a.Status == session.StatusRecording) && s.Counts(i) {
			return i
		}
		return -1
	}
	return -1
}

// RecoverAnswer finishes an answer whose recording was cut off by a crash:
// it repairs the WAV's header, times it and saves the timing. ok is false
// when there is no audio to keep.
func RecoverAnswer(dir string, a session.Answer, limitS float64) (session.Answer, bool, error) {
	path := filepath.Join(dir, a.WAV)
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return a, false, nil
	}
	if err != nil {
		return a, false, err
	}
	if st.Size() <= 44 {
		os.Remove(path)
		return a, false, nil
	}
	if _, err := wav.Repair(path); err != nil {
		return a, false, fmt.Errorf("%s: %w (the file is kept)", path, err)
	}
	tm, err := TimeRecording(path, filepath.Join(dir, assess.Paths(a.WAV).Timing), limitS)
	if err != nil {
		return a, false, err
	}
	a.Status = session.StatusRecorded
	a.Timing = assess.Paths(a.WAV).Timing
	a.DurationS = assess.Round3(tm.DurationS)
	return a, true, nil
}

// TimeRecording times the WAV at path against limitS and saves the timing
// to timingPath.
func TimeRecording(path, timingPath string, limitS float64) (analyze.Result, error) {
	tm, err := assess.Measure(path, limitS)
	if err != nil {
		return tm, err
	}
	err = atomicfile.Write(timingPath, atomicfile.PrivateFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(tm)
	})
	if err != nil {
		return tm, err // "write PATH: ...": it names the file
	}
	return tm, nil
}

// Verdict is the one line said right after an answer: its length against
// the limit, as every view says it (analyze.TimeLine), and its long pauses.
func Verdict(t analyze.Result) string {
	var b strings.Builder
	b.WriteString(analyze.TimeLine(t))
	if t.SpeechFound {
		fmt.Fprintf(&b, "; first word at %s", timefmt.Seconds(t.SpeechStartS))
	}
	long := assess.LongPauses(t.Gaps)
	switch len(long) {
	case 0:
	case 1:
		fmt.Fprintf(&b, "; a long pause of %s at %s", timefmt.Seconds(long[0].DurationS), timefmt.Clock(long[0].StartS))
	default:
		fmt.Fprintf(&b, "; %d long pauses, longest %s", len(long), timefmt.Seconds(t.LongestGapS))
	}
	return b.String()
}

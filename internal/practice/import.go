package practice

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/wav"
)

// Import adds a recording made elsewhere to the session as the answer to
// q (added to the session's questions if it is not there yet): the WAV is
// copied into the session folder under the answer's name, checked to be a
// WAV it can read, and timed. storyName is the story the answer tells
// ("" for none yet). The original is only read. It returns the new
// answer's index; the session is saved.
func Import(h *session.Handle, src string, q session.Question, storyName string) (int, error) {
	f, err := safefile.Open(src)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if st.IsDir() {
		return 0, fmt.Errorf("%s: is a directory, not a WAV file", src)
	}
	// Read the header first: a file that is not a WAV is refused before
	// anything is copied.
	if _, err := wav.NewReader(f); err != nil {
		return 0, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}

	// All or nothing: whatever fails below (a full disk, most often)
	// leaves the session and its folder as they were.
	questions, finished := len(h.Questions), h.Finished
	var made []string
	undo := func() {
		for _, p := range made {
			os.Remove(p)
		}
		h.Questions, h.Finished = h.Questions[:questions], finished
	}
	qi := -1
	for i, have := range h.Questions {
		if have.ID == q.ID {
			qi = i
		}
	}
	if qi < 0 {
		h.Questions = append(h.Questions, assess.SessionQuestion(h.Session, q))
		qi = len(h.Questions) - 1
	}
	n := len(h.Answers) + 1
	name := FileBase(n, q.ID, session.KindAnswer) + ".wav"
	dst := h.Path(name)
	made = append(made, dst)
	if err := atomicfile.Write(dst, atomicfile.PrivateFile, func(w io.Writer) error {
		_, err := io.Copy(w, f)
		return err
	}); err != nil {
		undo()
		return 0, fmt.Errorf("copy %s into the session: %w", src, err)
	}
	timing := h.Path(assess.Paths(name).Timing)
	made = append(made, timing)
	tm, err := TimeRecording(dst, timing, assess.Limit(h.Session, session.Answer{Question: qi, Kind: session.KindAnswer}))
	if err != nil {
		undo()
		return 0, err
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		abs = src
	}
	h.Answers = append(h.Answers, session.Answer{
		Question:  qi,
		Kind:      session.KindAnswer,
		Recorded:  st.ModTime().UTC().Truncate(time.Second),
		Status:    session.StatusRecorded,
		WAV:       name,
		Timing:    assess.Paths(name).Timing,
		DurationS: assess.Round3(tm.DurationS),
		Imported:  abs,
		Story:     storyName,
		// A question answered already is taken again: the new take
		// counts, the earlier one is kept (session.Counts). A recording
		// brought in is transcribed whatever its timing found: its words
		// say whether anything was said.
		Retake: h.CountedTake(qi) + 1,
	})
	h.Finished = allAnswered(h.Session)
	if err := h.Save(); err != nil {
		h.Answers = h.Answers[:n-1]
		undo()
		return 0, err
	}
	return len(h.Answers) - 1, nil
}

// Unimport takes back answer i, the last one, that Import added after the
// session had questions questions and was finished or not: the session
// is saved as it was before, and the answer's files go. What the session
// file on disk still names is removed only once it names it no more, so
// if the save fails (a full disk) the recording and its timing stay,
// and the session is still whole.
func Unimport(h *session.Handle, i, questions int, finished bool) error {
	if i != len(h.Answers)-1 || questions > len(h.Questions) {
		return fmt.Errorf("answer %d of session %s is not the last one imported", i+1, h.ID)
	}
	f := assess.Paths(h.Answers[i].WAV)
	// The transcript and STAR check were made after the last save.
	os.Remove(h.Path(f.Transcript))
	os.Remove(h.Path(f.Star))
	answers, qs, fin := h.Answers, h.Questions, h.Finished
	h.Answers, h.Questions, h.Finished = h.Answers[:i], h.Questions[:questions], finished
	if err := h.Save(); err != nil {
		h.Answers, h.Questions, h.Finished = answers, qs, fin
		return err
	}
	os.Remove(h.Path(f.WAV))
	os.Remove(h.Path(f.Timing))
	return nil
}

// allAnswered reports whether every question of s has an answer that
// counts (session.Counts).
func allAnswered(s *session.Session) bool {
	for i := range s.Questions {
		if s.CountedTake(i) < 0 {
			return false
		}
	}
	return true
}

// Transcribe transcribes and checks the answers of an open session that
// have no transcript yet (with all, every answer), one at a time in order,
// saving the session after each. report is called after each answer with
// its index. A cancelled ctx stops after the answer in progress.
func Transcribe(ctx context.Context, h *session.Handle, tr Transcriber, words assess.Options, all bool, report func(i int)) error {
	for i, a := range h.Answers {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if a.NoSpeech {
			continue // nothing was said: nothing to transcribe
		}
		switch a.Status {
		case session.StatusRecorded, session.StatusFailed:
		case session.StatusTranscribed:
			// An answer whose transcript or STAR check has gone since is
			// not transcribed any more, whatever session.json says.
			if !all && fileThere(h.Dir(), a.Transcript) && fileThere(h.Dir(), a.Star) {
				continue
			}
		case session.StatusRecording:
			// Cut off by a crash: keep what reached the disk.
			got, ok, err := RecoverAnswer(h.Dir(), a, assess.Limit(h.Session, a))
			if err != nil || !ok {
				continue
			}
			a = got
		default:
			continue
		}
		got := TranscribeAnswer(ctx, h.Dir(), a, assess.Limit(h.Session, a), tr, words)
		h.Answers[i] = got
		if err := h.Save(); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if report != nil {
			report(i)
		}
	}
	return nil
}

// fileThere says whether the session folder dir holds the file name.
func fileThere(dir, name string) bool {
	if name == "" {
		return false
	}
	st, err := os.Stat(filepath.Join(dir, name))
	return err == nil && st.Mode().IsRegular()
}

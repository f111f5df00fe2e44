package practice

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/storybank"
)

// ImportRequest is a recording made elsewhere to add to a session.
type ImportRequest struct {
	File     string           // the recording; only read
	Question prompts.Question // the question it answers
	Story    string           // the story it tells, "" for none yet
	// Session is the session to add it to (anything Store.Open takes);
	// "" makes a new session for it.
	Session string
	// Transcriber transcribes it; nil leaves it to transcribe later.
	Transcriber Transcriber
	Words       assess.Options // the word lists and probes it is judged with
	Now         func() time.Time
	// Warn hears what could not be tidied away after a failure.
	Warn io.Writer
}

// Imported is the outcome of an import: the session's summary and which
// of its answers is the new one.
type Imported struct {
	Summary *Summary
	Index   int
	Session string
}

// Answer is the imported answer as the summary shows it.
func (im Imported) Answer() AnswerSummary { return im.Summary.Answers[im.Index] }

// ImportAnswer adds a recording to a session as one answer: it creates
// the session or opens the one named, copies and times the recording
// (Import), transcribes and checks it when it has a Transcriber, and
// summarises the session. An import that fails is taken back whole (a
// session made for it goes too), so that running it again adds the answer
// once. Interrupted during the transcription, it keeps the answer and
// returns ErrInterrupted with the answer's place (no summary).
func ImportAnswer(ctx context.Context, st *session.Store, req ImportRequest) (Imported, error) {
	if req.Now == nil {
		req.Now = time.Now
	}
	stories, err := CanonicalStories(st, []string{req.Story})
	if err != nil {
		return Imported{}, err
	}
	var h *session.Handle
	if req.Session != "" {
		h, err = st.Open(req.Session, req.Now)
	} else {
		h, err = st.Create(session.Settings{Bank: req.Question.Bank, Count: 1}, nil, req.Now)
	}
	if err != nil {
		return Imported{}, err
	}
	defer h.Close()
	// A session made for this import goes with it: a failed import
	// leaves nothing behind.
	dropSession := func() {
		if req.Session == "" {
			if derr := h.Discard(); derr != nil && req.Warn != nil {
				fmt.Fprintf(req.Warn, "starcoach: remove the empty session %s: %v\n", h.Dir(), derr)
			}
		}
	}
	questions, finished := len(h.Questions), h.Finished
	i, err := Import(h, req.File, SessionQuestion(req.Question), stories[0])
	if err != nil {
		dropSession()
		return Imported{}, err
	}
	if req.Transcriber != nil {
		h.Answers[i] = TranscribeAnswer(ctx, h.Dir(), h.Answers[i], assess.Limit(h.Session, h.Answers[i]), req.Transcriber, req.Words)
		if err := h.Save(); err != nil {
			// The last save failed: the import is taken back whole, so
			// that running it again adds the answer once.
			if req.Session == "" {
				dropSession()
			} else if uerr := Unimport(h, i, questions, finished); uerr != nil {
				return Imported{}, fmt.Errorf("%w (answer %d stays in session %s, recorded but not transcribed)", err, i+1, h.ID)
			}
			return Imported{}, err
		}
		if ctx.Err() != nil {
			// The recording is imported; importing it again would make
			// a second answer, so the way on is transcribe.
			return Imported{Index: i, Session: h.ID}, ErrInterrupted
		}
	}
	sum, err := Summarize(h.Dir(), h.Session, History(st, h.ID), req.Words)
	if err != nil {
		return Imported{}, err
	}
	return Imported{Summary: sum, Index: i, Session: h.ID}, nil
}

// CanonicalStories spells each story name as the store already knows it
// ("Checkout Outage" joins "checkout outage"); empty names stay empty.
func CanonicalStories(st *session.Store, names []string) ([]string, error) {
	out := make([]string, len(names))
	var known []string
	loaded := false
	for i, n := range names {
		if strings.TrimSpace(n) == "" {
			continue
		}
		if !loaded {
			k, err := storybank.Names(st)
			if err != nil {
				return nil, err
			}
			known, loaded = k, true
		}
		out[i] = storybank.Canonical(n, known)
	}
	return out, nil
}

// SessionQuestion is a bank question as a session keeps it.
func SessionQuestion(q prompts.Question) session.Question {
	return session.Question{ID: q.ID, Bank: q.Bank, Text: q.Text, Principles: q.Principles, Level: q.Level, LimitS: q.LimitS, FollowUps: q.FollowUps}
}

// WriteAnswer writes answer i of a summary as the session summary shows
// it, with what is left to do for it.
func WriteAnswer(w io.Writer, sum *Summary, i int) error {
	one := *sum
	one.Answers = sum.Answers[i : i+1]
	one.Pending, one.Failed = 0, 0
	switch one.Answers[0].Status {
	case session.StatusFailed:
		one.Failed = 1
	case session.StatusRecorded:
		one.Pending = 1
	}
	one.Finished = true // what matters here is this answer
	return WriteText(w, &one)
}

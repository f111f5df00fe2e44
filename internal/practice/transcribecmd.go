package practice

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/inorder"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/ui"
)

// interruptedRest is said when Ctrl-C stops a transcription: what is done
// is kept, so the same command carries on.
const interruptedRest = "starcoach: interrupted; run the same command again to transcribe the rest"

// TranscribeFiles transcribes the recordings at paths, jobs at a time,
// printing each to streams.Out in order as it is done (as JSON with
// asJSON) and each failure as one line on streams.Err. It returns
// ui.ErrReported when any file failed or ctx was cancelled, since each
// has been said.
func TranscribeFiles(ctx context.Context, tr *stt.Transcriber, paths []string, jobs int, force bool, lex *speech.Lexicon, streams *ui.Streams, asJSON bool) error {
	// On a terminal the bar also shows that a long engine run is alive.
	bar := streams.ProgressBar(int64(len(paths)), "transcribing")
	failed, interrupted := 0, false
	err := inorder.Run(paths, jobs, func(path string) (Transcribed, error) {
		return TranscribeRecording(ctx, tr, path, force, lex)
	}, func(_ string, r Transcribed, err error) error {
		bar.Clear()
		defer bar.Add(1)
		switch {
		case err != nil && errors.Is(err, context.Canceled):
			interrupted = true
		case err != nil:
			failed++
			fmt.Fprintln(streams.Err, "starcoach:", err)
		default:
			return WriteTranscribed(streams.Out, r, asJSON)
		}
		return nil
	})
	bar.Finish()
	if err != nil {
		return err
	}
	if interrupted {
		fmt.Fprintln(streams.Err, interruptedRest)
		return ui.ErrReported
	}
	if failed > 0 {
		return ui.ErrReported
	}
	return nil
}

// TranscribeSession transcribes the answers of the session id that have
// no transcript (with all, every answer), saying each failure on
// streams.Err, then prints the session's summary. It returns
// ui.ErrReported when an answer failed or ctx was cancelled.
func TranscribeSession(ctx context.Context, st *session.Store, id string, tr Transcriber, words assess.Options, all bool, streams *ui.Streams, asJSON bool) error {
	h, err := st.Open(id, time.Now)
	if err != nil {
		return err
	}
	defer h.Close()
	todo := 0
	for _, a := range h.Answers {
		if all || a.Status != session.StatusTranscribed {
			todo++
		}
	}
	bar := streams.ProgressBar(int64(todo), "transcribing")
	err = Transcribe(ctx, h, tr, words, all, func(i int) {
		bar.Add(1)
		if a := h.Answers[i]; a.Status == session.StatusFailed {
			bar.Clear()
			fmt.Fprintf(streams.Err, "starcoach: answer %d (%s): %s\n", i+1, a.WAV, a.Error)
		}
	})
	bar.Finish()
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(streams.Err, interruptedRest)
		return ui.ErrReported
	}
	if err != nil {
		return err
	}
	sum, err := Summarize(h.Dir(), h.Session, History(st, h.ID), words)
	if err != nil {
		return err
	}
	if err := Write(streams.Out, sum, asJSON); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return ui.ErrReported
	}
	return nil
}

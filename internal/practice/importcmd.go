package practice

import (
	"context"
	"errors"
	"fmt"

	"github.com/starcoach/starcoach/internal/fileerr"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/ui"
	"github.com/starcoach/starcoach/internal/wav"
)

// CheckRecording opens path as a recording and reads its header, so that
// a file that is not one is refused before anything is made for it.
func CheckRecording(path string) error {
	f, err := fileerr.OpenRecording(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := wav.NewReader(f); err != nil {
		return fileerr.Of(path, err)
	}
	return nil
}

// ImportAndWrite imports req.File (ImportAnswer) and prints the new answer
// as the session summary shows it, or as JSON; noEngine is why it was
// not transcribed, when no engine was at hand. A transcription that
// failed is said on streams.Err and returns ui.ErrReported; Ctrl-C during
// it keeps the answer, says how to finish it, and returns ErrInterrupted.
func ImportAndWrite(ctx context.Context, st *session.Store, req ImportRequest, noEngine string, streams *ui.Streams, asJSON bool) error {
	if req.Warn == nil {
		req.Warn = streams.Err
	}
	im, err := ImportAnswer(ctx, st, req)
	var fe *wav.FormatError
	switch {
	case errors.As(err, &fe):
		return fileerr.Of(req.File, err)
	case errors.Is(err, ErrInterrupted):
		fmt.Fprintf(streams.Err, "starcoach: interrupted before the transcript; %s is kept as answer %d of session %s: starcoach transcribe --session %s transcribes it\n", req.File, im.Index+1, im.Session, im.Session)
		return err
	case err != nil:
		return err
	}
	sum, i := im.Summary, im.Index
	sum.NoEngine = noEngine
	a := sum.Answers[i]
	if asJSON {
		if err := ui.WriteJSON(streams.Out, a); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(streams.Out, "imported %s as answer %d of session %s (%s)\n", req.File, a.N, im.Session, a.Files.WAV)
		if err := WriteAnswer(streams.Out, sum, i); err != nil {
			return err
		}
	}
	if a.Status == session.StatusFailed {
		if !asJSON {
			fmt.Fprintf(streams.Err, "starcoach: %s: transcription failed: %s\n", req.File, a.Error)
		}
		return ui.ErrReported
	}
	return nil
}

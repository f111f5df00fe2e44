package analyze

import (
	"fmt"
	"io"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/fileerr"
	"github.com/starcoach/starcoach/internal/inorder"
	"github.com/starcoach/starcoach/internal/ui"
)

// File analyses the recording at path, streaming it; errors name the
// file and say what is wrong with it.
func File(path string, o Options) (Result, error) {
	f, err := fileerr.OpenRecording(path)
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	r, err := Stream(f, o)
	if err != nil {
		return Result{}, fileerr.Of(path, err)
	}
	r.File = path
	return r, nil
}

// Write prints an analysis as text (WriteText) or as one JSON object with
// every time to the millisecond.
func Write(w io.Writer, r Result, asJSON bool) error {
	if asJSON {
		// Every time in it to the millisecond, as the analysis rounds the
		// others; frames keeps the exact length.
		r.DurationS, r.AnswerS = figure.Round(r.DurationS, 3), figure.Round(r.AnswerS, 3)
		r.SpeechEndS = figure.Round(r.SpeechEndS, 3)
		return writeJSON(w, r)
	}
	return WriteText(w, r)
}

// Files is the analyze command: it analyses the recordings at paths, jobs
// at a time, printing each in order as soon as it and those before it are
// done (Write) and each that fails as one line on warn. It returns
// ui.ErrReported when any failed, since each has been said.
func Files(paths []string, jobs int, o Options, w, warn io.Writer, asJSON bool) error {
	failed := 0
	err := inorder.Run(paths, jobs, func(path string) (Result, error) {
		return File(path, o)
	}, func(_ string, r Result, err error) error {
		if err != nil {
			failed++
			fmt.Fprintln(warn, "starcoach:", err)
			return nil
		}
		return Write(w, r, asJSON)
	})
	if err != nil {
		return err
	}
	if failed > 0 {
		return ui.ErrReported
	}
	return nil
}

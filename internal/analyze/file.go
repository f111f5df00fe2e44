package analyze

import (
	"encoding/json"
	"io"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/fileerr"
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
		return json.NewEncoder(w).Encode(r)
	}
	return WriteText(w, r)
}

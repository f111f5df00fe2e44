package practice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/fileerr"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/wav"
)

// Transcribed is one recording's transcription, as `transcribe --json`
// prints it.
type Transcribed struct {
	File       string         `json:"file"`
	Transcript string         `json:"transcript"`
	Engine     string         `json:"engine"`
	Model      string         `json:"model,omitempty"`
	Reused     bool           `json:"reused"`
	DurationS  float64        `json:"duration_s"`
	Text       string         `json:"text"`
	Speech     speech.Figures `json:"speech"`
}

// TranscribeRecording transcribes one recording (or reuses the transcript
// saved beside it from the same engine, unless force), saves the
// transcript and measures the speech with lex. The recording is only read.
func TranscribeRecording(ctx context.Context, tr *stt.Transcriber, path string, force bool, lex *speech.Lexicon) (Transcribed, error) {
	f, err := fileerr.OpenRecording(path)
	if err != nil {
		return Transcribed{}, err
	}
	f.Close()
	res := Transcribed{File: path, Transcript: assess.Paths(path).Transcript}
	t := stt.Saved(path, tr.Engine, force)
	if t != nil {
		res.Reused = true
	} else {
		t, err = tr.Transcribe(ctx, path)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return res, err
			}
			var fe *wav.FormatError
			if errors.As(err, &fe) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
				return res, fileerr.Of(path, err)
			}
			return res, fmt.Errorf("%s: %w", path, err)
		}
		if _, err := stt.Save(path, t); err != nil {
			return res, fmt.Errorf("%s: %w", path, err)
		}
	}
	res.Engine, res.Model, res.DurationS, res.Text = t.Engine, t.Model, t.DurationS, t.Text
	res.Speech = speech.Measure(t, speakingTime(path), lex)
	return res, nil
}

// speakingTime is how long the speaker spoke in the recording, from the
// timing saved beside it, else measured now; 0 when it cannot be had, and
// the rates then run over the whole recording.
func speakingTime(path string) float64 {
	r, _, err := assess.LoadTiming(path, assess.DefaultLimitS)
	if err != nil {
		return 0
	}
	return r.SpeakingS
}

// WriteTranscribed prints a transcription: as one JSON object, or as the
// file, engine and length, the text wrapped, the speech figures and where
// the transcript is.
func WriteTranscribed(w io.Writer, r Transcribed, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(r)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s", r.File, r.Engine)
	if r.Model != "" {
		fmt.Fprintf(&b, " (%s)", filepath.Base(r.Model))
	}
	fmt.Fprintf(&b, ", %s", timefmt.Clock(r.DurationS))
	if r.Reused {
		b.WriteString(", saved transcript (--force to transcribe again)")
	}
	b.WriteString("\n")
	if r.Text == "" {
		b.WriteString("  (no words recognised)\n")
	} else {
		for _, line := range wrap(r.Text, 76) {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if err := speech.WriteText(w, r.Speech); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "  transcript: %s\n", r.Transcript)
	return err
}

// wrap breaks text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

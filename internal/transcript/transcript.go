// Package transcript defines the transcript schema that speech-to-text
// engines produce and the STAR check, sessions and reports consume
// (`*.transcript.json` beside each recording).
package transcript

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/safefile"
)

// Transcript is what an engine heard in one recording.
type Transcript struct {
	Engine string `json:"engine"`
	Model  string `json:"model,omitempty"`
	// Hesitations is what the engine declares of the speaker's "um" and
	// "uh": HesitationsKept or HesitationsDropped; "" when it declares
	// nothing (a command engine, a transcript made by an earlier version,
	// typed text).
	Hesitations string    `json:"hesitations,omitempty"`
	Created     time.Time `json:"created"`
	DurationS   float64   `json:"duration_s"`
	Text        string    `json:"text"`
	Segments    []Segment `json:"segments"`
	Words       []Word    `json:"words"`
}

// Segment is a stretch of text with its time span, as engines report it.
type Segment struct {
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
	Text   string  `json:"text"`
}

// Word is one recognised word with its time span and the engine's
// confidence in [0, 1] (0 where the engine gives none).
type Word struct {
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
	Word   string  `json:"word"`
	Conf   float64 `json:"conf"`
}

// What an engine declares of hesitations (Transcript.Hesitations).
const (
	HesitationsKept    = "kept"
	HesitationsDropped = "dropped"
)

// FillersHeard tells whether the speaker's fillers can be counted from the
// transcript, and when not, why. seen says whether the transcript holds a
// hesitation ("um", "uh"), which shows that its engine writes them. An
// engine that declares it drops them is not trusted even then: a filler
// count from it would be a guess. Typed text (no engine) is counted as
// written; so is the transcript of an engine that declares nothing but
// wrote a hesitation. Otherwise the count would read as 0 when the
// fillers were never heard, so it is not made.
func (t *Transcript) FillersHeard(seen bool) (bool, string) {
	if t == nil {
		return true, ""
	}
	engine := t.Engine
	if engine == "" {
		engine = "the engine"
	}
	switch {
	case t.Hesitations == HesitationsDropped:
		return false, engine + ` leaves "um" and "uh" out of its transcripts`
	case t.Hesitations == HesitationsKept, t.Engine == "", seen:
		return true, ""
	}
	return false, engine + ` does not say that it keeps "um" and "uh", and this transcript has none`
}

// Decode reads a transcript and checks that it is well formed and within
// the word budget of its recording (see CheckSize; a *TooLongError).
func Decode(r io.Reader) (*Transcript, error) {
	var t Transcript
	dec := json.NewDecoder(r)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("not a transcript: %w", err)
	}
	if err := t.CheckSize(); err != nil {
		return nil, err
	}
	if t.Segments == nil {
		t.Segments = []Segment{}
	}
	if t.Words == nil {
		t.Words = []Word{}
	}
	return &t, nil
}

// MaxFileBytes bounds what Load reads: hours of speech with a time for every
// word take a few megabytes, so anything near this is not a transcript.
const MaxFileBytes = 64 << 20

// Load reads the transcript file at path. An error names the file; one for
// a file that does not exist wraps fs.ErrNotExist.
func Load(path string) (*Transcript, error) {
	f, err := safefile.Open(path)
	if err != nil {
		return nil, err // *fs.PathError names the file
	}
	defer f.Close()
	t, err := Decode(safefile.LimitReader(f, path, MaxFileBytes))
	var tl *safefile.TooLargeError
	if errors.As(err, &tl) {
		return nil, tl
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

// PlainText is the transcript's text, or its words joined when the engine
// gave only words.
func (t *Transcript) PlainText() string {
	if strings.TrimSpace(t.Text) != "" || len(t.Words) == 0 {
		return t.Text
	}
	words := make([]string, len(t.Words))
	for i, w := range t.Words {
		words[i] = w.Word
	}
	return strings.Join(words, " ")
}

// Encode writes t as indented JSON. Characters such as < and & are
// written as they are: escaped, each took six bytes.
func (t *Transcript) Encode(w io.Writer) error {
	if t.Segments == nil {
		t.Segments = []Segment{}
	}
	if t.Words == nil {
		t.Words = []Word{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(t)
}

// EncodeFile writes t as Encode does, refusing a transcript that Load
// could not read back: one over its budget, or one whose file would pass
// MaxFileBytes (an error once that much is written; the caller discards
// it).
func (t *Transcript) EncodeFile(w io.Writer) error {
	if err := t.CheckSize(); err != nil {
		return err
	}
	return t.Encode(&cappedWriter{w: w, left: MaxFileBytes})
}

// cappedWriter fails once more than left bytes are written to it.
type cappedWriter struct {
	w    io.Writer
	left int64
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		return 0, fmt.Errorf("a transcript file over %d MiB, more than starcoach reads", MaxFileBytes>>20)
	}
	c.left -= int64(len(p))
	return c.w.Write(p)
}

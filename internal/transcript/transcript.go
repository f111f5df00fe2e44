// Package transcript defines the transcript schema that speech-to-text
// engines produce and the STAR check, sessions and reports consume
// (`*.transcript.json` beside each recording).
package transcript

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Transcript is what an engine heard in one recording.
type Transcript struct {
	Engine    string    `json:"engine"`
	Model     string    `json:"model,omitempty"`
	Created   time.Time `json:"created"`
	DurationS float64   `json:"duration_s"`
	Text      string    `json:"text"`
	Segments  []Segment `json:"segments"`
	Words     []Word    `json:"words"`
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

// PathFor returns where the transcript of the recording at wavPath is kept.
func PathFor(wavPath string) string {
	base := wavPath
	if i := strings.LastIndex(base, "."); i > strings.LastIndex(base, "/") {
		base = base[:i]
	}
	return base + ".transcript.json"
}

// Decode reads a transcript and checks that it is well formed.
func Decode(r io.Reader) (*Transcript, error) {
	var t Transcript
	dec := json.NewDecoder(r)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("not a transcript: %w", err)
	}
	if t.Segments == nil {
		t.Segments = []Segment{}
	}
	if t.Words == nil {
		t.Words = []Word{}
	}
	return &t, nil
}

// Encode writes t as indented JSON.
func (t *Transcript) Encode(w io.Writer) error {
	if t.Segments == nil {
		t.Segments = []Segment{}
	}
	if t.Words == nil {
		t.Words = []Word{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(t)
}

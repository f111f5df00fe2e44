package transcript

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/starcoach/starcoach/internal/timefmt"
)

// The word budget: how much text a recording can hold. Fast speech is
// three to four words a second; an engine that reports far more heard
// nothing a person said (a looping model, a program that is not a
// speech-to-text engine). Checking this when a transcript is read keeps
// the work done on it (the STAR check, the quality estimate, the file
// written) in proportion to the recording, whatever the engine printed.
const (
	// WordsPerSecond is twice the fastest speech.
	WordsPerSecond = 8
	// MinWords is allowed however short the recording: a clip of a few
	// seconds may come with a transcript not timed to it (typed, or from
	// another take), and this many words cost next to nothing to check.
	MinWords = 200
	// MaxWords is the hard cap, whatever the length: over an hour of
	// speech, far more than an answer.
	MaxWords = 30000
	// BytesPerWord bounds the text by the same budget: words of 5 or 6
	// letters with their spaces, and room for long words, numbers and
	// scripts of three bytes a character.
	BytesPerWord = 24
)

// Budget is how much a transcript of a recording may hold.
type Budget struct {
	Words int // words in the text, word timings, segments: each
	Bytes int // bytes of the text, of the segments' texts, of the words: each
}

// BudgetFor is the budget of a recording of seconds; 0 (not known) gives
// the hard cap.
func BudgetFor(seconds float64) Budget {
	words := MaxWords
	if seconds > 0 && seconds*WordsPerSecond < MaxWords {
		words = max(MinWords, int(seconds*WordsPerSecond))
	}
	return Budget{Words: words, Bytes: words * BytesPerWord}
}

// TooLongError is a transcript over its recording's budget.
type TooLongError struct {
	DurationS float64
	What      string // "words", "segments" or "bytes of text"
	Limit     int
}

func (e *TooLongError) Error() string {
	if e.DurationS > 0 {
		return fmt.Sprintf("more than %d %s in %s of audio, faster than anyone speaks", e.Limit, e.What, timefmt.Clock(e.DurationS))
	}
	return fmt.Sprintf("more than %d %s, far longer than any answer", e.Limit, e.What)
}

// CheckSize returns a *TooLongError when t holds more than the budget of
// its recording (DurationS). It stops counting soon past the budget, so
// its own work is bounded by the budget, not by the transcript.
func (t *Transcript) CheckSize() error {
	b := BudgetFor(t.DurationS)
	over := func(what string, limit int) error {
		return &TooLongError{DurationS: t.DurationS, What: what, Limit: limit}
	}
	if len(t.Words) > b.Words || countWords(t.Text, b.Words+1) > b.Words {
		return over("words", b.Words)
	}
	if len(t.Segments) > b.Words {
		return over("segments", b.Words)
	}
	if len(t.Text) > b.Bytes {
		return over("bytes of text", b.Bytes)
	}
	segBytes, wordBytes := 0, 0
	for _, s := range t.Segments {
		if segBytes += len(s.Text); segBytes > b.Bytes {
			return over("bytes of text", b.Bytes)
		}
	}
	for _, w := range t.Words {
		if wordBytes += len(w.Word); wordBytes > b.Bytes {
			return over("bytes of text", b.Bytes)
		}
	}
	return nil
}

// countWords counts the words of s separated by white space, stopping at
// limit.
func countWords(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			n++
			if n >= limit {
				return n
			}
			in = true
		}
	}
	return n
}

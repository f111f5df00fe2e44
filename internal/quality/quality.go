package quality

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/phones"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Levels of an estimate.
const (
	Good       = "good"
	Rough      = "rough"      // usable; some figures may be off
	Unreliable = "unreliable" // not coached from
)

// Thresholds. Each is a point past which the transcript cannot be what
// the speaker said, not a value fitted to examples.
const (
	// minOrderWords: below this the order test has too few words to tell
	// English from random (on the training text, a tenth of tellings
	// stand less than 0.67 sqrt(n) above random orders, which clears
	// orderZ with room only from about 40 words), and the estimate does
	// not use it.
	minOrderWords = 40
	// minDictWords: the unknown-word share is judged from this many words.
	minDictWords = 12
	// orderZ: the real order must be this many standard deviations more
	// English than random orders of the same words. Random orders pass
	// one time in about 700.
	orderZ = 3
	// orderGain: and it must be ordered like English, not just a little
	// better than chance, which a long shuffle can be: the story tellings
	// the model was counted from stand a median 1.0 nat a word above
	// random orders, the lowest 0.31; shuffles that pass orderZ stand
	// under 0.3.
	orderGain = 0.3
	// doubt is the confidence under which the engine itself rates a word
	// more likely wrong than right; UnsureShare and roughShare are the
	// shares of such words that make a transcript unreliable or rough.
	doubt       = 0.5
	UnsureShare = 0.5
	roughShare  = 0.25
	// Words a minute of measured speech outside [minWPM, maxWPM] is not a
	// person talking: the engine dropped or invented words. The rough band
	// is wider than the 110-190 that sounds halting or rushed.
	minWPM, maxWPM           = 60, 280
	roughMinWPM, roughMaxWPM = 90, 230
	// minRateS is the least speech time a rate is judged on.
	minRateS = 10
	// Share of words no dictionary knows.
	unknownShare      = 0.25
	roughUnknownShare = 0.10
)

// Fix is what to do about an unreliable transcript.
const Fix = "run `starcoach doctor` and transcribe again with a better engine (whisper.cpp is the accurate one)"

// Estimate is the judgement of one transcript.
type Estimate struct {
	Level   string   `json:"level"`
	Reasons []string `json:"reasons"`
	Words   int      `json:"words"`
	// OrderZ is how far the word order stands above random orders of the
	// same words (see Order); 0 when too few words to tell.
	OrderZ float64 `json:"order_z"`
	// OrderGain is the same in nats a word (see Order).
	OrderGain float64 `json:"order_gain"`
	// Doubted is the share of words the engine gave a confidence under
	// 0.5; null when the engine gives no confidences.
	Doubted *float64 `json:"doubted"`
	// WPM is words per minute of the speech time the analyzer measured;
	// null when unknown.
	WPM *float64 `json:"wpm"`
	// Unknown is the share of words the dictionary does not know; null
	// without a dictionary.
	Unknown *float64 `json:"unknown"`
}

// Reliable tells whether the transcript can be coached from.
func (e Estimate) Reliable() bool { return e.Level != Unreliable }

// Why joins the reasons: "the engine doubted 75% of its words; ...".
func (e Estimate) Why() string { return strings.Join(e.Reasons, "; ") }

// Dictionary tells whether a lower-case word is English.
type Dictionary interface{ Has(word string) bool }

// Judge estimates t. speechS is the speaking time the analyzer measured
// (0 when unknown); dict may be nil.
func Judge(t *transcript.Transcript, speechS float64, dict Dictionary) Estimate {
	e := Estimate{Level: Good, Reasons: []string{}}
	if t == nil {
		return e
	}
	words := Words(t.PlainText())
	e.Words = len(words)
	worse := func(level, format string, args ...any) {
		if level == Unreliable || e.Level == Good {
			e.Level = level
		}
		e.Reasons = append(e.Reasons, fmt.Sprintf(format, args...))
	}
	if len(words) >= minOrderWords {
		o := MeasureOrder(words)
		e.OrderZ, e.OrderGain = round1(o.Z), round3(o.Gain)
		if o.Z < orderZ || o.Gain < orderGain {
			worse(Unreliable, "the words are in no English order")
		}
	}
	if d, ok := doubted(t.Words); ok {
		e.Doubted = &d
		switch {
		case d > UnsureShare:
			worse(Unreliable, "the engine doubted %.0f%% of its words", 100*d)
		case d > roughShare:
			worse(Rough, "the engine doubted %.0f%% of its words", 100*d)
		}
	}
	if speechS >= minRateS && len(words) > 0 {
		wpm := round1(float64(len(words)) / speechS * 60)
		e.WPM = &wpm
		switch {
		case wpm < minWPM || wpm > maxWPM:
			worse(Unreliable, "%.0f words a minute of speech: words were lost or invented", wpm)
		case wpm < roughMinWPM || wpm > roughMaxWPM:
			worse(Rough, "%.0f words a minute of speech", wpm)
		}
	}
	if dict != nil {
		if u, n := unknown(words, dict); n >= minDictWords {
			e.Unknown = &u
			switch {
			case u > unknownShare:
				worse(Unreliable, "%.0f%% of the words are in no dictionary", 100*u)
			case u > roughUnknownShare:
				worse(Rough, "%.0f%% of the words are in no dictionary", 100*u)
			}
		}
	}
	return e
}

// SureText is the transcript's text with only the words its engine was
// sure of: a doubted word is left out and leaves a comma in its place, so
// that no phrase is made across it. It is what a story is matched on: a
// shared word the engine doubted ("iran" for "I ran") is no evidence of
// a retold story. With no word doubted it is the plain text, punctuation
// and all.
func SureText(t *transcript.Transcript) string {
	if t == nil {
		return ""
	}
	doubted := Doubted(t.Words)
	if !slices.Contains(doubted, true) {
		return t.PlainText()
	}
	var b strings.Builder
	gap := false
	for i, w := range t.Words {
		if strings.HasPrefix(w.Word, "<") || strings.HasPrefix(w.Word, "[") {
			continue // silence and noise markers
		}
		if doubted[i] {
			gap = true
			continue
		}
		if b.Len() > 0 {
			if gap {
				b.WriteString(",")
			}
			b.WriteString(" ")
		}
		gap = false
		b.WriteString(w.Word)
	}
	return b.String()
}

// doubted is the share of words under the doubt confidence, when the
// engine gave confidences at all.
func doubted(ws []transcript.Word) (float64, bool) {
	n, low, any := 0, 0, false
	for _, w := range ws {
		if strings.HasPrefix(w.Word, "<") || strings.HasPrefix(w.Word, "[") {
			continue // engines' silence and noise markers
		}
		n++
		if w.Conf > 0 {
			any = true
		}
		if w.Conf < doubt {
			low++
		}
	}
	if !any || n == 0 {
		return 0, false
	}
	return round3(float64(low) / float64(n)), true
}

// unknown is the share of alphabetic words dict does not know, and how
// many were looked up.
func unknown(words []string, dict Dictionary) (float64, int) {
	n, miss := 0, 0
	for _, w := range words {
		if !alphabetic(w) {
			continue
		}
		n++
		if !dict.Has(w) {
			miss++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return round3(float64(miss) / float64(n)), n
}

func alphabetic(w string) bool {
	for _, r := range w {
		if (r < 'a' || r > 'z') && r != '\'' {
			return false
		}
	}
	return w != ""
}

// WordSet is a Dictionary held in memory.
type WordSet map[string]bool

// Has implements Dictionary.
func (s WordSet) Has(w string) bool { return s[w] }

// ReadCMUDict reads a CMU pronouncing dictionary ("word(2)  W ER D").
func ReadCMUDict(r io.Reader) (Dictionary, error) {
	return phones.Parse(r)
}

// CMUDictPath is where Debian's pocketsphinx-en-us puts its dictionary.
const CMUDictPath = phones.DictPath

// SystemDictionary is the CMU dictionary when pocketsphinx-en-us is
// installed (phones.System, read once); nil when it is not (the estimate
// then goes without the unknown-word check).
func SystemDictionary() Dictionary {
	if d := phones.System(); d != nil {
		return d
	}
	return nil
}

func round1(v float64) float64 { return float64(int64(v*10+sign(v)*0.5)) / 10 }
func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }
func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

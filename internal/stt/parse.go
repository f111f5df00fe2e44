package stt

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/starcoach/starcoach/internal/transcript"
)

// ParseError is output from an engine that could not be understood.
type ParseError struct {
	Line    int // 1-based; 0 when not about a line
	Problem string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Problem)
	}
	return e.Problem
}

func parseErrorf(line int, format string, args ...any) *ParseError {
	return &ParseError{Line: line, Problem: fmt.Sprintf(format, args...)}
}

// quote shows a piece of bad output in a message, cut short.
func quote(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return strconv.Quote(s)
}

// ParsePocketSphinx reads what pocketsphinx_continuous -time yes prints:
// for each utterance a line with the recognised text, then one line per
// word: "word start end probability", times in seconds. Silence and noise
// markers (<s>, </s>, <sil>, [NOISE], [SPEECH], ++GARBAGE++) are dropped,
// and so is the "(2)" that marks an alternate pronunciation.
func ParsePocketSphinx(out []byte) (*transcript.Transcript, error) {
	t := &transcript.Transcript{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var (
		hyp      string
		inUtt    bool // a hypothesis line was read
		sawWords bool // and word lines followed it
		words    []transcript.Word
		lineNo   int
	)
	endUtterance := func() error {
		if !inUtt {
			return nil
		}
		if !sawWords {
			return parseErrorf(lineNo, "expected word timings after the text %s: was -time yes given?", quote([]byte(hyp)))
		}
		if len(words) > 0 {
			text := strings.TrimSpace(hyp)
			if text == "" {
				text = joinWords(words)
			}
			t.Segments = append(t.Segments, transcript.Segment{StartS: words[0].StartS, EndS: words[len(words)-1].EndS, Text: text})
			t.Words = append(t.Words, words...)
		}
		hyp, inUtt, sawWords, words = "", false, false, nil
		return nil
	}
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if !utf8.ValidString(line) || strings.ContainsRune(line, 0) {
			return nil, parseErrorf(lineNo, "not text: %s", quote([]byte(line)))
		}
		if w, ok, err := psWordLine(line); err != nil {
			return nil, parseErrorf(lineNo, "%v", err)
		} else if ok {
			if !inUtt {
				return nil, parseErrorf(lineNo, "word timing %s before any recognised text", quote([]byte(line)))
			}
			sawWords = true
			if w.Word != "" {
				words = append(words, w)
			}
			continue
		}
		if err := endUtterance(); err != nil {
			return nil, err
		}
		hyp, inUtt = line, true
	}
	if err := sc.Err(); err != nil {
		return nil, parseErrorf(lineNo+1, "%v", err)
	}
	if err := endUtterance(); err != nil {
		return nil, err
	}
	t.Text = joinSegments(t.Segments)
	return t, nil
}

var psAlternate = regexp.MustCompile(`\(\d+\)$`)

// psWordLine reads "word start end prob". ok is false for a line of
// another shape (a hypothesis); a line of this shape with bad numbers is an
// error. The word is "" for silence and noise markers.
func psWordLine(line string) (transcript.Word, bool, error) {
	f := strings.Fields(line)
	if len(f) != 4 {
		return transcript.Word{}, false, nil
	}
	var nums [3]float64
	for i, s := range f[1:] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			if i == 0 {
				return transcript.Word{}, false, nil // four words of text
			}
			return transcript.Word{}, false, fmt.Errorf("bad number %q in word timing %s", s, quote([]byte(line)))
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return transcript.Word{}, false, fmt.Errorf("bad number %q in word timing %s", s, quote([]byte(line)))
		}
		nums[i] = v
	}
	w := transcript.Word{StartS: nums[0], EndS: nums[1], Conf: nums[2], Word: psAlternate.ReplaceAllString(f[0], "")}
	if isMarker(w.Word) {
		w.Word = ""
	}
	return w, true, nil
}

// isMarker reports engine markers that are not words: <s>, </s>, <sil>,
// [NOISE], [SPEECH], ++BREATH++, [BLANK_AUDIO], (music).
func isMarker(w string) bool {
	if w == "" {
		return true
	}
	switch {
	case strings.HasPrefix(w, "<") && strings.HasSuffix(w, ">"),
		strings.HasPrefix(w, "[") && strings.HasSuffix(w, "]"),
		strings.HasPrefix(w, "++") && strings.HasSuffix(w, "++"),
		strings.HasPrefix(w, "(") && strings.HasSuffix(w, ")"),
		strings.HasPrefix(w, "*") && strings.HasSuffix(w, "*") && len(w) > 1:
		return true
	}
	return false
}

// whisperJSON is the part of whisper.cpp's -oj / -ojf output starcoach reads.
type whisperJSON struct {
	Params struct {
		Model string `json:"model"`
	} `json:"params"`
	Transcription *[]struct {
		Offsets whisperOffsets `json:"offsets"`
		Text    string         `json:"text"`
		Tokens  []struct {
			Text    string          `json:"text"`
			Offsets *whisperOffsets `json:"offsets"`
			P       float64         `json:"p"`
		} `json:"tokens"`
	} `json:"transcription"`
}

type whisperOffsets struct {
	From int64 `json:"from"` // milliseconds
	To   int64 `json:"to"`
}

// ParseWhisper reads the JSON file whisper.cpp writes with -oj (segments) or
// -ojf (segments with their tokens). Words are built from tokens: a token
// that starts with a space starts a new word, others continue the current
// one; special tokens such as [_BEG_] and [_TT_150] are dropped. A word's
// confidence is the mean probability of its tokens.
func ParseWhisper(data []byte) (*transcript.Transcript, error) {
	var w whisperJSON
	if err := json.Unmarshal(sanitizeJSONStrings(data), &w); err != nil {
		return nil, jsonProblem(data, err)
	}
	if w.Transcription == nil {
		return nil, parseErrorf(0, `not whisper.cpp JSON: no "transcription"`)
	}
	t := &transcript.Transcript{Model: w.Params.Model}
	for _, seg := range *w.Transcription {
		text := strings.TrimSpace(seg.Text)
		if text != "" && !isMarker(text) {
			t.Segments = append(t.Segments, transcript.Segment{StartS: ms(seg.Offsets.From), EndS: ms(seg.Offsets.To), Text: text})
		}
		var (
			cur    *transcript.Word
			pSum   float64
			tokens int
		)
		flush := func() {
			if cur == nil {
				return
			}
			if isMarker(strings.TrimSpace(cur.Word)) {
				cur.Word = ""
			}
			cur.Word = trimPunct(cur.Word)
			if cur.Word != "" {
				cur.Conf = pSum / float64(tokens)
				t.Words = append(t.Words, *cur)
			}
			cur, pSum, tokens = nil, 0, 0
		}
		for _, tok := range seg.Tokens {
			if strings.HasPrefix(tok.Text, "[_") && strings.HasSuffix(tok.Text, "]") {
				continue
			}
			if tok.Text == "" {
				continue
			}
			from, to := seg.Offsets.From, seg.Offsets.To
			if tok.Offsets != nil {
				from, to = tok.Offsets.From, tok.Offsets.To
			}
			if cur == nil || strings.HasPrefix(tok.Text, " ") {
				flush()
				cur = &transcript.Word{StartS: ms(from), EndS: ms(to)}
			}
			cur.Word += tok.Text
			cur.EndS = ms(to)
			pSum += tok.P
			tokens++
		}
		flush()
	}
	t.Text = joinSegments(t.Segments)
	return t, nil
}

func ms(v int64) float64 { return float64(v) / 1000 }

// sanitizeJSONStrings replaces raw control characters inside JSON strings
// with spaces: whisper.cpp escapes only quotes and backslashes, so a
// transcript that contains a tab or a newline is not strictly JSON.
func sanitizeJSONStrings(data []byte) []byte {
	var out []byte
	inString, escaped := false, false
	for i, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString && c < 0x20:
			if out == nil {
				out = append([]byte(nil), data...)
			}
			out[i] = ' '
		}
	}
	if out == nil {
		return data
	}
	return out
}

// jsonProblem explains bad JSON with the line it broke on.
func jsonProblem(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		return parseErrorf(line, "not valid JSON: %v", syn)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return parseErrorf(0, "unexpected JSON: %s should not be a %s", typ.Field, typ.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return parseErrorf(0, "JSON cut short")
	}
	return parseErrorf(0, "not valid JSON: %v", err)
}

// voskWord is a word as Vosk's recognizer reports it.
type voskWord struct {
	Conf  float64 `json:"conf"`
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Word  string  `json:"word"`
}

// voskResult is one utterance from Vosk's recognizer (Result or
// FinalResult with SetWords(true)).
type voskResult struct {
	Result *[]voskWord `json:"result"`
	Text   *string     `json:"text"`
}

// voskMonologues is what vosk-transcriber -t json writes.
type voskMonologues struct {
	Monologues *[]struct {
		Start float64 `json:"start"`
		End   float64 `json:"end"`
		Terms []struct {
			Confidence float64 `json:"confidence"`
			Start      float64 `json:"start"`
			End        float64 `json:"end"`
			Text       string  `json:"text"`
			Type       string  `json:"type"`
		} `json:"terms"`
	} `json:"monologues"`
	Text []string `json:"text"`
}

// ParseVosk reads Vosk's JSON in either shape: the file vosk-transcriber
// -t json writes ({"monologues": [{"terms": [...]}], "text": [...]}), or
// the recognizer's results, one object per utterance
// ({"result": [{"conf", "start", "end", "word"}], "text"}), as a sequence of
// objects or an array of them.
func ParseVosk(data []byte) (*transcript.Transcript, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, parseErrorf(0, "no output")
	}
	if data[0] == '[' {
		var results []voskResult
		if err := json.Unmarshal(data, &results); err != nil {
			return nil, jsonProblem(data, err)
		}
		return voskFromResults(results)
	}
	var results []voskResult
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			break
		} else if err != nil {
			return nil, jsonProblem(data, err)
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			return nil, jsonProblem(raw, err)
		}
		if keys["monologues"] != nil {
			if len(results) > 0 || dec.More() {
				return nil, parseErrorf(0, "more than one vosk-transcriber document")
			}
			var m voskMonologues
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, jsonProblem(raw, err)
			}
			if m.Monologues == nil {
				// vosk-transcriber writes a list, empty for silence.
				return nil, parseErrorf(0, `not vosk-transcriber JSON: "monologues" is null, not a list`)
			}
			return voskFromMonologues(m), nil
		}
		var r voskResult
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, jsonProblem(raw, err)
		}
		results = append(results, r)
	}
	return voskFromResults(results)
}

func voskFromResults(results []voskResult) (*transcript.Transcript, error) {
	t := &transcript.Transcript{}
	for i, r := range results {
		if r.Result == nil && r.Text == nil {
			return nil, parseErrorf(0, `not Vosk JSON: object %d has neither "result" nor "text"`, i+1)
		}
		var words []transcript.Word
		if r.Result != nil {
			for _, w := range *r.Result {
				if word := strings.TrimSpace(w.Word); word != "" && !isMarker(word) {
					words = append(words, transcript.Word{StartS: w.Start, EndS: w.End, Word: word, Conf: w.Conf})
				}
			}
		}
		text := ""
		if r.Text != nil {
			text = strings.TrimSpace(*r.Text)
		}
		if text == "" {
			text = joinWords(words)
		}
		if text == "" {
			continue
		}
		seg := transcript.Segment{Text: text}
		if len(words) > 0 {
			seg.StartS, seg.EndS = words[0].StartS, words[len(words)-1].EndS
		}
		t.Segments = append(t.Segments, seg)
		t.Words = append(t.Words, words...)
	}
	t.Text = joinSegments(t.Segments)
	return t, nil
}

func voskFromMonologues(m voskMonologues) *transcript.Transcript {
	t := &transcript.Transcript{}
	for _, mono := range *m.Monologues {
		var words []transcript.Word
		for _, term := range mono.Terms {
			if term.Type != "" && term.Type != "WORD" {
				continue
			}
			if word := strings.TrimSpace(term.Text); word != "" && !isMarker(word) {
				words = append(words, transcript.Word{StartS: term.Start, EndS: term.End, Word: word, Conf: term.Confidence})
			}
		}
		if len(words) == 0 {
			continue
		}
		t.Segments = append(t.Segments, transcript.Segment{StartS: mono.Start, EndS: mono.End, Text: joinWords(words)})
		t.Words = append(t.Words, words...)
	}
	if len(m.Text) > 0 {
		t.Text = strings.TrimSpace(strings.Join(m.Text, " "))
	} else {
		t.Text = joinSegments(t.Segments)
	}
	return t
}

// ParseCommandOutput reads what a command engine printed: starcoach's own
// transcript JSON, whisper.cpp's or Vosk's JSON, or plain text (which gives
// a transcript with text and no timings).
func ParseCommandOutput(out []byte) (*transcript.Transcript, error) {
	trimmed := bytes.TrimSpace(out)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return parseAnyJSON(trimmed)
	}
	if !utf8.Valid(trimmed) {
		return nil, parseErrorf(0, "printed binary data, not text: %s", quote(trimmed))
	}
	for i, r := range string(trimmed) {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return nil, parseErrorf(1+strings.Count(string(trimmed[:i]), "\n"), "printed binary data, not text: %s", quote(trimmed))
		}
	}
	text := strings.Join(strings.Fields(string(trimmed)), " ")
	return &transcript.Transcript{Text: text}, nil
}

func parseAnyJSON(data []byte) (*transcript.Transcript, error) {
	if data[0] == '[' {
		return ParseVosk(data)
	}
	var keys map[string]json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&keys); err != nil {
		return nil, jsonProblem(data, err)
	}
	switch {
	case keys["transcription"] != nil:
		return ParseWhisper(data)
	case keys["monologues"] != nil, keys["result"] != nil:
		return ParseVosk(data)
	case keys["segments"] != nil, keys["words"] != nil, keys["engine"] != nil:
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var t transcript.Transcript
		if err := dec.Decode(&t); err != nil {
			return nil, jsonProblem(data, err)
		}
		return &t, nil
	case keys["text"] != nil:
		return ParseVosk(data)
	}
	return nil, parseErrorf(0, `JSON that is not a transcript: expected "text", "segments" and "words" (see starcoach transcribe --help)`)
}

// trimPunct removes the punctuation whisper attaches to words ("week." ->
// "week") but keeps what belongs to them: "40%", "$200", "don't".
func trimPunct(s string) string {
	return strings.TrimFunc(strings.TrimSpace(s), func(r rune) bool {
		return unicode.IsPunct(r) && !strings.ContainsRune("%$€£'’", r)
	})
}

func joinWords(words []transcript.Word) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = w.Word
	}
	return strings.Join(parts, " ")
}

func joinSegments(segs []transcript.Segment) string {
	parts := make([]string, 0, len(segs))
	for _, s := range segs {
		if s.Text != "" {
			parts = append(parts, s.Text)
		}
	}
	return strings.Join(parts, " ")
}

package prompts

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// Limits a question's time limit must fall within: shorter than a
// sentence or longer than any interviewer waits is a mistake in the bank.
const (
	DefaultLimitS = 120
	minLimitS     = 10
	maxLimitS     = 15 * 60
)

// maxBankBytes bounds a bank file: a thousand questions fit in a fraction
// of it.
const maxBankBytes = 1 << 20

// The keys a bank file and its questions may have.
var (
	bankKeys     = []string{"title", "description", "limit", "question"}
	questionKeys = []string{"id", "text", "principles", "level", "limit", "follow_ups", "signals"}
)

// validName is the form of bank names and question ids: they are typed
// on the command line. Compiled on first use, so that commands which never
// read a bank do not pay for it at start-up.
var validName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
})

// FileError is a problem in a bank file, at a line when it is known.
type FileError struct {
	File string
	Line int // 1-based; 0 when unknown
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// bankFile is one bank file read and checked, before it joins a library.
type bankFile struct {
	bank  Bank
	lines []int // the line of each question's id, for later messages
}

// decodeBank reads bank name from data; file names the file in messages
// and source says where the bank came from.
func decodeBank(name, file, source string, data []byte) (*bankFile, error) {
	fail := func(line int, format string, args ...any) error {
		return &FileError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
	}
	if len(data) > maxBankBytes {
		return nil, fail(0, "over %d KB, far more than a question bank; split it into several files", maxBankBytes>>10)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fail(pe.Position.Line, "%s", config.ParseMessage(pe))
		}
		return nil, fail(0, "%v", strings.TrimPrefix(err.Error(), "toml: "))
	}
	x := newLineIndex(data)
	d := decoder{x: x, fail: fail}

	if err := d.unknownKeys(-1, raw, bankKeys); err != nil {
		return nil, err
	}
	bf := &bankFile{bank: Bank{Name: name, Source: source}}
	var err error
	if bf.bank.Title, err = d.text(-1, raw, "title", false); err != nil {
		return nil, err
	}
	if bf.bank.Description, err = d.text(-1, raw, "description", false); err != nil {
		return nil, err
	}
	defaultLimit, err := d.limit(-1, raw, DefaultLimitS)
	if err != nil {
		return nil, err
	}
	var tables []map[string]any
	switch qs := raw["question"].(type) {
	case nil:
	case []map[string]any:
		tables = qs
	case []any:
		for _, q := range qs {
			t, ok := q.(map[string]any)
			if !ok {
				return nil, fail(x.key(-1, "question"), "question: should be a list of [[question]] tables")
			}
			tables = append(tables, t)
		}
	default:
		return nil, fail(x.key(-1, "question"), "question: should be a list of [[question]] tables")
	}
	if len(tables) == 0 {
		return nil, fail(0, "no questions: add [[question]] tables with an id and a text")
	}
	seen := map[string]int{}
	for i, t := range tables {
		q, err := d.question(i, t, defaultLimit)
		if err != nil {
			return nil, err
		}
		line := x.key(i, "id")
		if first, dup := seen[q.ID]; dup {
			return nil, fail(line, "id %q is used twice in this file (first at line %d); give each question its own id", q.ID, first)
		}
		seen[q.ID] = line
		q.Bank, q.Source = name, source
		bf.bank.Questions = append(bf.bank.Questions, q)
		bf.lines = append(bf.lines, line)
	}
	return bf, nil
}

// decoder checks the values of one bank file.
type decoder struct {
	x    *lineIndex
	fail func(line int, format string, args ...any) error
}

func (d decoder) question(i int, t map[string]any, defaultLimit float64) (Question, error) {
	var q Question
	if err := d.unknownKeys(i, t, questionKeys); err != nil {
		return q, err
	}
	var err error
	if q.ID, err = d.text(i, t, "id", true); err != nil {
		return q, err
	}
	if !validName().MatchString(q.ID) {
		return q, d.fail(d.x.key(i, "id"), "id %q: use up to 64 letters, digits, '-', '_' and '.', with no spaces", q.ID)
	}
	if q.Text, err = d.text(i, t, "text", true); err != nil {
		return q, err
	}
	names, err := d.list(i, t, "principles")
	if err != nil {
		return q, err
	}
	for _, n := range names {
		p, err := bankPrinciple(n)
		if err != nil {
			return q, d.fail(d.x.value(i, "principles", n), "%v", err)
		}
		q.Principles = appendNew(q.Principles, p)
	}
	level, err := d.text(i, t, "level", false)
	if err != nil {
		return q, err
	}
	if q.Level, err = ParseLevel(level); err != nil {
		return q, d.fail(d.x.key(i, "level"), "%v", err)
	}
	if q.LimitS, err = d.limit(i, t, defaultLimit); err != nil {
		return q, err
	}
	if q.FollowUps, err = d.list(i, t, "follow_ups"); err != nil {
		return q, err
	}
	if q.Signals, err = d.signals(i, t); err != nil {
		return q, err
	}
	if q.Principles == nil {
		q.Principles = []string{}
	}
	return q, nil
}

// signals reads a question's own signals: a list of tables with says,
// cues and an optional id (q1, q2 ... by default).
func (d decoder) signals(q int, t map[string]any) ([]Signal, error) {
	var tables []map[string]any
	switch v := t["signals"].(type) {
	case nil:
		return nil, nil
	case []map[string]any:
		tables = v
	case []any:
		for _, item := range v {
			m, ok := item.(map[string]any)
			if !ok {
				return nil, d.fail(d.x.key(q, "signals"), "signals: should be a list like [{ says = \"...\", cues = [\"...\"] }], but has %s", typeName(item))
			}
			tables = append(tables, m)
		}
	default:
		return nil, d.fail(d.x.key(q, "signals"), "signals: should be a list like [{ says = \"...\", cues = [\"...\"] }], not %s", typeName(v))
	}
	var out []Signal
	for n, m := range tables {
		line := d.x.key(q, "signals")
		for k := range m {
			if k != "id" && k != "says" && k != "cues" {
				return nil, d.fail(line, "signals: unknown key %q (a signal has id, says and cues)", k)
			}
		}
		id, _ := m["id"].(string)
		if id == "" {
			id = fmt.Sprintf("q%d", n+1)
		}
		says, _ := m["says"].(string)
		var cues []string
		switch c := m["cues"].(type) {
		case string:
			cues = []string{c}
		case []any:
			for _, x := range c {
				s, ok := x.(string)
				if !ok {
					return nil, d.fail(line, "signals: cues should be strings, but has %s", typeName(x))
				}
				cues = append(cues, s)
			}
		}
		sig, serr := checkSignal(id, says, cues)
		if serr != nil {
			if serr.cue != "" {
				line = d.x.value(q, "signals", serr.cue)
			}
			return nil, d.fail(line, "%v", serr)
		}
		out = append(out, sig)
	}
	return out, nil
}

// unknownKeys reports the first key in the file (of question q, or at
// the top for q < 0) that is not one of known.
func (d decoder) unknownKeys(q int, t map[string]any, known []string) error {
	first, firstLine := "", 0
	for k := range t {
		if slices.Contains(known, k) {
			continue
		}
		line := d.x.key(q, k)
		if first == "" || line > 0 && (firstLine == 0 || line < firstLine) || line == firstLine && k < first {
			first, firstLine = k, line
		}
	}
	if first == "" {
		return nil
	}
	return d.fail(firstLine, "unknown key %q%s", first, hint(first, known))
}

// text reads a string value, with its white space tidied; required
// strings must have words in them.
func (d decoder) text(q int, t map[string]any, key string, required bool) (string, error) {
	v, ok := t[key]
	if !ok {
		if required {
			return "", d.fail(d.x.question(q), "question has no %s", key)
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", d.fail(d.x.key(q, key), "%s: should be a string in quotes, not %s", key, typeName(v))
	}
	s = strings.Join(strings.Fields(s), " ")
	if s == "" && required {
		return "", d.fail(d.x.key(q, key), "%s is empty", key)
	}
	return s, nil
}

// list reads a list of strings; one string is taken as a list of one.
func (d decoder) list(q int, t map[string]any, key string) ([]string, error) {
	var items []any
	switch v := t[key].(type) {
	case nil:
		return []string{}, nil
	case string:
		items = []any{v}
	case []any:
		items = v
	default:
		return nil, d.fail(d.x.key(q, key), "%s: should be a list of strings, like [\"a\", \"b\"], not %s", key, typeName(v))
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			return nil, d.fail(d.x.key(q, key), "%s: should be a list of strings, but has %s", key, typeName(item))
		}
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			return nil, d.fail(d.x.key(q, key), "%s: has an empty string", key)
		}
		out = append(out, s)
	}
	return out, nil
}

// limit reads a time limit: seconds (90), m:ss ("1:30") or a duration
// ("90s"); def when there is none.
func (d decoder) limit(q int, t map[string]any, def float64) (float64, error) {
	var secs float64
	switch v := t["limit"].(type) {
	case nil:
		return def, nil
	case int64:
		secs = float64(v)
	case float64:
		secs = v
	case string:
		s, err := timefmt.Parse(v)
		if err != nil {
			return 0, d.fail(d.x.key(q, "limit"), "limit: %v", err)
		}
		secs = s
	default:
		return 0, d.fail(d.x.key(q, "limit"), "limit: should be seconds (90) or m:ss (\"1:30\"), not %s", typeName(v))
	}
	if math.IsNaN(secs) || secs < minLimitS || secs > maxLimitS {
		return 0, d.fail(d.x.key(q, "limit"), "limit %s: give between %s and %s",
			timefmt.Seconds(secs), timefmt.Seconds(minLimitS), timefmt.Clock(maxLimitS))
	}
	return secs, nil
}

// typeName names a decoded TOML value's type for a user.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64, float64:
		return "a number"
	case bool:
		return "true or false"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return "a date"
}

// hint suggests the known key a mistyped one was meant to be.
func hint(key string, known []string) string {
	if c := closest(strings.ReplaceAll(key, "-", "_"), known); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ": use " + strings.Join(known, ", ")
}

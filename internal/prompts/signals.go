package prompts

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	builtinprompts "github.com/starcoach/starcoach/prompts"

	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/star"
)

// SignalsFileName is the file of signals, built in and in the user's
// config dir.
const SignalsFileName = "signals.toml"

// Signal is one thing an interviewer listens for in an answer: "you
// disagreed", heard in any of its cue phrases.
type Signal struct {
	ID   string   `json:"id"`
	Says string   `json:"says"`
	Cues []string `json:"cues"`
}

// Listen is what an interviewer listens for under one principle: its
// signals, and the push to make when an answer misses them.
type Listen struct {
	Principle string   `json:"principle"`
	Ask       string   `json:"ask"`
	Signals   []Signal `json:"signals"`
}

// SignalSet is the signals of every principle that has some.
type SignalSet struct {
	listens []Listen // in the order of Principles()
}

// For returns the signals of principle p (a full name, as in the banks).
func (s *SignalSet) For(p string) (Listen, bool) {
	for _, l := range s.listens {
		if l.Principle == p {
			return l, true
		}
	}
	return Listen{}, false
}

// All returns the signals of every principle that has some, in Amazon's
// order.
func (s *SignalSet) All() []Listen { return slices.Clone(s.listens) }

// DefaultSignals returns the built-in signals.
func DefaultSignals() *SignalSet {
	s, err := ParseSignals(builtinprompts.Signals(), SourceBuiltin+" "+SignalsFileName)
	if err != nil {
		// The embedded file is part of the source and tested.
		panic("prompts: " + err.Error())
	}
	return s
}

// LoadSignals returns the built-in signals extended by
// <userConfigDir>/signals.toml when there is one ("" for none). A malformed
// file is a *FileError naming the file and line.
func LoadSignals(userConfigDir string) (*SignalSet, error) {
	set := DefaultSignals()
	if userConfigDir == "" {
		return set, nil
	}
	file := filepath.Join(userConfigDir, SignalsFileName)
	data, err := readBounded(file)
	if errors.Is(err, fs.ErrNotExist) {
		return set, nil
	}
	if err != nil {
		return nil, err
	}
	user, err := ParseSignals(data, file)
	if err != nil {
		return nil, err
	}
	return set.merge(user), nil
}

// merge adds user's signals to s: a signal with the id of one of s
// replaces it, and user's ask replaces s's when given.
func (s *SignalSet) merge(user *SignalSet) *SignalSet {
	out := &SignalSet{}
	for _, p := range principles {
		base, okBase := s.For(p)
		add, okAdd := user.For(p)
		if !okBase && !okAdd {
			continue
		}
		l := Listen{Principle: p, Ask: base.Ask, Signals: slices.Clone(base.Signals)}
		if add.Ask != "" {
			l.Ask = add.Ask
		}
		for _, sig := range add.Signals {
			if i := slices.IndexFunc(l.Signals, func(b Signal) bool { return b.ID == sig.ID }); i >= 0 {
				l.Signals[i] = sig
			} else {
				l.Signals = append(l.Signals, sig)
			}
		}
		out.listens = append(out.listens, l)
	}
	return out
}

// signalsFormat is the TOML layout of signals.toml.
type signalsFormat struct {
	Principle []struct {
		Name   string `toml:"name"`
		Ask    string `toml:"ask"`
		Signal []struct {
			ID   string   `toml:"id"`
			Says string   `toml:"says"`
			Cues []string `toml:"cues"`
		} `toml:"signal"`
	} `toml:"principle"`
}

// ParseSignals reads signals in the signals.toml format; file names the
// file in errors, which are *FileError with the line where it is known.
func ParseSignals(data []byte, file string) (*SignalSet, error) {
	fail := func(line int, format string, args ...any) error {
		return &FileError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
	}
	if len(data) > maxBankBytes {
		return nil, fail(0, "over %d KB, far more than a list of signals; split it", maxBankBytes>>10)
	}
	var f signalsFormat
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fail(pe.Position.Line, "%s", config.ParseMessage(pe))
		}
		return nil, fail(0, "%v", strings.TrimPrefix(err.Error(), "toml: "))
	}
	x := newSignalLines(data)
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, fail(x.keyAnywhere(k[len(k)-1]), "unknown key %q (a principle has name, ask and [[principle.signal]] tables; a signal has id, says and cues)", k.String())
	}
	set := &SignalSet{}
	sigIndex := 0
	for pi, p := range f.Principle {
		at := x.header(x.principles, pi)
		name, err := bankPrinciple(p.Name)
		if err != nil {
			return nil, fail(at, "%v", err)
		}
		if _, dup := set.For(name); dup {
			return nil, fail(at, "%s is listed twice; put all its signals under one [[principle]]", name)
		}
		l := Listen{Principle: name, Ask: strings.Join(strings.Fields(p.Ask), " ")}
		for _, s := range p.Signal {
			sat := x.header(x.signals, sigIndex)
			sigIndex++
			sig, err := checkSignal(s.ID, s.Says, s.Cues)
			if err != nil {
				return nil, fail(x.lineOf(sat, err.cue), "%v", err)
			}
			if slices.ContainsFunc(l.Signals, func(b Signal) bool { return b.ID == sig.ID }) {
				return nil, fail(sat, "signal id %q is used twice under %s", sig.ID, name)
			}
			l.Signals = append(l.Signals, sig)
		}
		set.listens = append(set.listens, l)
	}
	slices.SortStableFunc(set.listens, func(a, b Listen) int {
		return slices.Index(principles, a.Principle) - slices.Index(principles, b.Principle)
	})
	return set, nil
}

// signalError is a problem with one signal, and the cue at fault if any.
type signalError struct {
	cue string
	err error
}

func (e *signalError) Error() string { return e.err.Error() }

// checkSignal tidies and checks one signal; a question's own signals may
// leave out the id (the caller gives one).
func checkSignal(id, says string, cues []string) (Signal, *signalError) {
	bad := func(cue, format string, args ...any) (Signal, *signalError) {
		return Signal{}, &signalError{cue: cue, err: fmt.Errorf(format, args...)}
	}
	sig := Signal{ID: id, Says: strings.Join(strings.Fields(says), " ")}
	if !validName().MatchString(sig.ID) {
		return bad("", "signal id %q: use up to 64 letters, digits, '-', '_' and '.', with no spaces", id)
	}
	if sig.Says == "" {
		return bad("", "signal %q has no says: the few words that name it", id)
	}
	if len(cues) == 0 {
		return bad("", "signal %q has no cues: the phrases that show it", id)
	}
	for _, c := range cues {
		if _, err := star.CompilePhrase(c); err != nil {
			return bad(c, "signal %q: %v", id, err)
		}
		sig.Cues = append(sig.Cues, strings.Join(strings.Fields(strings.ToLower(c)), " "))
	}
	return sig, nil
}

// signalLines finds where the tables of a signals file start, for
// messages: the decoder does not say where a value it accepted sits.
type signalLines struct {
	x                   *lineIndex
	principles, signals []int
}

func newSignalLines(data []byte) *signalLines {
	s := &signalLines{x: newLineIndex(data)}
	for _, t := range s.x.tables {
		switch headerName(strings.TrimSpace(s.x.lines[t])) {
		case "principle":
			s.principles = append(s.principles, t)
		case "principle.signal":
			s.signals = append(s.signals, t)
		}
	}
	return s
}

// header is the 1-based line of the i-th header of list, 0 if unknown.
func (s *signalLines) header(list []int, i int) int {
	if i < len(list) {
		return list[i] + 1
	}
	return 0
}

// lineOf is the line of the quoted cue in the table starting at line at,
// or at itself.
func (s *signalLines) lineOf(at int, cue string) int {
	if cue == "" || at == 0 {
		return at
	}
	for i := at; i < len(s.x.lines); i++ {
		if i > at && slices.Contains(s.x.tables, i) {
			break
		}
		if strings.Contains(s.x.lines[i], `"`+cue+`"`) || strings.Contains(s.x.lines[i], `'`+cue+`'`) {
			return i + 1
		}
	}
	return at
}

// keyAnywhere is the first line setting key, 0 if none.
func (s *signalLines) keyAnywhere(key string) int {
	for i, l := range s.x.lines {
		if s.x.code[i] && keyOf(l) == key {
			return i + 1
		}
	}
	return 0
}

// ListensFor is what an interviewer listens for in an answer to q, as its
// fit is judged: the signals of the first principle it names, then its
// own.
func (s *SignalSet) ListensFor(q Question) []Signal {
	var out []Signal
	if len(q.Principles) > 0 {
		if l, ok := s.For(q.Principles[0]); ok {
			out = append(out, l.Signals...)
		}
	}
	return append(out, q.Signals...)
}

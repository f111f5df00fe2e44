// Package prompts reads the question banks a practice session draws from:
// the built-in ones and the user's own, merged into one library, and picks
// questions from them.
//
// A bank is a TOML file named <bank>.toml:
//
//	title = "My company"
//	description = "Questions from my own loop."
//	limit = 120                        # default time limit in seconds, or "2:00"
//
//	[[question]]
//	id = "mine-1"                      # unique across all banks
//	text = "Tell me about a time ..."
//	principles = ["Ownership", "Dive Deep"]
//	level = "senior"                   # new-grad, senior, manager or any (the default)
//	limit = 90                         # this question's own limit
//	follow_ups = ["What were the trade-offs?"]
//	signals = [{ says = "you named the trade-off", cues = ["trade off", "trade-off"] }]
//
// A user's bank named like a built-in one adds its questions to it, and a
// question with the id of a built-in one replaces it; any other name makes
// a new bank.
package prompts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/safefile"
)

// Question is one interview question.
type Question struct {
	ID         string   `json:"id"`
	Bank       string   `json:"bank"`
	Text       string   `json:"text"`
	Principles []string `json:"principles"`
	Level      string   `json:"level"`   // a level from Levels, or LevelAny
	LimitS     float64  `json:"limit_s"` // how long the answer may take
	FollowUps  []string `json:"follow_ups"`
	// Signals are what an interviewer listens for in an answer to this
	// question beyond its principles' signals (signals.toml).
	Signals []Signal `json:"signals,omitempty"`
	// Source is where the question was read: SourceBuiltin or a file.
	Source string `json:"source"`
}

// SourceBuiltin is the Source of what comes with starcoach.
const SourceBuiltin = "built-in"

// Bank is a named set of questions.
type Bank struct {
	Name        string     `json:"name"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Questions   []Question `json:"questions"`
	// Source is where the bank was read: SourceBuiltin, a file, or
	// "built-in + <file>" when the user's file extends a built-in bank.
	Source string `json:"source"`
}

// Library is every bank the user can practise from.
type Library struct {
	banks []*Bank // by name
	ids   map[string]*Question
}

// UserDirName is the folder of the user's own banks in the config
// directory.
const UserDirName = "prompts"

// LoadUser reads the built-in banks and the user's own, in
// <configDir>/prompts; with no config folder ("") the built-in ones only,
// never a folder in the current one. A problem in a file names it and
// says to fix it.
func LoadUser(builtin fs.FS, configDir string) (*Library, error) {
	userDir := ""
	if configDir != "" {
		userDir = filepath.Join(configDir, UserDirName)
	}
	lib, err := Load(builtin, userDir)
	var fe *FileError
	if errors.As(err, &fe) {
		return nil, fmt.Errorf("%v; fix it or move it away", err)
	}
	return lib, err
}

// Load reads the built-in banks, <name>.toml files in builtin, then the
// user's own *.toml files in userDir (which need not exist; "" for none)
// and merges them. Any problem in a file is a *FileError naming the file
// and, where it can be found, the line.
func Load(builtin fs.FS, userDir string) (*Library, error) {
	lib := &Library{}
	names, err := fs.Glob(builtin, "*.toml")
	if err != nil {
		return nil, fmt.Errorf("list built-in banks: %w", err)
	}
	for _, file := range names {
		data, err := fs.ReadFile(builtin, file)
		if err != nil {
			return nil, fmt.Errorf("read built-in bank %s: %w", file, err)
		}
		if err := lib.add(file, SourceBuiltin+" "+file, SourceBuiltin, data); err != nil {
			return nil, err
		}
	}
	if userDir != "" {
		if err := lib.addDir(userDir); err != nil {
			return nil, err
		}
	}
	if len(lib.banks) == 0 {
		return nil, errors.New("no question banks found")
	}
	return lib, nil
}

// addDir adds the user's bank files in dir.
func (l *Library) addDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".toml") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		data, err := readBounded(file)
		if err != nil {
			return err
		}
		if err := l.add(e.Name(), file, file, data); err != nil {
			return err
		}
	}
	return nil
}

// readBounded reads a user's file, refusing one too big to be a bank
// before reading it all.
func readBounded(file string) ([]byte, error) {
	f, err := safefile.Open(file)
	if err != nil {
		return nil, &FileError{File: file, Err: unwrapPath(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBankBytes+1))
	if err != nil {
		return nil, &FileError{File: file, Err: unwrapPath(err)}
	}
	return data, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// add merges the bank read from data, whose file is called base.
func (l *Library) add(base, file, source string, data []byte) error {
	name := strings.TrimSuffix(path.Base(base), ".toml")
	if !validName().MatchString(name) {
		return &FileError{File: file, Err: fmt.Errorf("bank name %q: name the file with letters, digits, '-', '_' and '.' only, like my-bank.toml", name)}
	}
	bf, err := decodeBank(name, file, source, bytes.TrimPrefix(data, []byte("\uFEFF")))
	if err != nil {
		return err
	}
	if l.ids == nil {
		l.ids = map[string]*Question{}
	}
	b, existing := l.bank(name)
	if !existing {
		b = &Bank{Name: name, Title: bf.bank.Title, Description: bf.bank.Description, Source: source}
	} else {
		b.Source += " + " + source
		if bf.bank.Title != "" {
			b.Title = bf.bank.Title
		}
		if bf.bank.Description != "" {
			b.Description = bf.bank.Description
		}
	}
	for i, q := range bf.bank.Questions {
		if other, ok := l.ids[q.ID]; ok && other.Bank != name {
			return &FileError{File: file, Line: bf.lines[i], Err: fmt.Errorf("id %q is already a question in bank %q (%s); choose another id", q.ID, other.Bank, other.Source)}
		}
		if at := slices.IndexFunc(b.Questions, func(o Question) bool { return o.ID == q.ID }); at >= 0 {
			b.Questions[at] = q
		} else {
			b.Questions = append(b.Questions, q)
		}
	}
	if !existing {
		at, _ := slices.BinarySearchFunc(l.banks, name, func(b *Bank, n string) int { return strings.Compare(b.Name, n) })
		l.banks = slices.Insert(l.banks, at, b)
	}
	l.reindex()
	return nil
}

func (l *Library) reindex() {
	clear(l.ids)
	for _, b := range l.banks {
		for i := range b.Questions {
			l.ids[b.Questions[i].ID] = &b.Questions[i]
		}
	}
}

func (l *Library) bank(name string) (*Bank, bool) {
	for _, b := range l.banks {
		if b.Name == name {
			return b, true
		}
	}
	return nil, false
}

// Banks returns every bank, by name.
func (l *Library) Banks() []*Bank { return slices.Clone(l.banks) }

// Bank returns the bank called name; the error lists the banks there are.
func (l *Library) Bank(name string) (*Bank, error) {
	if b, ok := l.bank(name); ok {
		return b, nil
	}
	names := make([]string, len(l.banks))
	for i, b := range l.banks {
		names[i] = b.Name
	}
	msg := fmt.Sprintf("no bank called %q", name)
	if c := closest(name, names); c != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", c)
	}
	return nil, fmt.Errorf("%s; the banks are %s", msg, strings.Join(names, ", "))
}

// Find returns the question with the given id, from any bank.
func (l *Library) Find(id string) (Question, error) {
	if q, ok := l.ids[id]; ok {
		return *q, nil
	}
	ids := make([]string, 0, len(l.ids))
	for id := range l.ids {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if c := closest(id, ids); c != "" {
		return Question{}, fmt.Errorf("no question with id %q (did you mean %q?)", id, c)
	}
	return Question{}, fmt.Errorf("no question with id %q", id)
}

// Package answerref resolves an answer as a user names it on the command
// line: SESSION:N, the N-th answer of a session as 'starcoach sessions
// show' numbers them (latest:2, 2026-11-23:1), or the path of a recording,
// which is that session's answer when it lies in a session's folder. Every
// command that takes an answer, compare among them, resolves it here, so
// that an answer is the same answer (a follow-up included) everywhere.
package answerref

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/session"
)

// Help says how an answer is named, for the help of a command that takes
// one.
const Help = `An answer is named one way everywhere: SESSION:N, the N-th answer of a
session as 'starcoach sessions show' numbers them (latest:2, 2026-11-23:1,
where SESSION is an id, a unique start of one, or "latest"), or the path of
a recording (answer.wav).`

// Answer is an answer named on the command line, resolved.
type Answer struct {
	Arg string // as the user typed it
	WAV string // the recording's path
	// Session is set when the answer belongs to a session: named as
	// SESSION:N, or a recording inside a session's folder.
	Session *session.Session
	Dir     string // the session's folder
	N       int    // 1-based, as sessions show numbers answers
}

// Record is the session's record of the answer; ok is false for a
// recording outside any session.
func (a Answer) Record() (session.Answer, bool) {
	if a.Session == nil {
		return session.Answer{}, false
	}
	return a.Session.Answers[a.N-1], true
}

// Ref is the answer's SESSION:N name, or its path when it has none.
func (a Answer) Ref() string {
	if a.Session == nil {
		return a.WAV
	}
	return fmt.Sprintf("%s:%d", a.Session.ID, a.N)
}

// Assess is the answer judged as every command judges it: a session's
// answer as its session says (its limit, its kind, a follow-up's
// prompt), a loose recording from the files beside it.
func (a Answer) Assess(words assess.Options) assess.Answer {
	if a.Session == nil {
		return assess.Loose(a.WAV, 0, words)
	}
	return assess.Build(a.Session, a.Dir, a.N-1, words)
}

// UsageError is an answer named in a way no answer can be (a folder, a
// session without :N): the command line is wrong, not a file.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// Usage marks the error as bad command-line use.
func (e *UsageError) Usage() bool { return true }

func usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

var refPattern = regexp.MustCompile(`^(.+):([0-9]+)$`)

// Parse splits "SESSION:N" into the session and the answer number
// (1-based).
func Parse(ref string) (sessionID string, n int, ok bool) {
	m := refPattern.FindStringSubmatch(ref)
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return m[1], n, true
}

// Resolve resolves arg against the sessions in store: an existing
// recording first (a file called "latest:2" in the current folder is still
// that file), then SESSION:N. A recording inside one of store's session
// folders is that session's answer.
func Resolve(store *session.Store, arg string) (Answer, error) {
	a := Answer{Arg: arg}
	if st, err := os.Stat(arg); err == nil {
		if st.IsDir() {
			return a, usagef("%s: is a folder; name a recording or an answer as SESSION:N (for example latest:2)", arg)
		}
		a.WAV = arg
		if sess, dir, n, ok := sessionOf(store, arg); ok {
			a.Session, a.Dir, a.N = sess, dir, n
		}
		return a, nil
	}
	id, n, ok := Parse(arg)
	if !ok {
		if strings.HasSuffix(strings.ToLower(arg), ".wav") || strings.ContainsRune(arg, filepath.Separator) {
			return a, fmt.Errorf("%s: no such file", arg)
		}
		if s, err := store.Resolve(arg); err == nil {
			return a, usagef("%s: that is session %s; name one of its answers as %s:N (for example %s:1)", arg, s, arg, arg)
		}
		return a, fmt.Errorf("%s: no such recording, and not an answer named as SESSION:N (for example latest:2)", arg)
	}
	resolved, err := store.Resolve(id)
	if err != nil {
		return a, fmt.Errorf("%s: %w", arg, err)
	}
	sess, err := store.Load(resolved)
	if err != nil {
		return a, fmt.Errorf("%s: %w", arg, err)
	}
	if n > len(sess.Answers) {
		return a, fmt.Errorf("%s: session %s has %d %s; see 'starcoach sessions show %s'", arg, resolved, len(sess.Answers), figure.Plural(len(sess.Answers), "answer", "answers"), resolved)
	}
	sess.ID = resolved // the folder's name is the id a user types
	a.Session, a.N = sess, n
	a.Dir = store.SessionDir(resolved)
	a.WAV = filepath.Join(a.Dir, sess.Answers[n-1].WAV)
	return a, nil
}

// sessionOf finds the session of store whose folder holds the recording
// at path, and which answer it is.
func sessionOf(store *session.Store, path string) (*session.Session, string, int, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, "", 0, false
	}
	root, err := filepath.Abs(store.Dir)
	if err != nil {
		return nil, "", 0, false
	}
	dir := filepath.Dir(abs)
	if filepath.Dir(dir) != root {
		return nil, "", 0, false
	}
	return answerIn(&session.Store{Dir: root}, dir, filepath.Base(abs))
}

// InSessionFolder is the answer whose recording (or transcript) is at
// path when the folder holding it is a session's, in the data folder or
// not: a session folder copied elsewhere still judges its answers as the
// session does.
func InSessionFolder(path string) (Answer, bool) {
	dir, name := filepath.Split(filepath.Clean(path))
	if strings.HasSuffix(name, ".transcript.json") {
		name = strings.TrimSuffix(name, ".transcript.json") + ".wav"
	}
	dir = filepath.Clean(dir)
	if _, err := os.Stat(filepath.Join(dir, session.FileName)); err != nil {
		return Answer{}, false
	}
	sess, dir, n, ok := answerIn(&session.Store{Dir: filepath.Dir(dir)}, dir, name)
	if !ok {
		return Answer{}, false
	}
	return Answer{Arg: path, WAV: filepath.Join(dir, name), Session: sess, Dir: dir, N: n}, true
}

// answerIn loads the session in folder dir of store and finds the answer
// whose recording is called wav.
func answerIn(store *session.Store, dir, wav string) (*session.Session, string, int, bool) {
	sess, err := store.Load(filepath.Base(dir))
	if err != nil {
		return nil, "", 0, false
	}
	sess.ID = filepath.Base(dir)
	for i, a := range sess.Answers {
		if a.WAV == wav {
			return sess, dir, i + 1, true
		}
	}
	return nil, "", 0, false
}

// Recordings resolves each argument to a recording's path, for the
// commands that work on recordings (transcribe). An argument that names
// no answer is kept as it is, for the command to say what is wrong with
// the file.
func Recordings(store *session.Store, args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		if _, err := os.Stat(arg); err == nil || !errors.Is(err, fs.ErrNotExist) {
			out = append(out, arg)
			continue
		}
		if _, _, ok := Parse(arg); !ok {
			out = append(out, arg)
			continue
		}
		a, err := Resolve(store, arg)
		if err != nil {
			return nil, err
		}
		out = append(out, a.WAV)
	}
	return out, nil
}

// IsAnswerName says whether a lone argument names one answer (SESSION:N or
// an existing file) rather than a whole session.
func IsAnswerName(arg string) bool {
	if _, _, ok := Parse(arg); ok {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && !st.IsDir()
}

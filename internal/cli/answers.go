package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/starcoach/starcoach/internal/compare"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/session"
)

// answerHelp says how an answer is named, for the help of a command that
// takes one.
const answerHelp = `An answer is named one way everywhere: SESSION:N, the N-th answer of a
session as 'starcoach sessions show' numbers them (latest:2, 2026-11-23:1,
where SESSION is an id, a unique start of one, or "latest"), or the path of
a recording (answer.wav).`

// namedAnswer is an answer named on the command line, resolved.
type namedAnswer struct {
	Arg string
	// WAV is the recording's path.
	WAV string
	// Session is set when the answer belongs to a session: given as
	// SESSION:N, or a recording inside a session's folder.
	Session *session.Session
	Dir     string // the session's folder
	N       int    // 1-based, as sessions show numbers answers
}

// Answer is the session's record of the answer; ok is false for a
// recording outside any session.
func (a namedAnswer) Answer() (session.Answer, bool) {
	if a.Session == nil {
		return session.Answer{}, false
	}
	return a.Session.Answers[a.N-1], true
}

// Ref is the answer's SESSION:N name, or its path when it has none.
func (a namedAnswer) Ref() string {
	if a.Session == nil {
		return a.WAV
	}
	return fmt.Sprintf("%s:%d", a.Session.ID, a.N)
}

// resolveAnswer resolves arg: an existing recording first (a file called
// "latest:2" in the current folder is still that file), then SESSION:N.
// A recording inside a session's folder is that session's answer.
func resolveAnswer(store *session.Store, arg string) (namedAnswer, error) {
	na := namedAnswer{Arg: arg}
	if st, err := os.Stat(arg); err == nil {
		if st.IsDir() {
			return na, usageErrorf("%s: is a folder; name a recording or an answer as SESSION:N (for example latest:2)", arg)
		}
		na.WAV = arg
		if sess, dir, n, ok := sessionOfRecording(store, arg); ok {
			na.Session, na.Dir, na.N = sess, dir, n
		}
		return na, nil
	}
	id, n, ok := compare.ParseRef(arg)
	if !ok {
		if strings.HasSuffix(strings.ToLower(arg), ".wav") || strings.ContainsRune(arg, filepath.Separator) {
			return na, fmt.Errorf("%s: no such file", arg)
		}
		if s, err := store.Resolve(arg); err == nil {
			return na, usageErrorf("%s: that is session %s; name one of its answers as %s:N (for example %s:1)", arg, s, arg, arg)
		}
		return na, fmt.Errorf("%s: no such recording, and not an answer named as SESSION:N (for example latest:2)", arg)
	}
	resolved, err := store.Resolve(id)
	if err != nil {
		return na, fmt.Errorf("%s: %w", arg, err)
	}
	sess, err := store.Load(resolved)
	if err != nil {
		return na, fmt.Errorf("%s: %w", arg, err)
	}
	if n > len(sess.Answers) {
		return na, fmt.Errorf("%s: session %s has %d %s; see 'starcoach sessions show %s'", arg, sess.ID, len(sess.Answers), figure.Plural(len(sess.Answers), "answer", "answers"), sess.ID)
	}
	sess.ID = resolved // the folder's name is the id a user types
	na.Session, na.N = sess, n
	na.Dir = store.SessionDir(sess.ID)
	na.WAV = filepath.Join(na.Dir, sess.Answers[n-1].WAV)
	return na, nil
}

// sessionOfRecording finds the session whose folder holds the recording at
// path, and which answer it is.
func sessionOfRecording(store *session.Store, path string) (*session.Session, string, int, bool) {
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
	sess, err := store.Load(filepath.Base(dir))
	if err != nil {
		return nil, "", 0, false
	}
	sess.ID = filepath.Base(dir)
	for i, a := range sess.Answers {
		if a.WAV == filepath.Base(abs) {
			return sess, dir, i + 1, true
		}
	}
	return nil, "", 0, false
}

// resolveRecordings resolves each argument to a recording's path, for the
// commands that work on recordings (transcribe).
func resolveRecordings(store *session.Store, args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if _, err := os.Stat(a); err == nil || !errors.Is(err, fs.ErrNotExist) {
			out = append(out, a) // the command reports what is wrong with it
			continue
		}
		if _, _, ok := compare.ParseRef(a); !ok {
			out = append(out, a)
			continue
		}
		na, err := resolveAnswer(store, a)
		if err != nil {
			return nil, err
		}
		out = append(out, na.WAV)
	}
	return out, nil
}

// isAnswerName says whether a lone argument names one answer (SESSION:N or
// an existing file) rather than a whole session.
func isAnswerName(arg string) bool {
	if _, _, ok := compare.ParseRef(arg); ok {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && !st.IsDir()
}

// looksLikePath says whether a partly typed argument is a path rather
// than a session, for completion.
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, "/.~") && !strings.Contains(s, ":")
}

package compare

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
)

var answerRef = regexp.MustCompile(`^(.+):([0-9]+)$`)

// ParseRef splits "SESSION:N" into the session and the answer number
// (1-based, as session reports number answers).
func ParseRef(ref string) (sessionID string, n int, ok bool) {
	m := answerRef.FindStringSubmatch(ref)
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 1 {
		return "", 0, false
	}
	return m[1], n, true
}

// Open assesses the answer named by ref: an existing recording (the files
// beside it are read, see assess.Paths; without a timing file the
// recording is measured), or SESSION:N, the N-th answer of a session
// ("latest:2", "2026-11-23:1"), judged as every other command judges it.
func Open(ref string, store *session.Store, words assess.Options) (Take, error) {
	if st, err := os.Stat(ref); err == nil {
		if st.IsDir() {
			return Take{}, fmt.Errorf("%s: is a directory; name a recording or SESSION:N", ref)
		}
		return checked(ref, assess.Loose(ref, 0, words))
	}
	id, n, ok := ParseRef(ref)
	if !ok {
		return Take{}, fmt.Errorf("%s: no such recording, and not SESSION:N (for example latest:2)", ref)
	}
	sess, err := store.Load(id)
	if err != nil {
		return Take{}, fmt.Errorf("%s: %w", ref, err)
	}
	if n > len(sess.Answers) {
		return Take{}, fmt.Errorf("%s: session %s has %d answers; see 'starcoach sessions show %s'", ref, sess.ID, len(sess.Answers), sess.ID)
	}
	return checked(ref, assess.Build(sess, store.SessionDir(sess.ID), n-1, words))
}

// checked refuses an answer with nothing to compare, or whose transcript
// is there but cannot be read.
func checked(ref string, a assess.Answer) (Take, error) {
	if a.Files.Transcript != "" && a.Transcript == nil {
		for _, w := range a.Warnings {
			if strings.HasPrefix(w, filepath.Base(a.Files.Transcript)+":") {
				return Take{}, fmt.Errorf("%s; make it again with starcoach transcribe --force", w)
			}
		}
	}
	if a.Timing == nil && a.Speech == nil {
		why := "neither the recording nor its transcript is there"
		if len(a.Warnings) > 0 {
			why = a.Warnings[0]
		}
		if strings.HasPrefix(why, filepath.Base(ref)+":") {
			return Take{}, fmt.Errorf("%s", why)
		}
		return Take{}, fmt.Errorf("%s: %s", ref, why)
	}
	return NewTake(ref, a), nil
}

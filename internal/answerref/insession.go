package answerref

import (
	"fmt"

	"github.com/starcoach/starcoach/internal/session"
)

// SessionAnswer resolves arg (Resolve) for a command that works only on
// sessions' answers, returning the session's id and the answer's number.
// A recording outside any session is an error naming arg, then advice on
// what to do instead.
func SessionAnswer(store *session.Store, arg, advice string) (id string, n int, err error) {
	a, err := Resolve(store, arg)
	if err != nil {
		return "", 0, err
	}
	if a.Session == nil {
		return "", 0, fmt.Errorf("%s: %s", arg, advice)
	}
	return a.Session.ID, a.N, nil
}

package storybank

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/session"
)

// Write prints the bank's warnings (files it could not read) on warn,
// then the bank as text or, with asJSON, as JSON.
func Write(w, warn io.Writer, b Bank, asJSON bool) error {
	for _, m := range b.Warnings {
		fmt.Fprintf(warn, "starcoach: %s\n", m)
	}
	if asJSON {
		return json.NewEncoder(w).Encode(b)
	}
	return WriteText(w, b)
}

// AssignRef names the story of the answer ref names (SESSION:N, or a
// recording in a session's folder). With no name it takes the story the
// bank b proposes for that answer. Every error names ref and says what to
// do instead.
func AssignRef(store *session.Store, b Bank, ref, name string, now func() time.Time) (Answer, error) {
	id, n, err := answerref.SessionAnswer(store, ref, "a recording outside any session has no story to name; import it first: starcoach import "+ref+" --question ID --story NAME")
	if err != nil {
		return Answer{}, err
	}
	if name == "" {
		for _, p := range b.Proposals {
			if p.Answer.Session == id && p.Answer.N == n {
				name = p.Story
			}
		}
		if name == "" {
			return Answer{}, fmt.Errorf("%s: no story is proposed for this answer; give its name: starcoach stories assign %s NAME", ref, ref)
		}
	}
	a, err := Assign(store, id, n, name, b.Stories, now)
	if err != nil {
		return Answer{}, fmt.Errorf("%s: %w", ref, err)
	}
	return a, nil
}

// WriteAssigned says which story an answer now tells, and its question.
func WriteAssigned(w io.Writer, a Answer) error {
	line := fmt.Sprintf("%s: story %q", a.Ref(), a.Story)
	if a.Question != "" {
		line += fmt.Sprintf(" (%s)", a.Question)
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

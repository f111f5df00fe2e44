package answerref

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// This file lists the names a user can give, each with a note, for the
// shell's completion: sessions, and the answers of one as SESSION:N.

// maxNoted is how many sessions get a note: each note reads a session.
const maxNoted = 20

// Sessions are the ids of the store's sessions, newest first; none when
// the store cannot be read.
func Sessions(store *session.Store) []string {
	ids, err := store.IDs()
	if err != nil {
		return nil
	}
	slices.Reverse(ids)
	return ids
}

// SessionChoices are "latest" and the sessions, newest first, each with
// "<tab>note" (the newest maxNoted only).
func SessionChoices(store *session.Store) []string {
	ids := Sessions(store)
	if len(ids) == 0 {
		return nil
	}
	out := []string{"latest\tthe newest session (" + ids[0] + ")"}
	for i, id := range ids {
		if i < maxNoted {
			id += "\t" + sessionNote(store, id)
		}
		out = append(out, id)
	}
	return out
}

// SessionPrefixes are the starts of an answer's name, "latest:" and
// each session's "ID:", newest first.
func SessionPrefixes(store *session.Store) []string {
	ids := Sessions(store)
	if len(ids) == 0 {
		return nil
	}
	out := []string{"latest:\tan answer of the newest session (" + ids[0] + ")"}
	for _, id := range ids {
		out = append(out, id+":")
	}
	return out
}

// sessionNote describes a session: its bank and how many of its
// questions were answered.
func sessionNote(store *session.Store, id string) string {
	s, err := store.Load(id)
	if err != nil {
		return ""
	}
	n := 0
	for _, a := range s.Answers {
		if a.Kind != session.KindFollowUp {
			n++
		}
	}
	return fmt.Sprintf("%s, %d of %d questions answered", s.Settings.Bank, n, len(s.Questions))
}

// AnswerChoices lists the answers of session id (as the user wrote it),
// each as prefix+number with "<tab>" its length and question; nothing
// when the session cannot be read.
func AnswerChoices(store *session.Store, id, prefix string) []string {
	resolved, err := store.Resolve(id)
	if err != nil {
		return nil
	}
	s, err := store.Load(resolved)
	if err != nil {
		return nil
	}
	var out []string
	for i, a := range s.Answers {
		out = append(out, prefix+strconv.Itoa(i+1)+"\t"+answerNote(s, a))
	}
	return out
}

// answerNote is the question an answer is to and its length.
func answerNote(s *session.Session, a session.Answer) string {
	text := a.Prompt
	if a.Kind != session.KindFollowUp && a.Question >= 0 && a.Question < len(s.Questions) {
		text = s.Questions[a.Question].Text
	}
	if a.Kind == session.KindFollowUp {
		text = "follow-up: " + text
	}
	note := figure.Shorten(text, 60)
	if a.DurationS > 0 {
		note = timefmt.Clock(a.DurationS) + " " + note
	}
	return note
}

package answerref

import (
	"reflect"
	"testing"

	"github.com/starcoach/starcoach/internal/session"
)

// The shell is offered the names Resolve takes, each with a note: the
// session's bank and questions answered, each answer's question (a
// follow-up's own prompt).
func TestChoicesAreNamesResolveTakes(t *testing.T) {
	store, _ := fixture(t)
	id := "2026-11-24T10-00-00"
	if got, want := SessionChoices(store), []string{"latest\tthe newest session (" + id + ")", id + "\t, 1 of 1 questions answered"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sessions: %q; want %q", got, want)
	}
	if got := SessionPrefixes(store); len(got) != 2 || got[1] != id+":" {
		t.Errorf("prefixes: %q", got)
	}
	got := AnswerChoices(store, "latest", "latest:")
	want := []string{"latest:1\tTell me about a time you owned something.", "latest:2\tfollow-up: What would you do differently?"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers: %q; want %q", got, want)
	}
	for _, c := range got {
		if _, err := Resolve(store, c[:len("latest:1")]); err != nil {
			t.Errorf("%s offered but not resolved: %v", c, err)
		}
	}
	if got := AnswerChoices(store, "no-such", ""); got != nil {
		t.Errorf("an unknown session: %q; want nothing", got)
	}
	if got := SessionChoices(session.NewStore(t.TempDir())); got != nil {
		t.Errorf("no sessions: %q", got)
	}
}

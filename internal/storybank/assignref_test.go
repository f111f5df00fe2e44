package storybank

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An answer named as SESSION:N takes the story the bank proposes for it
// when no name is given; with no proposal, or outside a session, the
// error names the answer and says what to do.
func TestAssignRef(t *testing.T) {
	store, lib, s1, s2 := twoSessions(t)
	b, err := Load(store, allQuestions(lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Proposals) == 0 {
		t.Fatal("test setup: no proposal")
	}
	p := b.Proposals[0]
	now := func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }
	ref := p.Answer.Session + ":" + strconv.Itoa(p.Answer.N)
	a, err := AssignRef(store, b, ref, "", now)
	if err != nil || a.Story != p.Story || a.Session != p.Answer.Session || a.N != p.Answer.N {
		t.Fatalf("confirming the proposal: %+v, %v; want %q", a, err, p.Story)
	}
	var out bytes.Buffer
	if err := WriteAssigned(&out, a); err != nil || !strings.Contains(out.String(), `story "`+p.Story+`"`) {
		t.Errorf("written %q, %v", out.String(), err)
	}
	b, _ = Load(store, allQuestions(lib), nil)
	if _, err := AssignRef(store, b, ref, "", now); err == nil || !strings.Contains(err.Error(), ref+": no story is proposed") {
		t.Errorf("no proposal left: %v", err)
	}
	if _, err := AssignRef(store, b, s1+":1", "new story", now); err != nil {
		t.Errorf("a name given: %v", err)
	}
	if _, err := AssignRef(store, b, s2+":99", "x", now); err == nil || !strings.HasPrefix(err.Error(), s2+":99") {
		t.Errorf("no such answer: %v", err)
	}
}

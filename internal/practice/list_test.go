package practice

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
)

// Every session is listed in the order it was made, with its counts; one
// whose file cannot be read is listed as unreadable, not left out.
func TestListSessions(t *testing.T) {
	st := session.NewStore(t.TempDir())
	if rows, err := ListSessions(st, assess.Options{}); err != nil || len(rows) != 0 {
		t.Fatalf("no sessions yet: %v, %v", rows, err)
	}
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Minute); return clock }
	qs := []session.Question{{ID: "q-1", Text: "Tell me about a deadline.", LimitS: 120}, {ID: "q-2", Text: "Tell me about a conflict.", LimitS: 120}}
	first, err := st.Create(session.Settings{Bank: "amazon-lp", Count: 2}, qs, now)
	if err != nil {
		t.Fatal(err)
	}
	first.Answers = append(first.Answers,
		session.Answer{Question: 0, Kind: session.KindAnswer, Status: session.StatusFailed},
		session.Answer{Question: 0, Kind: session.KindFollowUp, Status: session.StatusRecorded})
	first.Finished = true
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}
	first.Close()
	second, err := st.Create(session.Settings{Bank: "behavioral", Count: 2}, qs, now)
	if err != nil {
		t.Fatal(err)
	}
	second.Close()
	if err := os.WriteFile(filepath.Join(st.SessionDir(second.ID), session.FileName), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}

	rows, err := ListSessions(st, assess.Options{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows %+v, %v", rows, err)
	}
	a, b := rows[0], rows[1]
	if a.ID != first.ID || a.Answered != 1 || a.FollowUps != 1 || a.Failed != 1 || !a.Finished || a.Bank != "amazon-lp" || a.Error != "" {
		t.Errorf("first session: %+v", a)
	}
	if b.ID != second.ID || b.Error == "" {
		t.Errorf("the unreadable session: %+v", b)
	}
	var out bytes.Buffer
	if err := WriteSessionTable(&out, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1/2 +1") || !strings.Contains(out.String(), "0 (1 failed)") || !strings.Contains(out.String(), second.ID+"  -") {
		t.Errorf("table:\n%s", out.String())
	}
}

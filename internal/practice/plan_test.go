package practice

import (
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	builtinprompts "github.com/starcoach/starcoach/prompts"
)

// A plan with a seed picks the same questions again, each with the limit
// asked for; a session opened from it is the plan; a finished session is
// not resumed.
func TestPlanOpenAndResume(t *testing.T) {
	lib, err := prompts.LoadUser(builtinprompts.Builtin(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	req := PlanRequest{Bank: "amazon-lp", Count: 3, Seed: 7, SeedSet: true, LimitS: 90, FollowUp: true}
	a, err := NewPlan(lib, req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewPlan(lib, req)
	if len(a.Questions) != 3 || a.Questions[0].ID != b.Questions[0].ID || a.Questions[2].ID != b.Questions[2].ID {
		t.Fatalf("the same seed picked %v and %v", a.Questions, b.Questions)
	}
	for _, q := range a.Questions {
		if q.LimitS != 90 {
			t.Errorf("question %s: limit %v, want 90", q.ID, q.LimitS)
		}
	}
	if _, err := NewPlan(lib, PlanRequest{Bank: "no-such-bank", Count: 1}); err == nil {
		t.Error("a plan from a bank that does not exist")
	}

	st := session.NewStore(t.TempDir())
	h, err := OpenSession(st, a, "", false, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Settings.FollowUp || h.Settings.Seed != 7 || Unanswered(h.Session) != 3 {
		t.Errorf("opened: settings %+v, %d unanswered", h.Settings, Unanswered(h.Session))
	}
	h.Answers = append(h.Answers, session.Answer{Question: 1, Kind: session.KindAnswer},
		session.Answer{Question: 1, Kind: session.KindFollowUp})
	if n := Unanswered(h.Session); n != 2 {
		t.Errorf("after one answer and its follow-up: %d unanswered, want 2", n)
	}
	h.Finished = true
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	h.Close()
	if _, err := OpenSession(st, nil, "latest", false, time.Now); err == nil || !strings.Contains(err.Error(), "is finished") {
		t.Errorf("resuming a finished session: %v", err)
	}
}

package practice

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
)

// Plan is what a new session starts with: its settings and the questions
// picked for it.
type Plan struct {
	Settings  session.Settings
	Questions []session.Question
}

// PlanRequest is what a new session is asked to be.
type PlanRequest struct {
	Bank     string
	Count    int
	Filter   prompts.Filter // the principles and level asked for
	Seed     int64
	SeedSet  bool    // Seed was given; else a random one is kept in the settings
	LimitS   float64 // every answer's limit instead of each question's own; 0 for those
	FollowUp bool
	Device   string
	Rate     int
}

// NewPlan picks a new session's questions from lib. It touches nothing,
// so that a mistyped bank, principle or level is reported before the
// microphone is opened; its only error is the bank's.
func NewPlan(lib *prompts.Library, r PlanRequest) (*Plan, error) {
	seed := r.Seed
	if !r.SeedSet {
		seed = rand.Int64N(1 << 31)
	}
	picked, err := lib.Pick(r.Bank, r.Count, r.Filter, rand.New(rand.NewPCG(uint64(seed), 0)))
	if err != nil {
		return nil, err
	}
	qs := make([]session.Question, len(picked))
	for i, q := range picked {
		qs[i] = SessionQuestion(q)
		if r.LimitS > 0 {
			qs[i].LimitS = r.LimitS
		}
	}
	settings := session.Settings{
		Bank: r.Bank, Count: r.Count, Principles: r.Filter.Principles, Level: r.Filter.Level,
		Seed: seed, FollowUp: r.FollowUp, LimitS: r.LimitS, Device: r.Device, SampleRate: r.Rate,
	}
	return &Plan{Settings: settings, Questions: qs}, nil
}

// OpenSession starts the planned session, or, with no plan, opens the
// unfinished session resume names; followUp turns follow-ups on for it.
func OpenSession(st *session.Store, plan *Plan, resume string, followUp bool, now func() time.Time) (*session.Handle, error) {
	if plan != nil {
		return st.Create(plan.Settings, plan.Questions, now)
	}
	h, err := st.Open(resume, now)
	if err != nil {
		return nil, err
	}
	if h.Finished {
		h.Close()
		return nil, fmt.Errorf("session %s is finished: start a new one with 'starcoach practice'", h.ID)
	}
	if followUp {
		h.Settings.FollowUp = true
	}
	return h, nil
}

// Unanswered counts the questions of s without a main answer.
func Unanswered(s *session.Session) int {
	answered := map[int]bool{}
	for _, a := range s.Answers {
		if a.Kind == session.KindAnswer {
			answered[a.Question] = true
		}
	}
	n := 0
	for i := range s.Questions {
		if !answered[i] {
			n++
		}
	}
	return n
}

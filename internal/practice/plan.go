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
	Bank  string
	Count int
	// IDs are the questions to ask, by id (as 'starcoach prompts' shows
	// them), in order; when set, Bank, Count and Filter are not used.
	IDs      []string
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
	var picked []prompts.Question
	var err error
	if len(r.IDs) > 0 {
		picked, err = findAll(lib, r.IDs)
		r.Bank, r.Count, r.Filter = banksOf(picked), len(picked), prompts.Filter{}
	} else {
		picked, err = lib.Pick(r.Bank, r.Count, r.Filter, rand.New(rand.NewPCG(uint64(seed), 0)))
	}
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

// findAll looks the questions up by id, in the order given.
func findAll(lib *prompts.Library, ids []string) ([]prompts.Question, error) {
	out := make([]prompts.Question, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return nil, fmt.Errorf("--question %s is given twice: to answer a question again, retake it after the session (starcoach practice --retake SESSION:N)", id)
		}
		seen[id] = true
		q, err := lib.Find(id)
		if err != nil {
			return nil, fmt.Errorf("--question: %w; see 'starcoach prompts list'", err)
		}
		out = append(out, q)
	}
	return out, nil
}

// banksOf is the bank the questions share, or "" when they come from
// several.
func banksOf(qs []prompts.Question) string {
	bank := ""
	for i, q := range qs {
		if i > 0 && q.Bank != bank {
			return ""
		}
		bank = q.Bank
	}
	return bank
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

// Unanswered counts the questions of s without an answer that counts
// (session.Counts).
func Unanswered(s *session.Session) int {
	return len(s.Questions) - s.Answered()
}

// Package storybank is the user's bank of stories: which story each
// answer told, which Leadership Principles each story has covered, which
// principles have no story yet, which story is leaned on too often, and
// which questions to practise next to fill the gaps.
package storybank

import (
	"fmt"
	"sort"
	"strings"

	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/fit"
	"github.com/starcoach/starcoach/internal/prompts"
)

// Coaching figures: candidates prepare 5-8 distinct stories, each mapped to
// 2-3 principles.
const (
	MinStories             = 5
	MaxStories             = 8
	MaxPrinciplesPerStory  = 3
	minAnswersToLeanOn     = 3
	leanShareOfAllAnswers  = 1.0 / 3
	maxSuggestionsPerPrinc = 1
)

// Answer is one answer as the bank sees it.
type Answer struct {
	Session    string   `json:"session"`
	N          int      `json:"n"` // 1-based, as session reports number answers
	QuestionID string   `json:"question_id,omitempty"`
	Question   string   `json:"question"`
	Principles []string `json:"principles"`
	Story      string   `json:"story,omitempty"`
	// Text is the transcript, for matching answers to stories; empty when
	// not transcribed.
	Text string `json:"-"`
}

// Ref names the answer as commands take it: SESSION:N.
func (a Answer) Ref() string { return fmt.Sprintf("%s:%d", a.Session, a.N) }

// Bank is the story matrix and what it says.
type Bank struct {
	// Principles are the 16 Leadership Principles, the matrix's rows.
	Principles []string `json:"principles"`
	Stories    []Story  `json:"stories"`
	// Gaps are the principles no story has covered yet.
	Gaps       []string   `json:"gaps"`
	OverUsed   []OverUse  `json:"over_used"`
	Proposals  []Proposal `json:"proposals"`
	Unassigned []Answer   `json:"unassigned"`
	// Suggestions are questions to practise next, one per gap.
	Suggestions []Suggestion `json:"suggestions"`
	Advice      []string     `json:"advice"`
	Answers     int          `json:"answers"`
	Warnings    []string     `json:"warnings"`
}

// Story is one named story and where it was told.
type Story struct {
	Name    string   `json:"name"`
	Answers []Answer `json:"answers"`
	// Covers counts the story's answers per principle, for the principles
	// it has covered, in the order of Bank.Principles.
	Covers []Cover `json:"covers"`
	// Serves are the principles whose signals a telling of the story
	// covers as an answer that fits its question does (see Serve), best
	// covered first: the principles it can serve, asked yet or not.
	Serves []fit.Principle `json:"serves"`
}

// Cover is how many answers of a story were to questions on one principle.
type Cover struct {
	Principle string `json:"principle"`
	Answers   int    `json:"answers"`
}

// Count returns how many of the story's answers covered principle p.
func (s Story) Count(p string) int {
	for _, c := range s.Covers {
		if c.Principle == p {
			return c.Answers
		}
	}
	return 0
}

// OverUse says a story is leaned on too often, and why.
type OverUse struct {
	Story   string   `json:"story"`
	Reasons []string `json:"reasons"`
}

// Proposal is a story an answer without one looks like, from the
// story-reuse matching.
type Proposal struct {
	Answer Answer   `json:"answer"`
	Story  string   `json:"story"`
	Score  float64  `json:"score"`
	Shared []string `json:"shared"`
	// Like is the answer of the story it matched best.
	Like string `json:"like"`
}

// Suggestion is a question to practise for a principle without a story.
type Suggestion struct {
	Principle  string `json:"principle"`
	QuestionID string `json:"question_id"`
	Question   string `json:"question"`
	Bank       string `json:"bank"`
}

// Key is how story names are compared: "Checkout outage" and "checkout
// outage " are one story.
func Key(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// Build makes the bank from the answers (as told, in order) and the
// question banks, which the suggestions come from (nil for none).
// proposals are passed in from the matching (see Propose).
func Build(answers []Answer, questions []prompts.Question, proposals []Proposal) Bank {
	b := Bank{
		Principles: prompts.Principles(), Stories: []Story{}, Gaps: []string{}, OverUsed: []OverUse{},
		Proposals: proposals, Unassigned: []Answer{}, Suggestions: []Suggestion{}, Advice: []string{}, Warnings: []string{},
		Answers: len(answers),
	}
	if b.Proposals == nil {
		b.Proposals = []Proposal{}
	}
	byKey := map[string]int{}
	for _, a := range answers {
		if strings.TrimSpace(a.Story) == "" {
			b.Unassigned = append(b.Unassigned, a)
			continue
		}
		k := Key(a.Story)
		i, ok := byKey[k]
		if !ok {
			i = len(b.Stories)
			byKey[k] = i
			b.Stories = append(b.Stories, Story{Name: strings.Join(strings.Fields(a.Story), " ")})
		}
		b.Stories[i].Answers = append(b.Stories[i].Answers, a)
	}
	sort.SliceStable(b.Stories, func(i, j int) bool { return Key(b.Stories[i].Name) < Key(b.Stories[j].Name) })

	covered := map[string]bool{}
	assigned := 0
	for i := range b.Stories {
		s := &b.Stories[i]
		assigned += len(s.Answers)
		count := map[string]int{}
		for _, a := range s.Answers {
			for _, p := range a.Principles {
				count[p]++
			}
		}
		s.Covers = []Cover{}
		for _, p := range b.Principles {
			if count[p] > 0 {
				s.Covers = append(s.Covers, Cover{p, count[p]})
				covered[p] = true
			}
		}
	}
	for _, p := range b.Principles {
		if !covered[p] {
			b.Gaps = append(b.Gaps, p)
		}
	}

	for _, s := range b.Stories {
		var reasons []string
		if len(s.Covers) > MaxPrinciplesPerStory {
			reasons = append(reasons, fmt.Sprintf("covers %d principles: keep a story to %d-%d and tell another one for the rest", len(s.Covers), 2, MaxPrinciplesPerStory))
		}
		if len(s.Answers) >= minAnswersToLeanOn && float64(len(s.Answers)) > leanShareOfAllAnswers*float64(assigned) && len(b.Stories) > 0 {
			reasons = append(reasons, fmt.Sprintf("told in %d of %d answers with a story", len(s.Answers), assigned))
		}
		for _, sess := range sessionsTwice(s.Answers) {
			reasons = append(reasons, fmt.Sprintf("told twice in session %s: interviewers compare notes", sess))
		}
		if len(reasons) > 0 {
			b.OverUsed = append(b.OverUsed, OverUse{s.Name, reasons})
		}
	}

	b.Suggestions = suggest(b.Gaps, questions, answers)
	b.Advice = advise(b)
	return b
}

// sessionsTwice lists the sessions (loops) in which the story was told more
// than once, in order.
func sessionsTwice(answers []Answer) []string {
	seen := map[string]int{}
	var out []string
	for _, a := range answers {
		seen[a.Session]++
		if seen[a.Session] == 2 {
			out = append(out, a.Session)
		}
	}
	return out
}

// suggest picks, for each principle without a story, a question whose main
// principle it is, one not answered yet when there is one.
func suggest(gaps []string, questions []prompts.Question, answers []Answer) []Suggestion {
	answered := map[string]bool{}
	for _, a := range answers {
		answered[a.QuestionID] = true
	}
	out := []Suggestion{}
	for _, p := range gaps {
		var pick *prompts.Question
		for i := range questions {
			q := &questions[i]
			if len(q.Principles) == 0 || q.Principles[0] != p {
				continue
			}
			if pick == nil || (answered[pick.ID] && !answered[q.ID]) {
				pick = q
			}
		}
		if pick != nil {
			out = append(out, Suggestion{Principle: p, QuestionID: pick.ID, Question: pick.Text, Bank: pick.Bank})
		}
	}
	return out
}

// advise says what to do about the bank as a whole.
func advise(b Bank) []string {
	var out []string
	n := len(b.Stories)
	switch {
	case b.Answers == 0:
		out = append(out, "No answers yet: practise with 'starcoach practice' and name each answer's story with --story.")
		return out
	case n == 0:
		out = append(out, "No answer has a story yet: name them with 'starcoach stories assign SESSION:N NAME'.")
	case n < MinStories:
		out = append(out, fmt.Sprintf("%d %s so far: prepare %d-%d distinct stories from different projects, each covering 2-%d principles.", n, figure.Plural(n, "story", "stories"), MinStories, MaxStories, MaxPrinciplesPerStory))
	case n > MaxStories:
		out = append(out, fmt.Sprintf("%d stories: %d-%d well-rehearsed ones serve a loop better than many half-told ones.", n, MinStories, MaxStories))
	default:
		out = append(out, fmt.Sprintf("%d stories: within the %d-%d a loop needs.", n, MinStories, MaxStories))
	}
	if len(b.Gaps) > 0 && len(b.Suggestions) > 0 {
		out = append(out, "Practise the questions above to fill the gaps, with stories you have not told yet.")
	}
	if len(b.Proposals) > 0 {
		out = append(out, "Confirm the proposed stories with 'starcoach stories assign SESSION:N' (or give another name).")
	}
	return out
}

// Serve finds the principles each story can serve: what its tellings let
// an interviewer hear, by the signals the fit of an answer to its
// question is judged with (c; nil for the built-in ones). A telling too
// short to judge, or not transcribed, shows none.
func (b *Bank) Serve(c *fit.Checker) {
	if c == nil {
		c = fit.Default()
	}
	for i := range b.Stories {
		s := &b.Stories[i]
		s.Serves = []fit.Principle{}
		for _, a := range s.Answers {
			if a.Text != "" {
				s.Serves = fit.Merge(s.Serves, c.Hear(fit.TextWords(a.Text)).Serves())
			}
		}
	}
}

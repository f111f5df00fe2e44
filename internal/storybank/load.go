package storybank

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/fit"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/transcript"
)

// maxNameLen bounds a story's name: a few words.
const maxNameLen = 80

// Load builds the bank from every session in the store, with the
// questions of the banks for the suggestions (nil for none) and the
// signals of c for what each story can serve (nil: the built-in ones). A
// session or transcript that cannot be read is left out with a warning.
func Load(store *session.Store, questions []prompts.Question, c *fit.Checker) (Bank, error) {
	answers, warnings, err := Answers(store)
	if err != nil {
		return Bank{}, err
	}
	b := Build(answers, questions, Propose(answers, story.DefaultThreshold))
	b.Serve(c)
	b.Warnings = append(b.Warnings, warnings...)
	return b, nil
}

// Answers reads the answers (not the follow-ups) of every session, oldest
// first, with their transcripts.
func Answers(store *session.Store) ([]Answer, []string, error) {
	ids, err := store.IDs()
	if err != nil {
		return nil, nil, fmt.Errorf("list sessions in %s: %w", store.Dir, err)
	}
	var out []Answer
	warnings := []string{}
	for _, id := range ids {
		sess, err := store.Load(id)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("session %s left out: %v", id, err))
			continue
		}
		for i, a := range sess.Answers {
			// An earlier take of a question taken again is the same
			// telling, not a second one (session.Counts).
			if !sess.Counts(i) {
				continue
			}
			ans := Answer{Session: sess.ID, N: i + 1, Story: strings.TrimSpace(a.Story), Principles: []string{}}
			if a.Question >= 0 && a.Question < len(sess.Questions) {
				q := sess.Questions[a.Question]
				ans.QuestionID, ans.Question = q.ID, q.Text
				ans.Principles = append(ans.Principles, q.Principles...)
			}
			if a.Transcript != "" {
				path := filepath.Join(store.SessionDir(sess.ID), a.Transcript)
				text, err := readText(path)
				if err != nil {
					warnings = append(warnings, fmt.Sprintf("%s: %v; not matched to a story", path, err))
				}
				ans.Text = text
			}
			out = append(out, ans)
		}
	}
	return out, warnings, nil
}

func readText(path string) (string, error) {
	t, err := transcript.Load(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !quality.Judge(t, 0, quality.SystemDictionary()).Reliable() {
		// Words the engine looks to have got wrong match no story.
		return "", nil
	}
	return quality.SureText(t), nil
}

// Propose matches each transcribed answer without a story against the
// answers that have one, and proposes the story of the best match scoring
// at least threshold (story.DefaultThreshold is the usual one).
func Propose(answers []Answer, threshold float64) []Proposal {
	ix := story.NewIndex(story.Options{MaxShared: 3})
	storyOf := map[string]string{}
	for _, a := range answers {
		if a.Text == "" {
			continue
		}
		ix.Add(story.Doc{ID: a.Ref(), Text: a.Text})
		if a.Story != "" {
			storyOf[a.Ref()] = a.Story
		}
	}
	out := []Proposal{}
	if len(storyOf) == 0 {
		return out
	}
	for _, a := range answers {
		if a.Story != "" || a.Text == "" {
			continue
		}
		for _, m := range ix.Against(story.Doc{ID: a.Ref(), Text: a.Text}, threshold) {
			name, ok := storyOf[m.B]
			if !ok {
				continue
			}
			shared := m.Shared
			if shared == nil {
				shared = []string{}
			}
			out = append(out, Proposal{Answer: a, Story: name, Score: math.Round(m.Score*1000) / 1000, Shared: shared, Like: m.B})
			break
		}
	}
	return out
}

// CheckName says what is wrong with a story name, if anything.
func CheckName(name string) error {
	n := strings.Join(strings.Fields(name), " ")
	switch {
	case n == "":
		return errors.New("the story name is empty: give a few words, like \"checkout outage\"")
	case len(n) > maxNameLen:
		return fmt.Errorf("the story name is %d characters: keep it under %d", len(n), maxNameLen)
	case strings.ContainsAny(name, "\n\r\t"):
		return errors.New("the story name has a line break or tab: give it on one line")
	}
	return nil
}

// Assign names the story of answer n (1-based) of a session, spelled as an
// existing story of the same name when there is one. It returns the
// answer as assigned.
func Assign(store *session.Store, sessionID string, n int, name string, existing []Story, now func() time.Time) (Answer, error) {
	if err := CheckName(name); err != nil {
		return Answer{}, err
	}
	names := make([]string, len(existing))
	for i, s := range existing {
		names[i] = s.Name
	}
	name = Canonical(name, names)
	h, err := store.Open(sessionID, now)
	if err != nil {
		return Answer{}, err
	}
	defer h.Close()
	if n < 1 || n > len(h.Answers) {
		return Answer{}, fmt.Errorf("session %s has %d answers; see 'starcoach sessions show %s'", h.ID, len(h.Answers), h.ID)
	}
	a := &h.Answers[n-1]
	if a.Kind == session.KindFollowUp {
		return Answer{}, fmt.Errorf("answer %d of session %s is a follow-up of answer %d: assign the story to that one", n, h.ID, a.Parent)
	}
	a.Story = name
	if err := h.Save(); err != nil {
		return Answer{}, err
	}
	out := Answer{Session: h.ID, N: n, Story: name, Principles: []string{}}
	if a.Question >= 0 && a.Question < len(h.Questions) {
		q := h.Questions[a.Question]
		out.QuestionID, out.Question = q.ID, q.Text
		out.Principles = append(out.Principles, q.Principles...)
	}
	return out, nil
}

// Canonical is the spelling a story name is stored under: its words
// single-spaced, and spelled as the first of the known names with the same
// Key when there is one, so that "Checkout Outage" joins "checkout outage".
func Canonical(name string, known []string) string {
	name = strings.Join(strings.Fields(name), " ")
	for _, k := range known {
		if Key(k) == Key(name) {
			return strings.Join(strings.Fields(k), " ")
		}
	}
	return name
}

// Names lists the story names the answers of the store's sessions were
// given, each once as first spelled, oldest session first: the known
// names for Canonical. Only session files are read; a session that cannot
// be read is passed over.
func Names(store *session.Store) ([]string, error) {
	ids, err := store.IDs()
	if err != nil {
		return nil, fmt.Errorf("list sessions in %s: %w", store.Dir, err)
	}
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		sess, err := store.Load(id)
		if err != nil {
			continue
		}
		for _, a := range sess.Answers {
			k := Key(a.Story)
			if a.Kind == session.KindFollowUp || k == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, strings.Join(strings.Fields(a.Story), " "))
		}
	}
	return out, nil
}

package practice

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Summary is what a session came to, answer by answer.
type Summary struct {
	Session   string          `json:"session"`
	Dir       string          `json:"dir"`
	Created   time.Time       `json:"created"`
	Bank      string          `json:"bank,omitempty"`
	Questions int             `json:"questions"`
	Answered  int             `json:"answered"`
	Finished  bool            `json:"finished"`
	Answers   []AnswerSummary `json:"answers"`
	// Pending counts answers not transcribed yet; Failed those whose
	// transcription failed.
	Pending int `json:"pending"`
	Failed  int `json:"failed"`
	// NoEngine says why nothing was transcribed, when no engine was found.
	NoEngine string `json:"no_engine,omitempty"`
}

// AnswerSummary is one answer in a Summary.
type AnswerSummary struct {
	N          int           `json:"n"` // counting from 1, as in the file names
	Kind       string        `json:"kind"`
	QuestionID string        `json:"question_id"`
	Question   string        `json:"question"`
	Principles []string      `json:"principles,omitempty"`
	Prompt     string        `json:"prompt,omitempty"`
	Parent     int           `json:"parent,omitempty"` // the answer a follow-up follows
	Story      string        `json:"story,omitempty"`  // the story the answer tells, when named
	WAV        string        `json:"wav"`
	Status     string        `json:"status"`
	Error      string        `json:"error,omitempty"`
	Imported   string        `json:"imported,omitempty"`
	DurationS  float64       `json:"duration_s"`
	AnswerS    float64       `json:"answer_s"`
	LimitS     float64       `json:"limit_s"`
	Verdict    string        `json:"verdict,omitempty"`
	OverByS    float64       `json:"over_by_s,omitempty"`
	FirstWordS float64       `json:"first_word_s"`
	LongPauses []analyze.Gap `json:"long_pauses"`
	Star       *StarSummary  `json:"star,omitempty"`
	SameStory  []SameStory   `json:"same_story"`
}

// StarSummary is the part of an answer's STAR check a summary shows.
type StarSummary struct {
	Present  []string           `json:"present"`
	Missing  []string           `json:"missing"`
	Shares   map[string]float64 `json:"shares"`
	Score    int                `json:"score"`
	Words    int                `json:"words"`
	Findings []star.Finding     `json:"findings"`
}

// SameStory says an answer looks like the same story as another one.
type SameStory struct {
	Session string   `json:"session"` // "" for this session
	Answer  int      `json:"answer"`
	Score   float64  `json:"score"`
	Shared  []string `json:"shared"`
}

// Summarize reads the files of the session in dir and sums it up. history
// holds the transcripts of earlier sessions, for the story check (IDs made
// by DocID).
func Summarize(dir string, s *session.Session, history []story.Doc) (*Summary, error) {
	sum := &Summary{Session: s.ID, Dir: dir, Created: s.Created, Bank: s.Settings.Bank, Questions: len(s.Questions), Finished: s.Finished, Answers: []AnswerSummary{}}
	var docs []story.Doc
	for i, a := range s.Answers {
		as := AnswerSummary{N: i + 1, Kind: a.Kind, Prompt: a.Prompt, Parent: a.Parent, WAV: a.WAV, Status: a.Status, Error: a.Error, Imported: a.Imported, Story: a.Story, DurationS: a.DurationS, LimitS: answerLimit(s, a), LongPauses: []analyze.Gap{}, SameStory: []SameStory{}}
		if a.Question >= 0 && a.Question < len(s.Questions) {
			q := s.Questions[a.Question]
			as.QuestionID, as.Question, as.Principles = q.ID, q.Text, q.Principles
		}
		if a.Kind == session.KindAnswer {
			sum.Answered++
		}
		if a.Timing != "" {
			if tm, err := readTiming(filepath.Join(dir, a.Timing)); err == nil {
				as.AnswerS, as.LimitS, as.Verdict, as.OverByS = tm.AnswerS, tm.LimitS, tm.Verdict, tm.OverByS
				as.FirstWordS = tm.SpeechStartS
				if lp := LongPauses(tm); lp != nil {
					as.LongPauses = lp
				}
			}
		}
		switch a.Status {
		case session.StatusRecorded, session.StatusRecording:
			sum.Pending++
		case session.StatusFailed:
			sum.Failed++
		}
		if a.Star != "" {
			if r, err := readStar(filepath.Join(dir, a.Star)); err == nil {
				as.Star = starSummary(r)
			}
		}
		if a.Transcript != "" && a.Kind == session.KindAnswer {
			if t, err := transcript.Load(filepath.Join(dir, a.Transcript)); err == nil && strings.TrimSpace(t.Text) != "" {
				docs = append(docs, story.Doc{ID: DocID(s.ID, i+1), Text: t.Text})
			}
		}
		sum.Answers = append(sum.Answers, as)
	}
	sameStories(sum, docs, history)
	return sum, nil
}

// sameStories flags answers that retell a story told earlier in the
// session or in an earlier session.
func sameStories(sum *Summary, docs, history []story.Doc) {
	if len(docs) == 0 {
		return
	}
	ix := story.NewIndex(story.Options{})
	for _, d := range history {
		if sess, _, ok := ParseDocID(d.ID); ok && sess != sum.Session {
			ix.Add(d)
		}
	}
	for _, d := range docs {
		ix.Add(d)
	}
	for _, d := range docs {
		_, n, _ := ParseDocID(d.ID)
		for _, m := range ix.Against(d, story.DefaultThreshold) {
			sess, other, ok := ParseDocID(m.B)
			if !ok {
				continue
			}
			if sess == sum.Session {
				// Within the session the later answer is the retelling.
				if other >= n {
					continue
				}
				sess = ""
			}
			as := &sum.Answers[n-1]
			as.SameStory = append(as.SameStory, SameStory{Session: sess, Answer: other, Score: math.Round(m.Score*1000) / 1000, Shared: m.Shared})
		}
	}
}

// DocID names answer n of a session in the story index.
func DocID(sessionID string, n int) string { return sessionID + "/" + strconv.Itoa(n) }

// ParseDocID splits an ID made by DocID.
func ParseDocID(id string) (sessionID string, n int, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	return id[:i], n, err == nil
}

// History reads the transcripts of the sessions in the store started
// before the session before (every session when before is ""), for the
// story check. Sessions that cannot be read are passed over.
func History(st *session.Store, before string) []story.Doc {
	ids, err := st.IDs()
	if err != nil {
		return nil
	}
	var docs []story.Doc
	for _, id := range ids {
		if before != "" && id >= before {
			break
		}
		s, err := st.Load(id)
		if err != nil {
			continue
		}
		dir := st.SessionDir(id)
		for i, a := range s.Answers {
			if a.Kind != session.KindAnswer || a.Transcript == "" {
				continue
			}
			t, err := transcript.Load(filepath.Join(dir, a.Transcript))
			if err != nil || strings.TrimSpace(t.Text) == "" {
				continue
			}
			docs = append(docs, story.Doc{ID: DocID(id, i+1), Text: t.Text})
		}
	}
	return docs
}

func starSummary(r *star.Result) *StarSummary {
	ss := &StarSummary{Present: []string{}, Missing: []string{}, Shares: map[string]float64{}, Score: r.Score, Words: r.Words, Findings: r.Findings}
	missing := map[star.Label]bool{}
	for _, l := range r.Missing {
		missing[l] = true
		ss.Missing = append(ss.Missing, l.String())
	}
	for _, l := range []star.Label{star.S, star.T, star.A, star.R} {
		if !missing[l] {
			ss.Present = append(ss.Present, l.String())
		}
	}
	for _, sec := range r.Sections {
		ss.Shares[sec.Label.String()] += math.Round(sec.Share*1000) / 1000
	}
	if ss.Findings == nil {
		ss.Findings = []star.Finding{}
	}
	return ss
}

// WriteJSON writes the summary as indented JSON.
func WriteJSON(w io.Writer, sum *Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sum)
}

// WriteText writes the summary for reading: a block per answer, then what
// is left to do.
func WriteText(w io.Writer, sum *Summary) error {
	var b strings.Builder
	state := "finished"
	if !sum.Finished {
		state = "not finished"
	}
	fmt.Fprintf(&b, "Session %s", sum.Session)
	if sum.Bank != "" {
		fmt.Fprintf(&b, " (%s)", sum.Bank)
	}
	fmt.Fprintf(&b, ": %d of %d questions answered, %s\n", sum.Answered, sum.Questions, state)
	for _, a := range sum.Answers {
		b.WriteString("\n")
		if a.Kind == session.KindFollowUp {
			fmt.Fprintf(&b, "%d. follow-up to answer %d: %s\n", a.N, a.Parent, a.Prompt)
		} else {
			fmt.Fprintf(&b, "%d. %s%s: %s\n", a.N, a.QuestionID, principlesNote(a.Principles), a.Question)
		}
		if a.Story != "" {
			fmt.Fprintf(&b, "   story: %s\n", a.Story)
		}
		if a.Verdict != "" {
			fmt.Fprintf(&b, "   time: %s of %s, %s", timefmt.Clock(a.AnswerS), timefmt.Clock(a.LimitS), a.Verdict)
			if a.Verdict == analyze.Over {
				fmt.Fprintf(&b, " by %s", timefmt.Seconds(a.OverByS))
			}
			b.WriteString("\n")
		} else {
			fmt.Fprintf(&b, "   time: %s recorded, not timed\n", timefmt.Clock(a.DurationS))
		}
		if len(a.LongPauses) == 0 {
			b.WriteString("   long pauses: none\n")
		} else {
			var ps []string
			for _, g := range a.LongPauses {
				ps = append(ps, fmt.Sprintf("%s at %s", timefmt.Seconds(g.DurationS), timefmt.Clock(g.StartS)))
			}
			fmt.Fprintf(&b, "   long pauses: %s\n", strings.Join(ps, ", "))
		}
		switch {
		case a.Star != nil:
			cover := strings.Join(a.Star.Present, " ")
			if len(a.Star.Present) == 0 {
				cover = "none"
			}
			fmt.Fprintf(&b, "   STAR: %s", cover)
			if len(a.Star.Missing) > 0 {
				fmt.Fprintf(&b, " (missing %s)", strings.Join(a.Star.Missing, " "))
			}
			fmt.Fprintf(&b, ", score %d/100\n", a.Star.Score)
		case a.Status == session.StatusFailed:
			fmt.Fprintf(&b, "   STAR: not checked, transcription failed: %s\n", a.Error)
		default:
			b.WriteString("   STAR: not checked, not transcribed yet\n")
		}
		for _, m := range a.SameStory {
			where := fmt.Sprintf("answer %d", m.Answer)
			if m.Session != "" {
				where += " of session " + m.Session
			}
			fmt.Fprintf(&b, "   looks like the same story as %s (%.2f", where, m.Score)
			if len(m.Shared) > 0 {
				fmt.Fprintf(&b, ": %s", strings.Join(m.Shared, ", "))
			}
			b.WriteString(")\n")
		}
	}
	if sum.NoEngine != "" || sum.Failed > 0 || sum.Pending > 0 {
		b.WriteString("\n")
	}
	if sum.NoEngine != "" {
		fmt.Fprintf(&b, "Not transcribed: %s.\n", sum.NoEngine)
	}
	if sum.Failed > 0 || sum.Pending > 0 {
		n := sum.Failed + sum.Pending
		fmt.Fprintf(&b, "%d %s not transcribed (%d failed): timing only. Retry with: starcoach transcribe --session %s\n", n, plural(n, "answer", "answers"), sum.Failed, sum.Session)
	}
	if !sum.Finished && sum.Answered < sum.Questions {
		fmt.Fprintf(&b, "Carry on with: starcoach practice --resume %s\n", sum.Session)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

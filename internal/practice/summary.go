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

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/compare"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/quality"
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

// TakenAgain reports whether a question of the session has more than one
// take, so that the summary says which one counts.
func (sum *Summary) TakenAgain() bool {
	for _, a := range sum.Answers {
		if a.Kind != session.KindFollowUp && !a.Counted && !a.NoSpeech {
			return true
		}
	}
	return false
}

// LastChange is the one line a retake ends with: what changed from the
// take it retakes to the latest take again of the session ("answer 3
// against answer 1: 0:55 -> 1:38, Task now heard, score 64 -> 82");
// false when no take was made again.
func (sum *Summary) LastChange() (string, bool) {
	for i := len(sum.Answers) - 1; i >= 0; i-- {
		if a := sum.Answers[i]; a.Change != "" {
			return fmt.Sprintf("answer %d against answer %d: %s", a.N, a.Retakes, a.Change), true
		}
	}
	return "", false
}

// CanCarryOn reports whether the session has questions left to answer, so
// that the summary says how to resume it.
func (sum *Summary) CanCarryOn() bool { return !sum.Finished && sum.Answered < sum.Questions }

// AnswerSummary is one answer in a Summary: its assessment, in the
// answer shape every command prints, and the stories it looks like.
type AnswerSummary struct {
	assess.Answer
	SameStory []SameStory `json:"same_story"`
	// Change is, for a take again, what changed from the take it
	// retakes, in one line: "0:55 -> 1:38, Task now heard, score 64 -> 82".
	Change string `json:"change,omitempty"`
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
// by DocID); lex the word lists (nil: the built-in ones).
func Summarize(dir string, s *session.Session, history []story.Doc, lex assess.Options) (*Summary, error) {
	sum, docs := summarize(dir, s, lex)
	sameStories(sum, docs, history)
	return sum, nil
}

// Figures is Summarize without the story check, for listings: its cost
// grows with the session's size, while comparing every answer with every
// other grows with its square.
func Figures(dir string, s *session.Session, lex assess.Options) *Summary {
	sum, _ := summarize(dir, s, lex)
	return sum
}

func summarize(dir string, s *session.Session, lex assess.Options) (*Summary, []story.Doc) {
	sum := &Summary{Session: s.ID, Dir: dir, Created: s.Created, Bank: s.Settings.Bank, Questions: len(s.Questions), Finished: s.Finished, Answers: []AnswerSummary{}}
	var docs []story.Doc
	answered := map[int]bool{} // questions with a take that counts
	for i, a := range s.Answers {
		as := AnswerSummary{Answer: assess.Build(s, dir, i, lex), SameStory: []SameStory{}}
		if as.Counted {
			answered[a.Question] = true
		}
		switch {
		case as.NoSpeech:
			// Nothing to transcribe: never pending.
		case a.Status == session.StatusRecorded || a.Status == session.StatusRecording:
			sum.Pending++
		case a.Status == session.StatusFailed:
			sum.Failed++
		}
		if a.Retake > 0 && a.Retake <= i && !as.NoSpeech {
			earlier := sum.Answers[a.Retake-1].Answer
			as.Change = compare.Line(compare.NewTake("", earlier), compare.NewTake("", as.Answer))
		}
		// A transcript that looks unreliable claims no same story: the
		// words it shares were not said. Only the take of a question
		// that counts is a telling: a take again is not a retelling.
		judged := as.Check == nil || as.Check.Judged()
		if t := as.Transcript; t != nil && judged && as.Counted && strings.TrimSpace(t.Text) != "" {
			docs = append(docs, story.Doc{ID: DocID(s.ID, i+1), Text: quality.SureText(t), Question: questionID(s, a)})
		}
		sum.Answers = append(sum.Answers, as)
	}
	sum.Answered = len(answered)
	return sum, docs
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
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	// Within the session the later answer is the retelling, so an answer
	// is only matched with earlier ones and with earlier sessions.
	// A question answered again in a later session is a take of it, as a
	// retake within a session is: the same story for the same question is
	// not a retelling, so such pairs are never matched.
	type docID struct {
		session  string
		n        int
		ok       bool
		question string
	}
	parsed := make(map[string]docID, len(docs)+len(history))
	for _, d := range append(history[:len(history):len(history)], docs...) {
		sess, n, ok := ParseDocID(d.ID)
		parsed[d.ID] = docID{sess, n, ok, d.Question}
	}
	keep := func(a, b string) bool {
		pa, pb := parsed[a], parsed[b]
		if pa.question != "" && pa.question == pb.question {
			return false
		}
		return pb.ok && (pb.session != pa.session || pb.n < pa.n)
	}
	for k, ms := range ix.AgainstEach(ids, story.DefaultThreshold, maxSameStories, keep) {
		_, n, _ := ParseDocID(ids[k])
		as := &sum.Answers[n-1]
		for _, m := range ms {
			sess, other, _ := ParseDocID(m.B)
			if sess == sum.Session {
				sess = ""
			}
			as.SameStory = append(as.SameStory, SameStory{Session: sess, Answer: other, Score: math.Round(m.Score*1000) / 1000, Shared: m.Shared})
		}
	}
}

// maxSameStories is how many earlier tellings are named for one answer:
// the closest few say what matters, and a session of many answers of one
// story stays readable (and its summary small).
const maxSameStories = 5

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
			if !s.Counts(i) || a.Transcript == "" {
				continue
			}
			t, err := transcript.Load(filepath.Join(dir, a.Transcript))
			if err != nil || strings.TrimSpace(t.Text) == "" || !quality.Judge(t, 0, quality.SystemDictionary()).Reliable() {
				continue
			}
			docs = append(docs, story.Doc{ID: DocID(id, i+1), Text: t.Text, Question: questionID(s, a)})
		}
	}
	return docs
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
	if sum.TakenAgain() {
		fmt.Fprintf(&b, "Questions taken again count once: %s.\n", session.TakeRule)
	}
	for _, a := range sum.Answers {
		b.WriteString("\n")
		switch {
		case a.Kind == session.KindFollowUp:
			fmt.Fprintf(&b, "%d. follow-up to answer %d: %s\n", a.N, a.FollowsUp, a.Prompt)
		case a.Retakes > 0:
			fmt.Fprintf(&b, "%d. %s%s, again (answer %d): %s\n", a.N, a.QuestionID, principlesNote(a.Principles), a.Retakes, a.Question)
		default:
			fmt.Fprintf(&b, "%d. %s%s: %s\n", a.N, a.QuestionID, principlesNote(a.Principles), a.Question)
		}
		if a.Kind != session.KindFollowUp && !a.Counted {
			if a.NoSpeech {
				b.WriteString("   no speech heard: not scored, not counted\n")
			} else {
				b.WriteString("   an earlier take: not counted (" + session.TakeRule + ")\n")
			}
		}
		if a.Change != "" {
			fmt.Fprintf(&b, "   against answer %d: %s\n", a.Retakes, a.Change)
		}
		if a.Story != "" {
			fmt.Fprintf(&b, "   story: %s\n", a.Story)
		}
		b.WriteString("   time: " + a.TimeText() + "\n")
		b.WriteString("   " + PauseLine(a.Timing) + "\n")
		if v := a.Voice; v != nil {
			for _, l := range v.Lines {
				b.WriteString("   " + l + "\n")
			}
		}
		if sp := a.Speech; sp != nil {
			b.WriteString("   " + FillerLine(sp) + "\n")
			b.WriteString("   " + assess.HedgeLine(sp) + "\n")
		}
		switch {
		case a.NoSpeech && a.Status != session.StatusFailed:
			// Said above: nothing to check.
		case a.Reply != nil:
			writeReply(&b, a.Reply)
		case a.Kind == session.KindFollowUp && a.Check != nil && !a.Check.Judged() && len(a.Check.Findings) > 0:
			fmt.Fprintf(&b, "   reply: %s\n", lowerFirst(a.Check.Findings[0].Message))
		case a.Star != nil && a.Star.Score == nil:
			// Not judged: the first tip says why and what to do; the
			// others are about time, which the audio gives.
			for i, tip := range a.Star.Tips {
				if i == 0 {
					fmt.Fprintf(&b, "   STAR: %s\n", lowerFirst(tip))
				} else {
					fmt.Fprintf(&b, "   tip: %s\n", tip)
				}
			}
		case a.Star != nil:
			cover := sectionNames(a.Star.Present)
			if len(a.Star.Present) == 0 {
				cover = "no section found"
			}
			fmt.Fprintf(&b, "   STAR: %s", cover)
			if len(a.Star.Missing) > 0 {
				fmt.Fprintf(&b, " (missing %s)", sectionNames(a.Star.Missing))
			}
			fmt.Fprintf(&b, ", score %d/100 (%s)\n", *a.Star.Score, a.Star.Band)
			for _, tip := range a.Star.Tips {
				fmt.Fprintf(&b, "   tip: %s\n", tip)
			}
			if p := a.Star.Push; p != nil {
				fmt.Fprintf(&b, "   next push: %s (%s)\n", p.Text, p.Reason)
			}
		case a.Status == session.StatusFailed:
			fmt.Fprintf(&b, "   STAR: not checked, transcription failed: %s\n", a.Error)
		default:
			b.WriteString("   STAR: not checked, not transcribed yet\n")
		}
		writeFit(&b, a.Answer)
		for _, m := range a.SameStory {
			where := fmt.Sprintf("answer %d", m.Answer)
			if m.Session != "" {
				where += " of session " + m.Session
			}
			fmt.Fprintf(&b, "   looks like the same story as %s: %s\n", where, story.SharedText(m.Shared))
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
		fmt.Fprintf(&b, "%d %s not transcribed (%d failed): timing only. Retry with: starcoach transcribe --session %s\n", n, figure.Plural(n, "answer", "answers"), sum.Failed, sum.Session)
	}
	if sum.CanCarryOn() {
		fmt.Fprintf(&b, "Carry on with: starcoach practice --resume %s\n", sum.Session)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFit says how the answer fits its question, when one is known.
func writeFit(b *strings.Builder, a assess.Answer) {
	if a.Fit != nil {
		b.WriteString("   " + a.Fit.Line() + "\n")
	}
}

// FillerLine says the answer's fillers, or why they were not measured.
func FillerLine(sp *assess.Speech) string {
	switch {
	case sp.FillersNotMeasured != "":
		return "fillers: not measured (" + sp.FillersNotMeasured + ")"
	case sp.Fillers == nil || sp.FillersPerMin == nil:
		return "fillers: not judged"
	}
	return fmt.Sprintf("fillers: %d, %.1f a minute", *sp.Fillers, *sp.FillersPerMin)
}

// writeReply says whether a follow-up's reply answers its push.
func writeReply(b *strings.Builder, r *probe.Reply) {
	fmt.Fprintf(b, "   reply: %s\n", r.Text())
	for i, f := range r.Findings {
		if i == assess.MaxTips {
			break
		}
		fmt.Fprintf(b, "   tip: %s\n", f.Message)
	}
}

// lowerFirst starts a sentence inside a line: "Not judged" -> "not judged".
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// sectionNames writes STAR section letters as their names.
func sectionNames(letters []string) string {
	names := make([]string, len(letters))
	for i, l := range letters {
		names[i] = l
		if lab, ok := star.ParseLabel(l); ok {
			names[i] = lab.Name()
		}
	}
	return strings.Join(names, ", ")
}

// PauseLine lists an answer's pauses on the pause scale: "pauses: 1.4 s
// at 0:33, 3.5 s at 0:44 (long)".
func PauseLine(t *assess.Timing) string {
	if t == nil {
		return "pauses: not timed"
	}
	if len(t.Pauses) == 0 {
		return "pauses: none"
	}
	var ps []string
	for _, p := range t.Pauses {
		item := fmt.Sprintf("%s at %s", timefmt.Seconds(p.DurationS), timefmt.Clock(p.StartS))
		if p.Class == assess.ClassLong {
			item += " (long)"
		}
		ps = append(ps, item)
	}
	return "pauses: " + strings.Join(ps, ", ")
}

// questionID is the id of the question an answer was asked, "" when the
// session does not know it.
func questionID(s *session.Session, a session.Answer) string {
	if a.Question < 0 || a.Question >= len(s.Questions) {
		return ""
	}
	return s.Questions[a.Question].ID
}

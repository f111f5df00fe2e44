package practice

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// OpenRetake opens the session of ref (SESSION:N, as every command names
// an answer) to take answer N's question again, finished or not. It
// returns the answer to take again, counting from 1: for a follow-up, the
// answer it follows, whose question it is.
func OpenRetake(st *session.Store, ref string, now func() time.Time) (*session.Handle, int, error) {
	id, n, ok := answerref.Parse(ref)
	if !ok {
		return nil, 0, fmt.Errorf("--retake %s: name an answer as SESSION:N (for example latest:2; see 'starcoach sessions show')", ref)
	}
	h, err := st.Open(id, now)
	if err != nil {
		return nil, 0, fmt.Errorf("--retake %s: %w", ref, err)
	}
	if n > len(h.Answers) {
		h.Close()
		return nil, 0, fmt.Errorf("--retake %s: session %s has %d %s; see 'starcoach sessions show %s'", ref, h.ID, len(h.Answers), figure.Plural(len(h.Answers), "answer", "answers"), h.ID)
	}
	a := h.Answers[n-1]
	if a.Kind == session.KindFollowUp && a.Parent > 0 && a.Parent <= len(h.Answers) {
		n = a.Parent
		a = h.Answers[n-1]
	}
	if a.Question < 0 || a.Question >= len(h.Questions) {
		h.Close()
		return nil, 0, fmt.Errorf("--retake %s: answer %d of session %s names no question of it", ref, n, h.ID)
	}
	return h, n, nil
}

// CutShortNote says which take was cut short, for the --resume question
// and note: "answer 2 (own-1) was cut short at 0:15".
func CutShortNote(s *session.Session, i int) string {
	a := s.Answers[i]
	id := "?"
	if a.Question >= 0 && a.Question < len(s.Questions) {
		id = s.Questions[a.Question].ID
	}
	return fmt.Sprintf("answer %d (%s) was cut short at %s", i+1, id, timefmt.Clock(a.DurationS))
}

// AskRedo asks on out whether to take the question of answer i, cut
// short, again, and reads the reply from in: yes unless the reply is no.
func AskRedo(in io.Reader, out io.Writer, s *session.Session, i int) bool {
	fmt.Fprintf(out, "%s: take the question again? [Y/n] ", CutShortNote(s, i))
	line, _ := bufio.NewReader(io.LimitReader(in, 256)).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "n", "no":
		return false
	}
	return true
}

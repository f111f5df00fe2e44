package report

import (
	"testing"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
)

// A transcript that looks unreliable claims no same story, though its
// words match another answer's.
func TestReuseLeavesOutAnswersNotJudged(t *testing.T) {
	text := "During black friday the payment service kept timing out. I traced the timeouts to the connection pool and I rewrote the retry logic. Checkout errors fell from 4% to 0.2% that black friday."
	row := func(n int, judged bool) Answer {
		r := Answer{Answer: assess.Answer{N: n, Kind: session.KindAnswer}, Text: text}
		c := &star.Result{Words: 30}
		if !judged {
			c.NotJudged = "the transcript looks unreliable"
		}
		r.Check = c
		return r
	}
	rows := []Answer{row(1, true), row(2, true), row(3, false)}
	markReuse(rows, 0.3)
	if len(rows[0].Reused) != 1 || rows[0].Reused[0].Answer != 2 || len(rows[2].Reused) != 0 {
		t.Errorf("reuse: %+v / %+v / %+v", rows[0].Reused, rows[1].Reused, rows[2].Reused)
	}
}

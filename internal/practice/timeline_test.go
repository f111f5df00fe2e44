package practice

import (
	"bytes"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
)

// The line right after an answer (Verdict), the assessment every report
// shows (TimeText) and analyze's block say an answer's time against its
// limit in the same words, spare seconds included.
func TestEveryViewSaysTheTimeAlike(t *testing.T) {
	for _, c := range []struct {
		r    analyze.Result
		want string
	}{
		{analyze.Result{AnswerS: 107.4, LimitS: 120, SpeechFound: true, Verdict: analyze.Near, SpareS: 12.6}, "1:47 of 2:00, near, 13 s to spare"},
		{analyze.Result{AnswerS: 70.2, LimitS: 60, SpeechFound: true, Verdict: analyze.Over, OverByS: 10.2}, "1:10 of 1:00, over by 10 s"},
		{analyze.Result{AnswerS: 80, LimitS: 120, SpeechFound: true, Verdict: analyze.OK, SpareS: 40}, "1:20 of 2:00, ok"},
		{analyze.Result{AnswerS: 30, LimitS: 120, SpeechFound: true, Verdict: analyze.Short, SpareS: 90}, "0:30 of 2:00, short"},
		{analyze.Result{LimitS: 120, Verdict: analyze.Short, SpareS: 120}, "0:00 of 2:00, short, no speech heard"},
	} {
		if got := analyze.TimeLine(c.r); got != c.want {
			t.Errorf("TimeLine: %q, want %q", got, c.want)
		}
		a := assess.Of(c.r.LimitS, &c.r, nil, nil, assess.Options{})
		if got := a.TimeText(); got != c.want {
			t.Errorf("assess TimeText: %q, want %q", got, c.want)
		}
		if got := Verdict(c.r); !strings.HasPrefix(got, c.want+";") && got != c.want {
			t.Errorf("practice Verdict: %q, want it to start %q", got, c.want)
		}
		var b bytes.Buffer
		if err := analyze.WriteText(&b, c.r); err != nil {
			t.Fatal(err)
		}
		if head, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(head, "  "+c.want) {
			t.Errorf("analyze text: %q, want it to end %q", head, c.want)
		}
	}
}

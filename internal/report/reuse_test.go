package report

import (
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/transcript"
)

// A transcript that looks unreliable claims no same story, though its
// words match another answer's.
func TestReuseLeavesOutAnswersNotJudged(t *testing.T) {
	text := "During black friday the payment service kept timing out. I traced the timeouts to the connection pool and I rewrote the retry logic. Checkout errors fell from 4% to 0.2% that black friday."
	row := func(n int, judged bool) Answer {
		r := Answer{Answer: assess.Answer{N: n, Kind: session.KindAnswer, Counted: true}, Text: text}
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

// A story match rests on the words the engine was sure of: two answers
// that share only words it doubted (its guesses at what was said) are
// not the same story, and the evidence quoted never holds a doubted word.
func TestReuseRestsOnWordsTheEngineWasSureOf(t *testing.T) {
	first := "during black friday the payment service kept timing out and i traced the timeouts to the connection pool"
	second := "last winter the warehouse scanners kept dropping orders and i traced the faults to the wifi access points"
	row := func(n int, text string, doubted map[string]bool) Answer {
		tr := &transcript.Transcript{Engine: "pocketsphinx", Text: text}
		for i, w := range strings.Fields(text) {
			conf := 0.9
			if doubted[w] {
				conf = 0.2
			}
			tr.Words = append(tr.Words, transcript.Word{StartS: float64(i), EndS: float64(i) + 0.5, Word: w, Conf: conf})
		}
		return Answer{Answer: assess.Answer{N: n, Kind: session.KindAnswer, Counted: true, Transcript: tr, Check: &star.Result{Words: 20}}, Text: text}
	}
	// Both misheard the same words as "iran retry kafka cluster": shared,
	// but doubted each time.
	guess := " iran retry kafka cluster"
	doubted := map[string]bool{"iran": true, "retry": true, "kafka": true, "cluster": true}
	rows := []Answer{row(1, first+guess, doubted), row(2, second+guess, doubted)}
	markReuse(rows, story.DefaultThreshold)
	if len(rows[0].Reused) != 0 || len(rows[1].Reused) != 0 {
		t.Errorf("doubted words made a story match: %+v", rows[0].Reused)
	}
	// The same words, the engine sure of them: they are evidence.
	rows = []Answer{row(1, first+guess, nil), row(2, second+guess, nil)}
	markReuse(rows, story.DefaultThreshold)
	if len(rows[0].Reused) != 1 {
		t.Fatalf("shared words the engine was sure of made no match")
	}
	// A retold story whose shared words are sure, some others doubted:
	// matched, and no doubted word in the evidence.
	retold := "on black friday our payment service was timing out so i traced it to the connection pool iran"
	rows = []Answer{row(1, first, nil), row(2, retold, map[string]bool{"iran": true})}
	markReuse(rows, story.DefaultThreshold)
	if len(rows[0].Reused) != 1 {
		t.Fatalf("the retold story was not matched")
	}
	for _, s := range rows[0].Reused[0].Shared {
		if strings.Contains(s, "iran") {
			t.Errorf("evidence holds a doubted word: %q", rows[0].Reused[0].Shared)
		}
	}
}

package practice

import (
	"context"
	"fmt"
	"testing"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/story"
)

// BenchmarkSummarize measures what stands between the last transcription
// and the summary on screen: reading the session's files and the story
// check against a history of 100 earlier sessions of 5 answers. The target
// is well under a second.
func BenchmarkSummarize(b *testing.B) {
	st := session.NewStore(b.TempDir())
	h, err := st.Create(session.Settings{}, questions(5), nowFunc)
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	ev := &events{}
	texts := map[string]string{"q-1": paymentsStory, "q-2": mentorStory, "q-3": paymentsAgain}
	if _, err := (&Runner{Handle: h, Recorder: &fakeRecorder{src: spokenB(b), ev: ev}, Transcriber: &fakeEngine{ev: ev, texts: texts}}).Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	var history []story.Doc
	for s := 0; s < 100; s++ {
		for a := 1; a <= 5; a++ {
			history = append(history, story.Doc{ID: DocID(fmt.Sprintf("2025-01-%03d", s), a), Text: fmt.Sprintf("%s Project %d of team %d.", mentorStory, s, a)})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Summarize(h.Dir(), h.Session, history, assess.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

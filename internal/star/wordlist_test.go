package star

import (
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// A word list that lost most of the text's words is not what is checked:
// the text is.
func TestWordListShorterThanTheTextIsNotUsed(t *testing.T) {
	tr := &transcript.Transcript{
		Text: "Our deploys took forty minutes. I had to make them faster. I cached the dependencies and cut them to six minutes.",
		Words: []transcript.Word{
			{Word: "our", StartS: 0, EndS: 0.3}, {Word: "deploys", StartS: 0.3, EndS: 0.8}, {Word: "took", StartS: 0.8, EndS: 1.1},
		},
	}
	if r := Check(tr, nil, DefaultLexicon()); r.Words != 21 {
		t.Errorf("checked %d words, want the text's 21", r.Words)
	}
	// A word list that agrees with the text is used, with its times.
	tr.Text = "our deploys took"
	if r := Check(tr, nil, DefaultLexicon()); r.Words != 3 || !r.Timed {
		t.Errorf("agreeing word list: %d words, timed %v", r.Words, r.Timed)
	}
}

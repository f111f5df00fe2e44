package star

import (
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/transcript"
)

// spoken is the check as the commands make it (assess.Check): with the
// filler count of the speech figures, the only rule fillers are counted
// by. The timing may be nil, as for Check.
func spoken(tr *transcript.Transcript, timing *Timing, lex *Lexicon) Result {
	var tm Timing
	if timing != nil {
		tm = *timing
	}
	if tr == nil {
		return Check(tr, timing, lex)
	}
	f := speech.Measure(tr, tm.SpeakingS, speech.DefaultLexicon())
	tm.Fillers = &Fillers{NotMeasured: f.Fillers.NotMeasured, Count: f.Fillers.Count, PerMin: f.Fillers.PerMin, Kinds: map[string]int{}}
	for _, c := range f.Fillers.Top {
		tm.Fillers.Kinds[c.Text] = c.Count
	}
	return Check(tr, &tm, lex)
}

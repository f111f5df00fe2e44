package star

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// An engine that drops hesitations cannot earn or cost the fillers part:
// the part is withheld, the score is of the other parts, and the figures
// are null with the reason, never a 0 that reads as fluent.
func TestFillersWithheldWhereNotHeard(t *testing.T) {
	said := "Um, so, like, our checkout kept failing, you know, during sales, uh, every week. " + demoGood
	tm := &Timing{DurationS: 60, LimitS: 120, SpeechStartS: 0.4, SpeechEndS: 60, Verdict: "ok", SpeakingS: 55}
	typed := spoken(&transcript.Transcript{Text: said}, tm, nil)
	heard := &transcript.Transcript{Engine: "pocketsphinx", Hesitations: transcript.HesitationsDropped, Text: said}
	dropped := spoken(heard, tm, nil)
	if typed.Fillers == 0 || typed.ScoreParts["fillers"].NotMeasured {
		t.Fatalf("typed fillers: %d, part %+v; want them counted", typed.Fillers, typed.ScoreParts["fillers"])
	}
	p := dropped.ScoreParts["fillers"]
	if !p.NotMeasured || p.Points != 0 || !strings.Contains(p.Why, "pocketsphinx leaves") || dropped.FillersNotMeasured == "" {
		t.Errorf("fillers part %+v, not measured %q; want it withheld with the reason", p, dropped.FillersNotMeasured)
	}
	if has(dropped, "fillers") {
		t.Errorf("a fillers finding from an engine that drops them: %v", dropped.Findings)
	}
	got, max := 0, 0
	for name, p := range dropped.ScoreParts {
		if name != "fillers" {
			got, max = got+p.Points, max+p.Max
		}
	}
	if want := (100*got + max/2) / max; dropped.Score != want {
		t.Errorf("score %d; want %d, the other parts' %d of %d scaled to 100", dropped.Score, want, got, max)
	}
	b, _ := json.Marshal(dropped)
	if !strings.Contains(string(b), `"fillers":null,"fillers_per_min":null,"fillers_not_measured":"pocketsphinx leaves`) {
		t.Errorf("JSON: %s", b)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil || back.FillersNotMeasured != dropped.FillersNotMeasured || !back.ScoreParts["fillers"].NotMeasured {
		t.Errorf("read back: %v %+v", err, back.ScoreParts["fillers"])
	}

	// A check saved with the fillers counted, withheld afterwards, says
	// the same as one made knowing it.
	typed.WithholdFillers(dropped.FillersNotMeasured)
	if typed.Score != dropped.Score || !typed.ScoreParts["fillers"].NotMeasured || has(typed, "fillers") {
		t.Errorf("withheld afterwards: score %d (made knowing it: %d), part %+v", typed.Score, dropped.Score, typed.ScoreParts["fillers"])
	}
}

// The check has no filler list of its own: given no speech figures it
// counts none and says the fillers were not measured, rather than
// counting by a second rule that could disagree with every other view.
func TestNoFillersCountedWithoutSpeechFigures(t *testing.T) {
	said := "Um, so, like, our checkout kept failing, you know, during sales, uh, every week. " + demoGood
	tm := &Timing{DurationS: 60, LimitS: 120, SpeechStartS: 0.4, SpeechEndS: 60, Verdict: "ok", SpeakingS: 55}
	r := Check(&transcript.Transcript{Text: said}, tm, nil)
	if r.Fillers != 0 || r.FillersNotMeasured != NoSpeechFigures || !r.ScoreParts["fillers"].NotMeasured || has(r, "fillers") {
		t.Errorf("fillers %d, not measured %q, part %+v, findings %v; want none counted and the part withheld", r.Fillers, r.FillersNotMeasured, r.ScoreParts["fillers"], codes(r))
	}
	// With the speech figures, the same answer's fillers are counted.
	if s := spoken(&transcript.Transcript{Text: said}, tm, nil); s.Fillers == 0 || s.FillersNotMeasured != "" {
		t.Errorf("with speech figures: fillers %d, not measured %q", s.Fillers, s.FillersNotMeasured)
	}
}

// A user's STAR lexicon that still lists filler markers is told where
// they now belong rather than having them silently ignored.
func TestLexiconFillerMarkersPointToTheSpeechList(t *testing.T) {
	_, err := LoadLexicon(strings.NewReader("[fillers]\nmarkers = [\"right\"]\n"))
	if err == nil || !strings.Contains(err.Error(), "speech-words.toml") {
		t.Errorf("err %v; want it to name speech-words.toml", err)
	}
}

// A typed answer has no time to take a fillers rate over; its rate is
// taken over the length estimated from its words, so eight "um"s and "uh"s
// in a short answer cost points and are named, rather than read as
// "0.0 a minute".
func TestTypedAnswerFillersRateOverItsEstimatedLength(t *testing.T) {
	said := "Um, so, uh, the situation was, um, that our checkout failed, uh, every night. My task was to, um, fix it. I, uh, rewrote the retry logic and, um, added alerts. As a result, uh, errors fell by half."
	r := spoken(&transcript.Transcript{Text: said}, nil, nil)
	if r.Fillers != 8 {
		t.Fatalf("fillers %d, want 8", r.Fillers)
	}
	part := r.ScoreParts["fillers"]
	if r.FillersPerM < fillersHarmful || part.Points == part.Max || !strings.HasPrefix(part.Why, "about ") || !has(r, "fillers") {
		t.Errorf("rate %.1f, part %+v, findings %v; want the rate over the estimated length, the part charged and the finding given", r.FillersPerM, part, codes(r))
	}
}

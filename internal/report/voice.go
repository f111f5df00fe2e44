package report

import (
	"github.com/starcoach/starcoach/internal/timefmt"
)

// voiceLineView is one line of the voice block under an answer's
// timeline: the same words as the summary, and for a finding a link that
// plays the recording from when it starts.
type voiceLineView struct {
	Text, Href string
	Finding    bool
}

// voiceViewOf is an answer's voice lines (assess.Voice.Lines).
func voiceViewOf(a *Answer, at func(float64) string) []voiceLineView {
	if a.Voice == nil {
		return nil
	}
	var out []voiceLineView
	for _, l := range a.Voice.Lines {
		lv := voiceLineView{Text: l}
		if a.Voice.Voice != nil {
			for _, f := range a.Voice.Findings {
				if f.Message == l {
					lv.Finding, lv.Href = true, at(f.AtS)
				}
			}
		}
		out = append(out, lv)
	}
	return out
}

// voiceMarks are the voice's findings on the timeline: a mark where each
// starts, its words as the title.
func voiceMarks(a *Answer, x func(float64) float64, at func(float64) string) []pauseView {
	if a.Voice == nil || a.Voice.Voice == nil {
		return nil
	}
	var out []pauseView
	for _, f := range a.Voice.Findings {
		out = append(out, pauseView{X: f1(x(f.AtS)), Label: "▲", Title: timefmt.Clock(f.AtS) + ": " + f.Message, Href: at(f.AtS)})
	}
	return out
}

package assess

import (
	"fmt"
	"math"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// Voice is how the voice carried the answer, from its timing (see
// analyze.Voice), with the pace of each STAR section when the sections'
// times are known. A timing saved before the voice was measured reads as
// not measured, never as a flat or steady voice.
type Voice struct {
	NotMeasured string `json:"not_measured,omitempty"`
	*analyze.Voice
	// Sections is the pace of each timed STAR section, in order.
	Sections []SectionPace `json:"sections"`
	// Lines are the figures and findings in words, as every view says
	// them (analyze.VoiceLines).
	Lines []string `json:"lines"`
}

// SectionPace is the pace of one STAR section, from the audio.
type SectionPace struct {
	Section   string  `json:"section"`
	StartS    float64 `json:"start_s"`
	EndS      float64 `json:"end_s"`
	Syllables int     `json:"syllables"`
	SpeakingS float64 `json:"speaking_s"`
	PerS      float64 `json:"syllables_per_s"`
}

// minSectionS is the speaking time a section needs for its pace to mean
// anything: a few words' rate is noise.
const minSectionS = 3.0

// voiceOf is the voice part of an assessment: from the timing tm (nil
// when not timed) and the STAR check sr (nil when not checked).
func voiceOf(tm *analyze.Result, sr *star.Result) *Voice {
	if tm == nil {
		return nil
	}
	if !tm.SpeechFound {
		return nil
	}
	v := &Voice{Voice: tm.Voice, Sections: []SectionPace{}, Lines: analyze.VoiceLines(tm.Voice)}
	if tm.Voice == nil {
		v.NotMeasured = analyze.VoiceNotMeasured
		return v
	}
	if sr == nil || !sr.Timed || !sr.Judged() {
		// Sections found in an unreliable transcript are not where
		// the speaker said them.
		return v
	}
	for _, s := range sr.Sections {
		if !(s.EndS > s.StartS) {
			continue
		}
		n, sp, ok := tm.PaceBetween(s.StartS, s.EndS)
		if !ok || sp < minSectionS {
			continue
		}
		v.Sections = append(v.Sections, SectionPace{Section: s.Label.String(), StartS: s.StartS, EndS: s.EndS,
			Syllables: n, SpeakingS: sp, PerS: math.Round(float64(n)/sp*10) / 10})
	}
	if len(v.Sections) > 1 {
		line := "pace by section, syllables a second:"
		for i, s := range v.Sections {
			if i > 0 {
				line += ","
			}
			line += fmt.Sprintf(" %s %.1f from %s", s.Section, s.PerS, timefmt.Clock(s.StartS))
		}
		v.Lines = append(v.Lines, line)
	}
	return v
}

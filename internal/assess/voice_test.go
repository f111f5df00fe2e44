package assess

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/star"
)

// TestVoiceOfOldTiming: a timing saved before the voice was measured
// stays readable and says "not measured"; a new one carries the voice and
// the pace of each timed STAR section.
func TestVoiceOfOldTiming(t *testing.T) {
	old := `{"speech_found": true, "speech_start_s": 1, "speech_end_s": 31, "answer_s": 31, "speaking_s": 30, "limit_s": 120, "verdict": "short", "gaps": []}`
	var tm analyze.Result
	if err := json.Unmarshal([]byte(old), &tm); err != nil {
		t.Fatal(err)
	}
	a := Of(120, &tm, nil, nil, Options{})
	if a.Voice == nil || a.Voice.NotMeasured == "" || !strings.Contains(a.Voice.Lines[0], "not measured") {
		t.Fatalf("old timing: voice %+v, want not measured", a.Voice)
	}
	b, _ := json.Marshal(a)
	if !strings.Contains(string(b), `"voice":{"not_measured":`) {
		t.Errorf("old timing as JSON: %s", b)
	}

	tm.Voice = &analyze.Voice{SyllablesAtS: []float64{}}
	for s := 1.0; s < 31; s += 0.25 {
		if s >= 11 { // faster after 11 s
			tm.Voice.SyllablesAtS = append(tm.Voice.SyllablesAtS, s, s+0.125)
		} else {
			tm.Voice.SyllablesAtS = append(tm.Voice.SyllablesAtS, s)
		}
	}
	sr := &star.Result{Timed: true, Sections: []star.Section{{Label: star.S, StartS: 1, EndS: 11}, {Label: star.A, StartS: 11, EndS: 31}}}
	v := voiceOf(&tm, sr)
	if v.NotMeasured != "" || len(v.Sections) != 2 || v.Sections[0].PerS != 4 || v.Sections[1].PerS != 8 {
		t.Fatalf("sections %+v", v.Sections)
	}
	if last := v.Lines[len(v.Lines)-1]; last != "pace by section, syllables a second: S 4.0 from 0:01, A 8.0 from 0:11" {
		t.Errorf("line %q", last)
	}
}

package star

import (
	"encoding/json"
	"strings"
	"testing"
)

// A timed check saved and read back (as every command reads a session's
// star file) keeps its sections' times: the JSON of the answer says
// start_s as its text view says "Situation 0:01-0:16".
func TestSavedCheckKeepsSectionTimes(t *testing.T) {
	full := answer(goodS, goodT, goodA, goodR)
	r := Check(timedWords(full, 0.4), nil, nil)
	if !r.Timed || len(r.Sections) == 0 {
		t.Fatalf("the check of a timed transcript: timed %v, %d sections", r.Timed, len(r.Sections))
	}
	saved, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(saved, &back); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(again), `"start_s":null`) || string(again) != string(saved) {
		t.Errorf("read back and written again:\n%s\nwant\n%s", again, saved)
	}
	var text strings.Builder
	if err := WriteText(&text, back); err != nil {
		t.Fatal(err)
	}
	if want := "Situation 0:00-"; !strings.Contains(text.String(), want) {
		t.Errorf("text view of the saved check has no %q:\n%s", want, text.String())
	}
}

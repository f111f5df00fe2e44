package assess

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/transcript"
)

// The report reads as one object: the file first, the check's own fields
// (withheld figures null), then the probe and the assessment.
func TestCheckReportJSON(t *testing.T) {
	tr := &transcript.Transcript{Text: "At my last job the build was slow. I had to fix it. I cached the dependencies. The build went from 20 minutes to 4."}
	a := Of(DefaultLimitS, nil, tr, nil, Options{})
	r := CheckReport{File: "answer.txt", Result: *a.Check, Probe: &probe.Probe{Text: "What did you learn?"}, Answer: &a}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, `{"file":"answer.txt","sections":`) {
		t.Errorf("head: %s", s[:60])
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not one JSON object: %v", err)
	}
	for _, k := range []string{"sections", "score", "findings", "probe", "answer"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in %s", k, s)
		}
	}
	if i, j := strings.Index(s, `"probe":`), strings.Index(s, `"answer":`); i < 0 || j < i {
		t.Errorf("probe then answer, at the end: %s", s)
	}
}

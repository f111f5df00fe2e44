package record

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
)

func TestWriteResultTextAndJSON(t *testing.T) {
	res := Result{Path: "answer.wav", StoppedBy: "enter", Timing: analyze.Result{File: "answer.wav", DurationS: 64, AnswerS: 63, LimitS: 120, SpeechFound: true, Verdict: analyze.OK, Gaps: []analyze.Gap{}}}
	var b bytes.Buffer
	if err := WriteResult(&b, res, true); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if doc["stopped_by"] != "enter" || doc["verdict"] != "ok" {
		t.Errorf("JSON lacks the stop and the verdict: %s", b.String())
	}
	b.Reset()
	if err := WriteResult(&b, res, false); err != nil || !strings.Contains(b.String(), "answer.wav") {
		t.Errorf("text: %v %q", err, b.String())
	}
}

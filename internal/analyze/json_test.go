package analyze

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// writeJSON streams the long lists; its text must be encoding/json's,
// byte for byte, whatever the lists hold.
func TestWriteJSONIsTheEncoders(t *testing.T) {
	long := make([]float64, 5000)
	gaps := make([]Gap, 3000)
	for i := range long {
		long[i] = float64(i)*0.0137 + 1e-7*float64(i%3)
	}
	for i := range gaps {
		gaps[i] = Gap{StartS: float64(i) * 1.5, EndS: float64(i)*1.5 + 0.001, DurationS: 1e21 * float64(i%2)}
	}
	cases := map[string]Result{
		"empty":         {},
		"no voice":      {File: `a "gaps":null b`, Gaps: []Gap{}, Warnings: []string{`"syllables_at_s":null`}},
		"voice, no syl": {Gaps: gaps[:2], Voice: &Voice{}},
		"long":          {File: "x.wav", Gaps: gaps, Voice: &Voice{SyllablesAtS: long, Findings: []VoiceFinding{{Kind: "k", AtS: 1e-9}}}},
		"tiny":          {Gaps: []Gap{{StartS: 5e-7, EndS: -3e-8}}, Voice: &Voice{SyllablesAtS: []float64{}}},
	}
	for name, r := range cases {
		var want, got bytes.Buffer
		if err := json.NewEncoder(&want).Encode(r); err != nil {
			t.Fatal(err)
		}
		if err := writeJSON(&got, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: writeJSON differs from encoding/json:\n got %.300s\nwant %.300s", name, got.String(), want.String())
		}
		if r.Voice != nil && r.Voice.SyllablesAtS == nil && !strings.Contains(got.String(), `"syllables_at_s":null`) {
			t.Errorf("%s: nil syllables not written as null", name)
		}
	}
}

func TestWriteJSONRefusesWhatJSONCannotSay(t *testing.T) {
	for _, r := range []Result{
		{Gaps: []Gap{{StartS: math.NaN()}}},
		{Voice: &Voice{SyllablesAtS: []float64{1, math.Inf(1)}}},
	} {
		var b bytes.Buffer
		if err := writeJSON(&b, r); err == nil {
			t.Errorf("no error for %+v; wrote %q", r, b.String())
		}
	}
}

package assess

import (
	"encoding/json"

	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/star"
)

// CheckReport is what `star --json` prints: the STAR check with where it
// came from, the follow-up it calls for, and the answer's assessment in
// the shape every command prints.
type CheckReport struct {
	File       string `json:"file"`
	Transcript string `json:"transcript,omitempty"`
	star.Result
	// Probe is the follow-up a Bar Raiser would push with next, chosen from
	// the answer's weakest spot; none for a strong answer.
	Probe  *probe.Probe `json:"probe,omitempty"`
	Answer *Answer      `json:"answer"`
}

// MarshalJSON writes the file first, then the check (which writes itself,
// with its withheld figures null), then the probe and the answer's
// assessment.
func (r CheckReport) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(struct {
		File       string `json:"file"`
		Transcript string `json:"transcript,omitempty"`
	}{r.File, r.Transcript})
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(r.Result)
	if err != nil {
		return nil, err
	}
	out := append(head[:len(head)-1], ',')
	out = append(out, body[1:len(body)-1]...)
	if r.Probe != nil {
		p, err := json.Marshal(r.Probe)
		if err != nil {
			return nil, err
		}
		out = append(append(out, `,"probe":`...), p...)
	}
	if r.Answer != nil {
		a, err := json.Marshal(r.Answer)
		if err != nil {
			return nil, err
		}
		out = append(append(out, `,"answer":`...), a...)
	}
	return append(out, '}'), nil
}

package record

import (
	"encoding/json"
	"io"

	"github.com/starcoach/starcoach/internal/analyze"
)

// WriteResult prints what was recorded: its timing as text, or as one
// JSON object with the capture's figures (TimingOf).
func WriteResult(w io.Writer, res Result, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(TimingOf(res))
	}
	return analyze.WriteText(w, res.Timing)
}

package wav

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/starcoach/starcoach/internal/timefmt"
)

// repairJSON is a repair as `repair --json` prints it, one object a file.
type repairJSON struct {
	File           string  `json:"file"`
	FramesBefore   int64   `json:"frames_before"`
	Frames         int64   `json:"frames"`
	DroppedBytes   int64   `json:"dropped_bytes"`
	DurationS      float64 `json:"duration_s"`
	AlreadyCorrect bool    `json:"already_correct"`
}

// WriteRepair prints what Repair did to the file at path: one line, or
// one JSON object.
func WriteRepair(w io.Writer, path string, res RepairResult, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(w).Encode(repairJSON{path, res.FramesBefore, res.Frames, res.DroppedBytes, res.DurationS, !res.Changed})
	}
	var err error
	switch {
	case !res.Changed:
		_, err = fmt.Fprintf(w, "%s: header already correct (%s)\n", path, timefmt.Clock(res.DurationS))
	case res.DroppedBytes > 0:
		_, err = fmt.Fprintf(w, "%s: repaired, %s of audio (dropped %d bytes of a partial last frame)\n", path, timefmt.Clock(res.DurationS), res.DroppedBytes)
	default:
		_, err = fmt.Fprintf(w, "%s: repaired, %s of audio\n", path, timefmt.Clock(res.DurationS))
	}
	return err
}

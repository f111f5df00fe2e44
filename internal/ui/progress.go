package ui

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// ProgressBar returns a bar counting to max on stderr when stderr is a
// terminal, and a silent one otherwise, so callers never need to check.
func (s *Streams) ProgressBar(max int64, description string) *progressbar.ProgressBar {
	if !s.errTTY {
		return progressbar.DefaultSilent(max, description)
	}
	return progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(s.Err),
		progressbar.OptionSetDescription(description),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionOnCompletion(func() { io.WriteString(s.Err, "\r") }),
	)
}

package replay

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/starcoach/starcoach/internal/timefmt"
)

// Display shows what is playing. Each answer gets a heading line on Out
// when it starts being heard. On a terminal a status line on Err, redrawn
// in place, follows the position: a bar of elapsed against total on the
// recording's clock, the STAR section and the transcript line being
// spoken.
type Display struct {
	Out, Err io.Writer
	Tracks   []Track
	// Total is the number of answers in the session, for "answer 2 of 5".
	Total int
	// Status draws the status line on Err (only when Err is a terminal).
	Status bool
	// Width is the terminal's width in columns (80 when zero).
	Width int
	// CRLF ends lines with "\r\n", for a terminal in raw mode.
	CRLF bool
	// Now is the clock that limits redraws (time.Now when nil).
	Now func() time.Time

	shown    int
	started  bool
	lastDraw time.Time
	lastLine string
	drawn    bool
}

// redrawEvery limits status redraws: the eye needs no more.
const redrawEvery = 100 * time.Millisecond

// Update takes a new position.
func (d *Display) Update(st Status) {
	if st.Track < 0 || st.Track >= len(d.Tracks) {
		return
	}
	if !d.started || st.Track != d.shown {
		d.started, d.shown = true, st.Track
		d.clear()
		d.heading(&d.Tracks[st.Track])
		d.lastDraw = time.Time{}
	}
	if !d.Status {
		return
	}
	now := d.now()
	line := d.StatusLine(st)
	if line == d.lastLine || (now.Sub(d.lastDraw) < redrawEvery && !st.Paused) {
		return
	}
	d.lastDraw, d.lastLine = now, line
	fmt.Fprintf(d.Err, "\r\x1b[K%s", line)
	d.drawn = true
}

// Done clears the status line.
func (d *Display) Done() { d.clear() }

func (d *Display) clear() {
	if d.drawn {
		io.WriteString(d.Err, "\r\x1b[K")
		d.drawn, d.lastLine = false, ""
	}
}

func (d *Display) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Display) heading(t *Track) {
	nl := "\n"
	if d.CRLF {
		nl = "\r\n"
	}
	var parts []string
	parts = append(parts, fmt.Sprintf("answer %d of %d", t.Number, d.Total))
	parts = append(parts, playedSpans(t))
	if t.Question != "" {
		parts = append(parts, t.Question)
	}
	if t.Time != "" {
		parts = append(parts, "("+t.Time+")")
	}
	fmt.Fprint(d.Out, strings.Join(parts, "  "), nl)
}

// playedSpans says what of the recording plays: "1:47", or "0:30-1:47 of
// 1:47, 1:05 with pauses cut".
func playedSpans(t *Track) string {
	if len(t.Spans) == 0 {
		return timefmt.Clock(t.DurationS)
	}
	first, last := t.Spans[0].StartS, t.Spans[len(t.Spans)-1].EndS
	play := t.PlayS()
	whole := first < 0.01 && last > t.DurationS-0.01
	s := "(" + timefmt.Clock(t.DurationS) + ")"
	if !whole {
		s = fmt.Sprintf("(%s-%s of %s)", timefmt.Clock(first), timefmt.Clock(last), timefmt.Clock(t.DurationS))
	}
	if play < last-first-0.05 {
		s += fmt.Sprintf(" %s played", timefmt.Seconds(play))
	}
	return s
}

// barWidth is the progress bar's width in characters.
const barWidth = 20

// StatusLine is the status line for a position, cut to the width.
func (d *Display) StatusLine(st Status) string {
	t := &d.Tracks[st.Track]
	frac := 0.0
	if t.DurationS > 0 {
		frac = min(max(st.PositionS/t.DurationS, 0), 1)
	}
	filled := int(frac * barWidth)
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", barWidth-filled)
	mark := ">"
	if st.Paused {
		mark = "||"
	}
	line := fmt.Sprintf("%s %d %s/%s [%s]", mark, t.Number, timefmt.Clock(st.PositionS), timefmt.Clock(t.DurationS), bar)
	if s := t.SectionAt(st.PositionS); s != "" {
		line += " " + s
	}
	if l := t.LineAt(st.PositionS); l != "" {
		line += "  " + l
	}
	width := d.Width
	if width <= 0 {
		width = 80
	}
	return truncate(line, width-1)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}

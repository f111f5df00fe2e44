package record

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// liveInterval is how often the live line is redrawn: often enough for a
// level meter to look alive, rarely enough to cost nothing.
const liveInterval = 100 * time.Millisecond

func showQuestion(w io.Writer, question, context string) {
	if question = strings.TrimSpace(question); question == "" {
		return
	}
	fmt.Fprintf(w, "\nQuestion: %s\n", question)
	if context = strings.TrimSpace(context); context != "" {
		fmt.Fprintf(w, "          %s\n", context)
	}
	fmt.Fprintln(w)
}

// countdown waits d, counting the seconds down on w, and reports false if
// ctx was cancelled meanwhile. On a terminal one line counts down in place;
// elsewhere it is said once.
func countdown(ctx context.Context, w io.Writer, tty bool, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	end := time.Now().Add(d)
	if !tty {
		fmt.Fprintf(w, "recording starts in %s\n", timefmt.Seconds(d.Seconds()))
	}
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		left := time.Until(end)
		if left <= 0 {
			if tty {
				fmt.Fprint(w, "\r\033[K")
			}
			return true
		}
		if tty {
			fmt.Fprintf(w, "\r\033[KStarting in %d...", int(math.Ceil(left.Seconds())))
		}
		// Wake on each whole second left, so the number changes on time.
		step := left - time.Duration(math.Floor((left-time.Nanosecond).Seconds()))*time.Second
		t.Reset(step)
		select {
		case <-ctx.Done():
			if tty {
				fmt.Fprint(w, "\r\033[K")
			}
			return false
		case <-t.C:
		}
	}
}

// announce says that the recording runs and how it will end.
func announce(w io.Writer, o Options, tty, keys bool) {
	var ends []string
	if keys {
		ends = append(ends, "press Enter or q to stop")
	}
	switch {
	case o.Duration > 0:
		ends = append(ends, "for "+timefmt.Seconds(o.Duration.Seconds()))
	default:
		if o.StopAfterSilence > 0 {
			ends = append(ends, "until "+timefmt.Seconds(o.StopAfterSilence.Seconds())+" of silence after speech")
		}
		// The hard stop is not the limit: say both, so a follow-up's
		// 1:00 does not read as 2:00.
		ends = append(ends, fmt.Sprintf("at most %s (the limit is %s)", timefmt.Clock(o.Max.Seconds()), timefmt.Clock(o.Analyze.LimitS)))
	}
	fmt.Fprintf(w, "Recording to %s: %s\n", o.Path, strings.Join(ends, ", "))
}

// liveView draws the live line on a terminal and prints the warnings that
// must stay on screen above it; off a terminal it draws nothing.
type liveView struct {
	w      io.Writer
	tty    bool
	limitS float64
	nearS  float64 // the analyzer's near: the warning comes when the answer becomes near

	warnedNear, warnedLimit bool
	overflows               int64
	drawn                   bool
}

// newLiveView draws against the limit of o, and warns when the answer
// becomes near it by the analyzer's own rule (analyze.Judge), so that the
// warning and the verdict after the answer agree.
func newLiveView(w io.Writer, tty bool, o analyze.Options) *liveView {
	o = o.WithDefaults()
	return &liveView{w: w, tty: tty, limitS: o.LimitS, nearS: o.NearS}
}

func (v *liveView) draw(s snapshot) {
	if !v.tty {
		return
	}
	var b strings.Builder
	b.WriteString("\r\033[K")
	for _, msg := range v.messages(s) {
		b.WriteString(msg + "\n")
	}
	b.WriteString(liveLine(s, v.limitS))
	io.WriteString(v.w, b.String())
	v.drawn = true
}

// messages are the warnings due since the last draw, each said once.
func (v *liveView) messages(s snapshot) []string {
	var out []string
	el := s.live.ElapsedS
	if !v.warnedNear && v.limitS > v.nearS && analyze.Judge(true, el, v.limitS, 0, v.nearS) == analyze.Near && el < v.limitS {
		v.warnedNear = true
		out = append(out, fmt.Sprintf("! %s left: time to wrap up with the result", timefmt.Seconds(v.limitS-el)))
	}
	if !v.warnedLimit && el >= v.limitS {
		v.warnedNear, v.warnedLimit = true, true
		out = append(out, fmt.Sprintf("! %s: the limit is reached", timefmt.Clock(v.limitS)))
	}
	if s.overflows > v.overflows {
		v.overflows = s.overflows
		msg := fmt.Sprintf("! sound lost at %s (%d overflows so far", timefmt.Clock(el), s.overflows)
		if s.lostS > 0 {
			msg += ", " + timefmt.Seconds(s.lostS) + " in all"
		}
		out = append(out, msg+"): the machine is too busy or the disk too slow")
	}
	return out
}

// finish leaves the terminal on a fresh line after the live line.
func (v *liveView) finish(s snapshot) {
	if !v.tty || !v.drawn {
		return
	}
	v.draw(s)
	io.WriteString(v.w, "\n")
}

// meterCells and barCells are the widths of the level meter and of the
// bar of elapsed time; the whole line fits 80 columns.
const (
	meterCells = 10
	barCells   = 20
	meterLowDB = -60.0
)

// liveLine renders one line such as
//
//	● 0:42 / 2:00 [=======>            ] level ######---- -23 dBFS CLIP
func liveLine(s snapshot, limitS float64) string {
	l := s.live
	var b strings.Builder
	fmt.Fprintf(&b, "● %s / %s ", timefmt.Clock(l.ElapsedS), timefmt.Clock(limitS))
	b.WriteString(bar(l.ElapsedS, limitS))
	b.WriteString(" level ")
	b.WriteString(meter(l.PeakDBFS))
	if l.LevelDBFS <= analyze.FloorDBFS {
		b.WriteString("  -inf dBFS")
	} else {
		fmt.Fprintf(&b, " %4.0f dBFS", l.LevelDBFS)
	}
	if l.Clipping {
		b.WriteString(" CLIP")
	}
	switch {
	case l.ElapsedS >= limitS:
		fmt.Fprintf(&b, " over by %s", timefmt.Seconds(l.ElapsedS-limitS))
	case l.TooQuiet:
		b.WriteString(" too quiet: move closer")
	}
	if s.overflows > 0 {
		fmt.Fprintf(&b, " lost:%d", s.overflows)
	}
	return b.String()
}

func bar(elapsed, limit float64) string {
	filled := barCells
	if limit > 0 && elapsed < limit {
		filled = int(elapsed / limit * barCells)
	}
	var b strings.Builder
	b.WriteByte('[')
	for i := range barCells {
		switch {
		case i < filled-1 || (i == filled-1 && elapsed >= limit):
			b.WriteByte('=')
		case i == filled-1 || (i == 0 && filled == 0):
			b.WriteByte('>')
		default:
			b.WriteByte(' ')
		}
	}
	b.WriteByte(']')
	return b.String()
}

// meter shows a peak level from meterLowDB to 0 dBFS.
func meter(db float64) string {
	n := int(math.Round((db - meterLowDB) / -meterLowDB * meterCells))
	n = max(0, min(meterCells, n))
	return strings.Repeat("#", n) + strings.Repeat("-", meterCells-n)
}

package analyze

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/starcoach/starcoach/internal/timefmt"
)

// pausesPerLine keeps the list of long pauses readable in a terminal.
const pausesPerLine = 6

// WriteText writes the block a person reads after an answer:
//
//	answer.wav  1:47 of 2:00, near, 13 s to spare
//	  first word after 1.2 s · spoke 1:31 · 9 pauses >= 0.5 s (5.4/min) · longest 3.4 s at 0:52
//	  pauses >= 1 s: 0:12 1.4 s, 0:52 3.4 s (long), 1:20 1.1 s
//	  pitch: median 118 Hz, moved over 6.2 semitones (and the rest of VoiceLines)
//	  recording 1:52, the last 5.0 s after the last word (not counted) · 16000 Hz mono 16-bit PCM
//	  level: peaks -6 dBFS, no clipping · speech -24 dBFS, noise floor -62 dBFS, silence under -50 dBFS
//	  ! a warning
func WriteText(w io.Writer, r Result) error {
	var b strings.Builder
	name := r.File
	if name == "" {
		name = "answer"
	}
	fmt.Fprintf(&b, "%s  %s\n", name, TimeLine(r))

	if r.SpeechFound {
		parts := []string{
			"first word after " + timefmt.Seconds(r.SpeechStartS),
			"spoke " + timefmt.Seconds(r.SpeakingS),
			pauseCount(r),
		}
		if len(r.Gaps) > 0 {
			parts = append(parts, fmt.Sprintf("longest %s at %s", timefmt.Seconds(r.LongestGapS), timefmt.Clock(r.LongestGapAtS)))
		}
		fmt.Fprintf(&b, "  %s\n", strings.Join(parts, " · "))
		writeLongPauses(&b, r.Gaps)
		for _, l := range VoiceLines(r.Voice) {
			b.WriteString("  " + l + "\n")
		}
		if r.Verdict == Over {
			when := "while speaking"
			if r.PausedAtLimit {
				when = "during a pause"
			}
			fmt.Fprintf(&b, "  over: %s passed %s; %s spoken after it, last word at %s\n",
				timefmt.Clock(r.LimitS), when, timefmt.Seconds(r.SpokenAfterS), timefmt.Clock(r.SpeechEndS))
		}
	}

	rec := "  recording " + timefmt.Clock(r.DurationS)
	if r.SpeechFound && r.TrailingSilenceS >= 0.5 {
		rec += fmt.Sprintf(", the last %s after the last word (not counted)", timefmt.Seconds(r.TrailingSilenceS))
	}
	if r.Format != "" {
		rec += " · " + r.Format
	}
	b.WriteString(rec + "\n")
	b.WriteString("  level: " + levelText(r) + "\n")
	for _, warn := range r.Warnings {
		fmt.Fprintf(&b, "  ! %s\n", warn)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pauseCount(r Result) string {
	p := r.Pauses
	switch p.HalfSecond {
	case 0:
		return "no pauses >= 0.5 s"
	case 1:
		return fmt.Sprintf("1 pause >= 0.5 s (%.1f/min)", p.PerMinute)
	}
	return fmt.Sprintf("%d pauses >= 0.5 s (%.1f/min)", p.HalfSecond, p.PerMinute)
}

// writeLongPauses lists every pause on the pause scale, the ones a
// listener notices, with where it starts.
func writeLongPauses(b *strings.Builder, gaps []Gap) {
	var items []string
	for _, g := range gaps {
		if g.DurationS < PauseS {
			continue
		}
		item := timefmt.Clock(g.StartS) + " " + timefmt.Seconds(g.DurationS)
		if g.DurationS >= LongPauseS {
			item += " (long)"
		}
		items = append(items, item)
	}
	for i := 0; i < len(items); i += pausesPerLine {
		lead := "  pauses >= " + PauseLabel() + ": "
		if i > 0 {
			lead = "    "
		}
		sep := ","
		if i+pausesPerLine >= len(items) {
			sep = ""
		}
		b.WriteString(lead + strings.Join(items[i:min(i+pausesPerLine, len(items))], ", ") + sep + "\n")
	}
}

func levelText(r Result) string {
	if r.PeakDBFS <= FloorDBFS {
		return "complete silence throughout (nothing was recorded)"
	}
	clip := "no clipping"
	if r.ClippedSamples > 0 {
		clip = "clipping in " + percent(r.ClippedRatio) + " of samples"
	}
	s := fmt.Sprintf("peaks %s dBFS, %s", dbText(r.PeakDBFS), clip)
	mode := ""
	if r.ThresholdMode == "fixed" {
		mode = " (fixed)"
	}
	noise := "noise floor " + dbText(r.NoiseFloorDBFS) + " dBFS"
	if r.NoiseFloorDBFS <= FloorDBFS {
		noise = "complete silence between words (a muted or virtual input, not a room)"
	}
	if r.SpeechFound {
		s += fmt.Sprintf(" · speech %s dBFS, %s, silence under %s dBFS%s", dbText(r.SpeechLevelDBFS), noise, dbText(r.ThresholdDBFS), mode)
	} else {
		s += " · " + noise
	}
	return s
}

// dbText rounds to a whole dB, except that a level just under full scale
// keeps a decimal rather than read as "0" or "-0".
func dbText(v float64) string {
	switch {
	case v > -0.05 && v < 0.5:
		return "0"
	case v > -0.5 && v < 0:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", math.Round(v))
}

package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// Point is one session in the history: its averages over its main
// answers. A figure no answer of the session has is nil (null in JSON).
type Point struct {
	Session string    `json:"session"`
	Created time.Time `json:"created"`
	Answers int       `json:"answers"`
	// Takes are the answers left out of the figures: earlier takes of a
	// question taken again, takes with no speech (session.Counts).
	Takes               int      `json:"uncounted_takes"`
	AverageS            *float64 `json:"average_s"`
	OverShare           *float64 `json:"over_share"`
	PausesPerAnswer     *float64 `json:"pauses_per_answer"`      // pauses of 1 s or more
	LongPausesPerAnswer *float64 `json:"long_pauses_per_answer"` // pauses of 3 s or more
	StarComplete        *float64 `json:"star_complete_share"`
	WPM                 *float64 `json:"wpm"`
	Score               *float64 `json:"score"`
}

// PointOf is the history point of a report.
func PointOf(r *Report) Point {
	t := r.Totals
	p := Point{Session: r.Session, Created: r.Created, Answers: t.Answers, Takes: t.Takes}
	val := func(n int, v float64) *float64 {
		if n == 0 {
			return nil
		}
		return &v
	}
	p.AverageS = val(t.Timed, t.AverageS)
	p.OverShare = val(t.Timed, t.OverShare)
	p.PausesPerAnswer = val(t.Timed, t.PausesPerAnswer)
	p.LongPausesPerAnswer = val(t.Timed, t.LongPausesPerAnswer)
	p.StarComplete = val(t.Checked, t.StarCompleteShare)
	p.WPM = val(t.Transcribed, t.AverageWPM)
	p.Score = val(t.Scored, t.AverageScore)
	return p
}

// History returns the last sessions of the store that hold answers, up to
// and including session until ("" for the newest), oldest first, with a
// note for each session that could not be read. last <= 0 means all of
// them. Recordings are not read unless a timing is missing.
func History(store *session.Store, until string, last int, opts Options) ([]Point, []string, error) {
	ids, err := store.IDs()
	if err != nil {
		return nil, nil, fmt.Errorf("list sessions in %s: %w", store.Dir, err)
	}
	if until != "" {
		for i, id := range ids {
			if id == until {
				ids = ids[:i+1]
				break
			}
		}
	}
	opts.EnvelopePoints = 0
	var points []Point
	var notes []string
	// Newest first, so that --last reads only the sessions it shows.
	for i := len(ids) - 1; i >= 0 && (last <= 0 || len(points) < last); i-- {
		r, err := Load(store, ids[i], opts)
		if err != nil {
			notes = append(notes, fmt.Sprintf("session %s left out: %v", ids[i], err))
			continue
		}
		if r.Totals.Answers == 0 {
			continue
		}
		points = append(points, PointOf(r))
	}
	for i, j := 0, len(points)-1; i < j; i, j = i+1, j-1 {
		points[i], points[j] = points[j], points[i]
	}
	return points, notes, nil
}

// trend is one figure followed across sessions.
type trend struct {
	name   string
	value  func(Point) *float64
	format func(float64) string
	better string // "up", "down" or "" when neither is better
}

var trends = []trend{
	{"average time", func(p Point) *float64 { return p.AverageS }, timefmt.Clock, ""},
	{"over the limit", func(p Point) *float64 { return p.OverShare }, pct, "down"},
	{"pauses per answer", func(p Point) *float64 { return p.PausesPerAnswer }, func(v float64) string { return num(v, 1) }, "down"},
	{"long pauses per answer", func(p Point) *float64 { return p.LongPausesPerAnswer }, func(v float64) string { return num(v, 1) }, "down"},
	{"STAR complete", func(p Point) *float64 { return p.StarComplete }, pct, "up"},
	{"words per minute", func(p Point) *float64 { return p.WPM }, func(v float64) string { return num(v, 0) }, ""},
	{"score", func(p Point) *float64 { return p.Score }, func(v float64) string { return num(v, 0) }, "up"},
}

// Change is how a figure moved from its first session to its last, by
// the trend's own rule of which way is better: the arrow is the
// direction, the word the judgement ("better", "worse"), so neither
// depends on colour. Values that read the same as the figure is written
// (72.2 and 72.4 are both "72") are "same": a change a reader cannot see
// is not called better.
type change struct {
	Arrow string // "↑", "↓" or "="
	Word  string // "better", "worse", "same", or "" when neither way is better
}

func (t trend) change(first, last float64) change {
	if t.format(first) == t.format(last) {
		return change{"=", "same"}
	}
	up := last > first
	c := change{Arrow: map[bool]string{true: "↑", false: "↓"}[up]}
	switch t.better {
	case "up":
		c.Word = map[bool]string{true: "better", false: "worse"}[up]
	case "down":
		c.Word = map[bool]string{true: "worse", false: "better"}[up]
	}
	return c
}

// String is the change as a text line ends: "↓ better", "↑", "= same".
func (c change) String() string { return strings.TrimSpace(c.Arrow + " " + c.Word) }

// sparkBars are the eight heights of a sparkline.
var sparkBars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as bars from ▁ (the smallest) to █ (the
// largest); a missing value is a space. Equal values draw mid-height.
func Sparkline(values []*float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if v != nil {
			lo, hi = math.Min(lo, *v), math.Max(hi, *v)
		}
	}
	var b strings.Builder
	for _, v := range values {
		switch {
		case v == nil:
			b.WriteByte(' ')
		case hi == lo:
			b.WriteRune(sparkBars[3])
		default:
			i := int(math.Round((*v - lo) / (hi - lo) * float64(len(sparkBars)-1)))
			b.WriteRune(sparkBars[i])
		}
	}
	return b.String()
}

// WriteHistoryText writes a table of the sessions and then each figure's
// trend: with sparks a sparkline (for a terminal), else the plain values.
func WriteHistoryText(w io.Writer, points []Point, sparks bool) error {
	bw := bufio.NewWriter(w)
	if len(points) == 0 {
		fmt.Fprintln(bw, "no sessions with answers yet: practise with 'starcoach practice'")
		return bw.Flush()
	}
	rows := [][]string{{"session", "answers", "average time", "over the limit", "pauses/answer", "long pauses/answer", "STAR complete", "words/min", "score"}}
	for _, p := range points {
		row := []string{p.Session, strconv.Itoa(p.Answers)}
		for t := range trends {
			row = append(row, trendCell(trends[t], p))
		}
		rows = append(rows, row)
	}
	writeHistoryTable(bw, rows)
	for _, p := range points {
		if p.Takes > 0 {
			fmt.Fprintf(bw, "a question taken again counts once: %s\n", session.TakeRule)
			break
		}
	}
	fmt.Fprintln(bw)
	width := 0
	for _, t := range trends {
		width = max(width, len(t.name))
	}
	for _, t := range trends {
		vals := make([]*float64, len(points))
		var plain []string
		for i, p := range points {
			vals[i] = t.value(p)
			plain = append(plain, trendCell(t, p))
		}
		first, last := firstLast(vals)
		moved, how := "", ""
		if first != nil && last != nil && len(points) > 1 {
			moved = fmt.Sprintf("%s -> %s", t.format(*first), t.format(*last))
			how = "  " + t.change(*first, *last).String()
		}
		if sparks {
			fmt.Fprintf(bw, "%-*s  %s  %s%s\n", width, t.name, Sparkline(vals), moved, how)
		} else {
			fmt.Fprintf(bw, "%-*s  %s%s\n", width, t.name, strings.Join(plain, " "), how)
		}
	}
	return bw.Flush()
}

func trendCell(t trend, p Point) string {
	if v := t.value(p); v != nil {
		return t.format(*v)
	}
	return none
}

func firstLast(vals []*float64) (first, last *float64) {
	for _, v := range vals {
		if v != nil {
			if first == nil {
				first = v
			}
			last = v
		}
	}
	return first, last
}

// writeHistoryTable aligns the session names left and the figures right.
func writeHistoryTable(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-len([]rune(c)))
			if i == 0 {
				b.WriteString(c + pad)
				continue
			}
			b.WriteString("  " + pad + c)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// WriteHistoryJSON writes the points as a JSON array, oldest first.
func WriteHistoryJSON(w io.Writer, points []Point) error {
	if points == nil {
		points = []Point{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(points)
}

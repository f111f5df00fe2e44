package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// HTMLEnvelopePoints is how many level points the HTML timeline draws per
// answer: Load with Options.EnvelopePoints set to it.
const HTMLEnvelopePoints = 400

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed on first use: parsing at start-up would cost every
// command, not just the HTML report, about a millisecond.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Parse(htmlSource))
})

// The timeline's drawing area, in SVG user units.
const (
	tlWidth    = 1000.0
	tlBandTop  = 14.0 // the STAR band
	tlBandH    = 16.0
	tlWaveTop  = 36.0 // the level envelope
	tlWaveH    = 80.0
	tlAxisY    = 120.0
	tlHeight   = 140.0
	trendW     = 300.0
	trendH     = 70.0
	trendInset = 8.0
)

type htmlView struct {
	Title    string
	Header   string
	Heads    []string
	Rows     []htmlRow
	Totals   [][2]string
	Answers  []answerView
	Trends   []trendView
	Sessions int
	Stories  *storiesView
}

type htmlRow struct {
	N, Question, Principles string
	Cells                   []string
	Over                    bool
}

type answerView struct {
	N                 int
	Label, Title      string
	Principles        string
	Missing           string
	Warnings          []string
	Timeline          bool
	Width, Height     string
	ViewBox           string
	EnvelopePath      string
	Gaps              []rectView
	Sections          []rectView
	LimitX, LimitText string
	Ticks             []tickView
	Passages          []Passage
	Transcript        bool
	Findings          []star.Finding
	Score             string
	Geometry          geometry
}

// geometry holds the fixed positions the template draws at.
type geometry struct {
	BandY, BandH, WaveY, WaveH, WaveMid, AxisY, LabelY, LimitLabelY string
}

type rectView struct {
	X, W  string
	Label string // section letter, for sections
	Title string
}

type tickView struct {
	X, Label string
}

type trendView struct {
	Name, First, Last string
	Line              string // polyline points
	Dots              []dotView
	ViewBox           string
	Better            string
}

type dotView struct{ X, Y, Title string }

func f1(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and SVG, nothing loaded from anywhere, laid out to print. Each answer
// has a timeline (level envelope, silences shaded, STAR sections
// coloured, the limit marked) over its transcript with the fillers
// highlighted and the STAR findings; then the story bank when the report
// has one: principles against stories, gaps, over-used stories and what
// to practise next. All text goes through html/template,
// so a transcript cannot inject markup.
func WriteHTML(w io.Writer, r *Report) error {
	v := htmlView{Title: "starcoach session " + r.Session, Header: header(r), Heads: heads(), Totals: totalLines(r.Totals)}
	span := 0.0
	for i := range r.Answers {
		a := &r.Answers[i]
		span = math.Max(span, math.Max(a.RecordingS, a.LimitS*1.08))
		if a.Timing != nil {
			span = math.Max(span, a.Timing.RecordingS)
		}
		for _, s := range a.Sections {
			span = math.Max(span, s.EndS)
		}
	}
	geo := geometry{
		BandY: f1(tlBandTop), BandH: f1(tlBandH), WaveY: f1(tlWaveTop), WaveH: f1(tlWaveH),
		WaveMid: f1(tlWaveTop + tlWaveH/2), AxisY: f1(tlAxisY), LabelY: f1(tlHeight - 4), LimitLabelY: f1(tlBandTop - 3),
	}
	for i := range r.Answers {
		a := &r.Answers[i]
		row := htmlRow{N: strconv.Itoa(a.N), Question: a.title(), Principles: principles(a), Over: a.Timing != nil && a.Timing.Verdict == "over"}
		if a.FollowsUp > 0 {
			row.Question = fmt.Sprintf("follow-up to %d: %s", a.FollowsUp, row.Question)
		}
		for _, c := range tableColumns {
			row.Cells = append(row.Cells, c.cell(a))
		}
		v.Rows = append(v.Rows, row)
		v.Answers = append(v.Answers, answerViewOf(a, span, geo))
	}
	v.Sessions = len(r.History)
	if len(r.History) > 0 {
		for _, t := range trends {
			v.Trends = append(v.Trends, trendViewOf(t, r.History))
		}
	}
	if r.Stories != nil {
		v.Stories = storiesViewOf(r.Stories)
	}
	return htmlTemplate().Execute(w, v)
}

func answerViewOf(a *Answer, span float64, geo geometry) answerView {
	av := answerView{
		N: a.N, Label: a.label(), Title: a.title(), Principles: principles(a),
		Warnings: a.Warnings, Passages: a.Passages, Transcript: a.Speech != nil, Findings: a.Findings,
		Width: f1(tlWidth), Height: f1(tlHeight), ViewBox: fmt.Sprintf("0 0 %s %s", f1(tlWidth), f1(tlHeight)),
		Geometry: geo,
	}
	if len(a.Missing) > 0 {
		av.Missing = strings.Join(a.Missing, ", ")
	}
	if a.Star != nil {
		av.Score = strconv.Itoa(a.Star.Score)
	}
	av.Timeline = span > 0 && (a.Timing != nil || len(a.Envelope) > 0 || (len(a.Sections) > 0 && a.Star != nil && a.Star.Timed))
	if !av.Timeline {
		return av
	}
	x := func(t float64) float64 { return math.Max(0, math.Min(tlWidth, t/span*tlWidth)) }
	if n := len(a.Envelope); n > 0 && a.RecordingS > 0 {
		mid, half := tlWaveTop+tlWaveH/2, tlWaveH/2
		step := a.RecordingS / float64(n)
		var b strings.Builder
		// The upper edge left to right, then the lower edge back: a closed
		// shape symmetric about the middle line.
		for i, l := range a.Envelope {
			cmd := "L"
			if i == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&b, "%s%s %s ", cmd, f1(x((float64(i)+0.5)*step)), f1(mid-l*half))
		}
		for i := n - 1; i >= 0; i-- {
			fmt.Fprintf(&b, "L%s %s ", f1(x((float64(i)+0.5)*step)), f1(mid+a.Envelope[i]*half))
		}
		b.WriteString("Z")
		av.EnvelopePath = b.String()
	}
	for _, g := range a.Gaps {
		av.Gaps = append(av.Gaps, rectView{X: f1(x(g.StartS)), W: f1(math.Max(x(g.EndS)-x(g.StartS), 1)),
			Title: fmt.Sprintf("silence %s at %s", timefmt.Seconds(g.DurationS), timefmt.Clock(g.StartS))})
	}
	if a.Star != nil && a.Star.Timed {
		for _, s := range a.Sections {
			av.Sections = append(av.Sections, rectView{X: f1(x(s.StartS)), W: f1(math.Max(x(s.EndS)-x(s.StartS), 1)), Label: s.Label.String(),
				Title: fmt.Sprintf("%s %s-%s (%s)", s.Label.Name(), timefmt.Clock(s.StartS), timefmt.Clock(s.EndS), pct(s.Share))})
		}
	}
	av.LimitX, av.LimitText = f1(x(a.LimitS)), timefmt.Clock(a.LimitS)
	step := 30.0
	if span > 300 {
		step = 60
	}
	for t := 0.0; t <= span; t += step {
		av.Ticks = append(av.Ticks, tickView{X: f1(x(t)), Label: timefmt.Clock(t)})
	}
	return av
}

func trendViewOf(t trend, points []Point) trendView {
	tv := trendView{Name: t.name, ViewBox: fmt.Sprintf("0 0 %s %s", f1(trendW), f1(trendH)), Better: t.better}
	vals := make([]*float64, len(points))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range points {
		vals[i] = t.value(p)
		if vals[i] != nil {
			lo, hi = math.Min(lo, *vals[i]), math.Max(hi, *vals[i])
		}
	}
	first, last := firstLast(vals)
	if first == nil {
		tv.First, tv.Last = none, none
		return tv
	}
	tv.First, tv.Last = t.format(*first), t.format(*last)
	var line []string
	for i, v := range vals {
		if v == nil {
			continue
		}
		px := trendW / 2
		if len(vals) > 1 {
			px = trendInset + float64(i)/float64(len(vals)-1)*(trendW-2*trendInset)
		}
		py := trendH / 2
		if hi > lo {
			py = trendH - trendInset - (*v-lo)/(hi-lo)*(trendH-2*trendInset)
		}
		line = append(line, f1(px)+","+f1(py))
		tv.Dots = append(tv.Dots, dotView{X: f1(px), Y: f1(py), Title: points[i].Session + ": " + t.format(*v)})
	}
	tv.Line = strings.Join(line, " ")
	return tv
}

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

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
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
	tlWidth     = 1000.0
	tlBandTop   = 14.0 // the STAR band
	tlBandH     = 16.0
	tlWaveTop   = 36.0 // the level envelope
	tlWaveH     = 80.0
	tlAxisY     = 120.0
	tlHeight    = 140.0
	trendW      = 300.0
	trendH      = 90.0
	trendInset  = 8.0
	trendLeft   = 52.0 // room for the values
	trendBottom = 16.0 // room for the dates
)

type htmlView struct {
	Title    string
	Header   string
	Heads    []string
	Rows     []htmlRow
	Totals   [][2]string
	Key      []string // the table's short forms explained
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
	Verdict           string // the time against the limit, as every command says it
	VerdictClass      string // the verdict: short, ok, near, over
	Audio             string // a relative link to the recording
	AudioData         template.URL
	Over              *rectView // the part spoken past the limit
	Pauses            []pauseView
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
	Passages          []passageView
	Transcript        bool
	Findings          []findingView
	Score             string
	Fit               *fitView
	Geometry          geometry

	// The verdict line that leads each answer: its time (Verdict), its
	// score and band, or for a follow-up whether the reply answers its
	// push; the one thing to fix first; the push an interviewer would
	// ask next.
	Short     bool   // the time's verdict is short
	Band      string // ready, close, rework; "" when not scored
	FollowUp  bool
	Reply     string // a follow-up's judgement against its push
	ReplyOK   bool
	FixFirst  string
	NextPush  string
	PushWhy   string
	NotJudged string // why the answer has no score, with the fix

	// The voice over time: its lines (see voiceViewOf) and, on the
	// timeline, a mark where each finding starts.
	Voice      []voiceLineView
	VoiceMarks []pauseView
}

// fitView is an answer's fit to its question: its line and its signals.
type fitView struct {
	Verdict string // the verdict's code, for styling; "" when not judged
	Line    string
	Signals []fitSignalView
}

type fitSignalView struct {
	Covered bool
	Text    string
}

// fitViewOf is the fit of a, nil when no question is known.
func fitViewOf(a *Answer) *fitView {
	if a.Fit == nil {
		return nil
	}
	v := &fitView{Verdict: a.Fit.Verdict, Line: a.Fit.Line()}
	lines := a.Fit.SignalLines()
	for i, s := range a.Fit.Signals {
		v.Signals = append(v.Signals, fitSignalView{Covered: s.Covered, Text: lines[i]})
	}
	return v
}

// geometry holds the fixed positions the template draws at.
type geometry struct {
	BandY, BandH, WaveY, WaveH, WaveMid, AxisY, LabelY, LimitLabelY string
	OverH                                                           string // from the band to the axis
}

type rectView struct {
	X, W  string
	Label string // section letter, for sections
	Title string
	Href  string // plays the recording from this moment; "" when it cannot
}

// pauseView is a long pause, labelled with its length.
type pauseView struct {
	X, Mid, Label, Title, Href string
}

type passageView struct {
	Passage
	Name, Href string
}

type findingView struct {
	star.Finding
	Href string
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
	Change            change // first to last, by the figure's own rule
	// The axes: the highest and lowest value at the left (one value, at
	// the line's height, when every session has the same), the first and
	// last session's date at the bottom, told apart by time or number
	// when the sessions share a day.
	YTop, YBottom, XFirst, XLast     string
	Flat                             bool
	AxisX, AxisTopY, AxisBottomY     string
	PlotLeft, PlotRight, DateY       string
	LabelTopY, LabelBottomY, RightX2 string
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
	v := htmlView{Title: "starcoach session " + r.Session, Header: header(r), Heads: heads(), Totals: totalLines(r.Totals), Key: strings.Split(keyOf(r), "\n")}
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
		WaveMid: f1(tlWaveTop + tlWaveH/2), AxisY: f1(tlAxisY), OverH: f1(tlAxisY - tlBandTop), LabelY: f1(tlHeight - 4), LimitLabelY: f1(tlBandTop - 3),
	}
	for i := range r.Answers {
		a := &r.Answers[i]
		row := htmlRow{N: strconv.Itoa(a.N), Question: a.title(), Principles: principles(a), Over: a.Timing != nil && a.Timing.Verdict == analyze.Over}
		if a.FollowsUp > 0 {
			row.N += "f"
			row.Question = fmt.Sprintf("follow-up to %d: %s", a.FollowsUp, row.Question)
		}
		for _, c := range tableColumns {
			row.Cells = append(row.Cells, c.cell(a))
		}
		v.Rows = append(v.Rows, row)
		v.Answers = append(v.Answers, answerViewOf(a, span, geo))
	}
	v.Sessions = len(r.History)
	// One session has no trend: a chart of one dot says nothing.
	if len(r.History) >= 2 {
		for _, t := range trends {
			v.Trends = append(v.Trends, trendViewOf(t, r.History))
		}
	}
	if r.Stories != nil {
		v.Stories = storiesViewOf(r.Stories)
	}
	return htmlTemplate().Execute(w, v)
}

// audioDataPrefix starts the data: URL of an embedded recording.
const audioDataPrefix = "data:audio/wav;base64,"

func answerViewOf(a *Answer, span float64, geo geometry) answerView {
	av := answerView{
		N: a.N, Label: a.label(), Title: a.title(), Principles: principles(a),
		Warnings: a.Warnings, Transcript: a.Speech != nil,
		Width: f1(tlWidth), Height: f1(tlHeight), ViewBox: fmt.Sprintf("0 0 %s %s", f1(tlWidth), f1(tlHeight)),
		Geometry: geo, Verdict: a.TimeText(), Fit: fitViewOf(a),
	}
	if a.Timing != nil {
		av.VerdictClass = a.Timing.Verdict
		av.Short = a.Timing.Verdict == analyze.Short
	}
	verdictLine(&av, a)
	// at links to the recording played from t seconds in: a media
	// fragment, which the browser's own player honours with no script. A
	// data: URL cannot be opened as a page, so an embedded recording gets
	// the player only.
	at := func(float64) string { return "" }
	switch {
	case strings.HasPrefix(a.Audio, audioDataPrefix):
		av.AudioData = template.URL(a.Audio)
	case a.Audio != "":
		av.Audio = a.Audio
		at = func(t float64) string { return a.Audio + "#t=" + f1(math.Max(t, 0)) }
	}
	starts := map[string]float64{} // each section's first moment
	if a.Star != nil && a.Star.Timed {
		for _, s := range a.Sections {
			if _, ok := starts[s.Label.String()]; !ok {
				starts[s.Label.String()] = s.StartS
			}
		}
	}
	for _, p := range a.Passages {
		pv := passageView{Passage: p}
		if l, ok := star.ParseLabel(p.Label); ok && p.Label != "" {
			pv.Name = l.Name()
			if t, ok := starts[p.Label]; ok {
				pv.Href = at(t)
			}
		}
		av.Passages = append(av.Passages, pv)
	}
	for _, f := range a.Findings {
		fv := findingView{Finding: f}
		if t, ok := findingMoment(a, f.Code, starts); ok {
			fv.Href = at(t)
		}
		av.Findings = append(av.Findings, fv)
	}
	if len(a.Missing) > 0 {
		av.Missing = strings.Join(a.Missing, ", ")
	}
	if a.Star != nil {
		// The band beside the number, as the summary prints it: 74 alone
		// reads as a pass mark.
		if score := optInt(a.Star.Score); score != "" {
			av.Score = score + "/100"
			if a.Star.Band != "" {
				av.Score += " (" + a.Star.Band + ")"
			}
		}
	}
	av.Voice = voiceViewOf(a, at)
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
			Title: fmt.Sprintf("silence %s at %s", timefmt.Seconds(g.DurationS), timefmt.Clock(g.StartS)), Href: at(g.StartS)})
	}
	if a.Timing != nil {
		// The long pauses, as the assessment classes them, carry their
		// length.
		for _, p := range a.Timing.Pauses {
			if p.Class != assess.ClassLong {
				continue
			}
			av.Pauses = append(av.Pauses, pauseView{X: f1(x(p.StartS)), Mid: f1(x((p.StartS + p.EndS) / 2)), Label: timefmt.Seconds(p.DurationS),
				Title: fmt.Sprintf("long pause: %s at %s", timefmt.Seconds(p.DurationS), timefmt.Clock(p.StartS)), Href: at(p.StartS)})
		}
		if t := a.Timing; t.Verdict == analyze.Over && t.OverByS > 0 {
			from := t.AnswerS - t.OverByS
			av.Over = &rectView{X: f1(x(from)), W: f1(math.Max(x(t.AnswerS)-x(from), 1)),
				Label: timefmt.Seconds(t.OverByS) + " over", Title: fmt.Sprintf("spoken past the %s limit: %s", timefmt.Clock(a.LimitS), timefmt.Seconds(t.OverByS)), Href: at(from)}
		}
	}
	if a.Star != nil && a.Star.Timed {
		for _, s := range a.Sections {
			av.Sections = append(av.Sections, rectView{X: f1(x(s.StartS)), W: f1(math.Max(x(s.EndS)-x(s.StartS), 1)), Label: s.Label.String(),
				Title: fmt.Sprintf("%s %s-%s (%s)", s.Label.Name(), timefmt.Clock(s.StartS), timefmt.Clock(s.EndS), pct(s.Share)), Href: at(s.StartS)})
		}
	}
	av.VoiceMarks = voiceMarks(a, x, at)
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

// verdictLine fills what leads an answer: for an answer its score's band,
// the top tip (the first finding every view prints) and the next push; for
// a follow-up whether the reply answers its push, judged as a reply and
// never as a STAR answer.
func verdictLine(av *answerView, a *Answer) {
	av.FollowUp = a.Kind == session.KindFollowUp
	switch {
	case a.Reply != nil:
		av.Reply, av.ReplyOK = a.Reply.Text(), a.Reply.Answered
		if len(a.Reply.Findings) > 0 {
			av.FixFirst = a.Reply.Findings[0].Message
		}
	case av.FollowUp:
		if a.Check != nil && len(a.Check.Findings) > 0 {
			av.NotJudged = a.Check.Findings[0].Message
		}
	case a.Star != nil:
		av.Band = a.Star.Band
		if a.Star.Score == nil {
			if len(a.Star.Tips) > 0 {
				av.NotJudged = a.Star.Tips[0]
			}
			break
		}
		if len(a.Star.Tips) > 0 {
			av.FixFirst = a.Star.Tips[0]
		}
		if p := a.Star.Push; p != nil {
			av.NextPush, av.PushWhy = p.Text, p.Reason
		}
	}
}

// pointLabels name the first and last sessions of a chart apart: their
// dates, with the time when they share a day, with their numbers in the
// chart ("#1", "#n") when they share the minute too.
func pointLabels(first, last Point, n int) (string, string) {
	const day, minute = "2006-01-02", "2006-01-02 15:04"
	a, b := first.Created.Format(day), last.Created.Format(day)
	if a != b {
		return a, b
	}
	a, b = first.Created.Format(minute), last.Created.Format(minute)
	if a != b {
		return a, b
	}
	return fmt.Sprintf("%s #1", a), fmt.Sprintf("%s #%d", b, n)
}

// findingMoment is where in the recording a finding is heard: the
// section it is about, the limit, the first long pause, the start.
// Findings about the whole answer (fillers, length) have none.
func findingMoment(a *Answer, code string, starts map[string]float64) (float64, bool) {
	section := func(l string) (float64, bool) { t, ok := starts[l]; return t, ok }
	switch code {
	case "long_situation", "long_setup":
		return section("S")
	case "short_action", "we_over_i":
		return section("A")
	case "result_vague", "result_no_number", "result_not_last", "no_reflection":
		return section("R")
	case "over_limit":
		if a.Timing != nil && a.Timing.Verdict == analyze.Over {
			return a.Timing.AnswerS - a.Timing.OverByS, true
		}
	case "dead_air":
		if a.Timing != nil {
			for _, p := range a.Timing.Pauses {
				if p.Class == assess.ClassLong {
					return p.StartS, true
				}
			}
		}
	case "slow_start":
		return 0, true
	}
	return 0, false
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
	tv.Change = t.change(*first, *last)
	// The plot leaves room for the values at the left and the dates below.
	left, right, top, bottom := trendLeft, trendW-trendInset, trendInset, trendH-trendBottom
	tv.YTop, tv.YBottom = t.format(hi), t.format(lo)
	tv.XFirst, tv.XLast = pointLabels(points[0], points[len(points)-1], len(points))
	tv.AxisX, tv.AxisTopY, tv.AxisBottomY = f1(left-4), f1(top), f1(bottom)
	tv.PlotLeft, tv.PlotRight, tv.DateY = f1(left), f1(right), f1(trendH-2)
	tv.LabelTopY, tv.LabelBottomY, tv.RightX2 = f1(top+8), f1(bottom), f1(right)
	if tv.YTop == tv.YBottom {
		// A flat series has one value: said once, where its line is,
		// not as a top and a bottom of a range it does not have.
		tv.Flat, tv.LabelTopY = true, f1((top+bottom)/2+4)
	}
	var line []string
	for i, v := range vals {
		if v == nil {
			continue
		}
		px := (left + right) / 2
		if len(vals) > 1 {
			px = left + float64(i)/float64(len(vals)-1)*(right-left)
		}
		py := (top + bottom) / 2
		if hi > lo && !tv.Flat {
			py = bottom - (*v-lo)/(hi-lo)*(bottom-top)
		}
		line = append(line, f1(px)+","+f1(py))
		tv.Dots = append(tv.Dots, dotView{X: f1(px), Y: f1(py), Title: points[i].Session + ": " + t.format(*v)})
	}
	tv.Line = strings.Join(line, " ")
	return tv
}

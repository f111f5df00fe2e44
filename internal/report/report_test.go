package report

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/testaudio"
)

// TestEnvelopeFollowsTheAudio: two seconds of silence, speech, two seconds
// of silence; the envelope is zero over the silences and high over the
// speech, and has the points asked for.
func TestEnvelopeFollowsTheAudio(t *testing.T) {
	dir := t.TempDir()
	speech := testaudio.Speak(t, dir, "I rebuilt the deploy pipeline and cut the time to six minutes.", testaudio.Rate)
	speechS := float64(testaudio.Samples(t, speech)) / testaudio.Rate
	wav := testaudio.Join(t, filepath.Join(dir, "answer.wav"),
		testaudio.Silence(t, dir, 2, testaudio.Rate), speech, testaudio.Silence(t, dir, 2, testaudio.Rate))
	total := 4 + speechS
	f, err := os.Open(wav)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const points = 200
	env, err := Envelope(f, points, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(env) != points {
		t.Fatalf("%d points, want %d", len(env), points)
	}
	at := func(s float64) float64 { return env[int(s/total*points)] }
	for _, s := range []float64{0.2, 1.0, 1.8, total - 1.8, total - 0.2} {
		if v := at(s); v != 0 {
			t.Errorf("level %.3f at %.1f s, in digital silence", v, s)
		}
	}
	loud := 0
	for i := int(2.3 / total * points); i < int((2+speechS-0.3)/total*points); i++ {
		if env[i] > 0.5 {
			loud++
		}
	}
	if span := int((speechS - 0.6) / total * points); loud < span*2/3 {
		t.Errorf("only %d of %d points in the speech are over half the scale: %v", loud, span, env)
	}
	if top := slicesMax(env); top != 1 {
		t.Errorf("the loudest point is %.3f, want 1", top)
	}
}

func slicesMax(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

func TestEnvelopeRefusesBadInput(t *testing.T) {
	if _, err := Envelope(strings.NewReader("RIFF....WAVEfmt "), 100, 0); err == nil {
		t.Error("a cut-off header gave an envelope")
	}
	if _, err := Envelope(strings.NewReader(""), 1<<30, 0); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("a huge point count: %v", err)
	}
}

// TestLoadMarksWhatIsMissing: answers whose files are gone or broken still
// get their row, with what could be read and a note for the rest; a
// missing timing is measured from the recording, a broken one is named
// and not measured behind the user's back (assess.LoadTiming's rule).
func TestLoadMarksWhatIsMissing(t *testing.T) {
	store := &session.Store{Dir: filepath.Join(t.TempDir(), "sessions")}
	sentences := []string{"At my last job our deploys took forty minutes.", "I rebuilt the pipeline and we cut it to six minutes."}
	specs := []answerSpec{
		{question: 0, leadS: 1.5, pausesS: []float64{1.2}, tailS: 0.5, noTiming: true, sentences: sentences},
		{question: 2, leadS: 0.5, tailS: 0.5, sentences: sentences},
		{question: 3, leadS: 0.5, tailS: 0.5, noWAV: true, noScript: true, sentences: sentences},
	}
	sess, _ := makeSession(t, store, session.Settings{}, fixtureQuestions, specs, fixedCreated)
	dir := store.SessionDir(sess.ID)
	// Answer 2: its timing file is garbage, its transcript gone.
	if err := os.WriteFile(filepath.Join(dir, sess.Answers[1].Timing), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, sess.Answers[1].Transcript)); err != nil {
		t.Fatal(err)
	}
	r, err := Load(store, "latest", Options{})
	if err != nil {
		t.Fatal(err)
	}
	a1, a2, a3 := r.Answers[0], r.Answers[1], r.Answers[2]

	if a1.Timing == nil || !a1.Timing.MeasuredNow {
		t.Fatalf("answer 1 has no timing file: it should be measured from its recording, got %+v", a1.Timing)
	}
	if math.Abs(a1.Timing.FirstWordS-1.5) > 0.05 || a1.Timing.PauseCount != 1 || math.Abs(a1.Timing.LongestPauseS-1.2) > 0.05 {
		t.Errorf("answer 1 measured now: first word %.3f s (want 1.5), %d pauses (want 1), longest %.3f s (want 1.2)",
			a1.Timing.FirstWordS, a1.Timing.PauseCount, a1.Timing.LongestPauseS)
	}
	if len(a1.Missing) != 0 {
		t.Errorf("answer 1: missing %v, want nothing", a1.Missing)
	}

	// The broken timing is not replaced by a measurement.
	if a2.Timing != nil || !hasString(a2.Missing, "timing") {
		t.Errorf("answer 2: timing %+v, missing %v; want no timing, and it missing", a2.Timing, a2.Missing)
	}
	if !hasString(a2.Missing, "transcript") || a2.Speech != nil {
		t.Errorf("answer 2: missing %v, speech %+v; want the transcript missing and no speech figures", a2.Missing, a2.Speech)
	}
	if a2.Star == nil {
		t.Errorf("answer 2: its saved STAR check was not read")
	}
	if !containsAll(a2.Warnings, "02-dr-1.timing.json: not readable JSON", "02-dr-1.transcript.json: missing") {
		t.Errorf("answer 2 warnings %q", a2.Warnings)
	}

	if !hasString(a3.Missing, "recording") || !hasString(a3.Missing, "transcript") || !hasString(a3.Missing, "star") || a3.Timing == nil {
		t.Errorf("answer 3: missing %v, timing %+v; want the saved timing and recording, transcript, star missing", a3.Missing, a3.Timing)
	}

	// The figures that could be read are in the totals: answers 1 and 3
	// timed, only answer 1 transcribed.
	if r.Totals.Timed != 2 || r.Totals.Transcribed != 1 || r.Totals.Missing != 2 {
		t.Errorf("totals: %d timed, %d transcribed, %d with files missing; want 2, 1, 2", r.Totals.Timed, r.Totals.Transcribed, r.Totals.Missing)
	}
	var out bytes.Buffer
	for _, f := range []string{"text", "md", "csv", "json", "html"} {
		out.Reset()
		if err := Write(&out, r, f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if !strings.Contains(out.String(), "recording missing: 03-hb-1.wav") {
			t.Errorf("%s: the missing recording of answer 3 is not mentioned", f)
		}
	}
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func containsAll(list []string, parts ...string) bool {
	all := strings.Join(list, "\n")
	for _, p := range parts {
		if !strings.Contains(all, p) {
			return false
		}
	}
	return true
}

func TestLoadUnknownSession(t *testing.T) {
	store := &session.Store{Dir: filepath.Join(t.TempDir(), "sessions")}
	if _, err := Load(store, "2026", Options{}); err == nil || !strings.Contains(err.Error(), "no sessions yet") {
		t.Errorf("empty store: %v", err)
	}
	h, err := store.Create(session.Settings{}, nil, func() time.Time { return fixedCreated })
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	if err := os.WriteFile(filepath.Join(store.SessionDir(h.ID), session.FileName), []byte(`{"schema": 1, "answers": [{"question": 99`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(store, "latest", Options{}); err == nil || !strings.Contains(err.Error(), "not a readable session file") {
		t.Errorf("broken session.json: %v", err)
	}
}

func TestSparkline(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	cases := []struct {
		in   []*float64
		want string
	}{
		{[]*float64{v(1), v(2), v(3), v(4), v(5), v(6), v(7), v(8)}, "▁▂▃▄▅▆▇█"},
		{[]*float64{v(100), v(50), nil, v(0)}, "█▅ ▁"},
		{[]*float64{v(3), v(3)}, "▄▄"},
		{[]*float64{nil}, " "},
		{nil, ""},
	}
	for _, c := range cases {
		if got := Sparkline(c.in); got != c.want {
			t.Errorf("Sparkline: got %q, want %q", got, c.want)
		}
	}
}

// TestHistory follows the fixture session and a later, better one: the
// points are oldest first, --last keeps the newest, the text shows a
// sparkline only when asked, and the JSON has null for what a session
// lacks.
func TestHistory(t *testing.T) {
	store := loadFixture(t)
	specs := []answerSpec{
		{question: 0, leadS: 0.6, tailS: 0.4, pausesS: []float64{0.5, 0.4}, sentences: []string{
			"At my last job I owned the search service.",
			"I had to cut the page load time before the sale.",
			"I profiled the queries and added an index, and load time fell by sixty percent.",
		}},
	}
	later := fixedCreated.Add(72 * time.Hour)
	makeSession(t, store, session.Settings{}, fixtureQuestions[:1], specs, later)
	// An empty session is left out.
	h, err := store.Create(session.Settings{}, nil, func() time.Time { return later.Add(time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	h.Close()

	points, notes, err := History(store, "", 10, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 2 || len(notes) != 0 {
		t.Fatalf("%d points (notes %q), want 2", len(points), notes)
	}
	if points[0].Session != fixtureID || points[1].Session != "2026-11-23T09-30-00" {
		t.Errorf("points %s, %s: want the fixture, then the later session", points[0].Session, points[1].Session)
	}
	if *points[0].OverShare != 0.25 || *points[1].OverShare != 0 {
		t.Errorf("over the limit %.2f then %.2f, want 0.25 then 0", *points[0].OverShare, *points[1].OverShare)
	}
	last, _, err := History(store, "", 1, Options{})
	if err != nil || len(last) != 1 || last[0].Session != points[1].Session {
		t.Errorf("--last 1 gave %v (%v)", last, err)
	}
	until, _, err := History(store, fixtureID, 10, Options{})
	if err != nil || len(until) != 1 || until[0].Session != fixtureID {
		t.Errorf("history until the fixture gave %v (%v)", until, err)
	}

	var plain, sparks bytes.Buffer
	if err := WriteHistoryText(&plain, points, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteHistoryText(&sparks, points, true); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(plain.String(), "▁▂▃▄▅▆▇█") {
		t.Errorf("plain history has sparklines:\n%s", plain.String())
	}
	if !strings.Contains(plain.String(), "over the limit          25% 0%") {
		t.Errorf("plain history does not list the values:\n%s", plain.String())
	}
	if !strings.Contains(sparks.String(), "over the limit          █▁  25% -> 0%") {
		t.Errorf("terminal history has no sparkline for the limit:\n%s", sparks.String())
	}

	var js bytes.Buffer
	if err := WriteHistoryJSON(&js, points); err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back) != 2 {
		t.Fatalf("history JSON: %v\n%s", err, js.String())
	}
	for _, k := range []string{"session", "created", "answers", "average_s", "over_share", "long_pauses_per_answer", "star_complete_share", "wpm", "score"} {
		if _, ok := back[0][k]; !ok {
			t.Errorf("history JSON has no %q", k)
		}
	}

	// The HTML report with its history draws one chart per figure.
	r, err := Load(store, "2026-11-23T09-30-00", Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.History = points
	var page bytes.Buffer
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(page.String(), `<svg class="trend"`); n != len(trends) {
		t.Errorf("%d trend charts, want %d", n, len(trends))
	}
	if n := strings.Count(page.String(), "<circle "); n != 2*len(trends) {
		t.Errorf("%d points on the charts, want %d", n, 2*len(trends))
	}
	// Each chart has values on its axes: the highest and lowest at the
	// left, the first and last session's date below.
	if n := strings.Count(page.String(), `class="axis-value`); n != 4*len(trends) {
		t.Errorf("%d axis values, want 4 on each of %d charts", n, len(trends))
	}
	if !strings.Contains(page.String(), ">2026-11-23</text>") {
		t.Error("the first session's date is not on the charts' time axis")
	}
	// One session is no trend: no charts, rather than boxes of one dot.
	r.History = points[:1]
	page.Reset()
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), `<svg class="trend"`) || strings.Contains(page.String(), "Across sessions") {
		t.Error("trend charts drawn for a single session")
	}
}

// The charts tell two sessions of one day apart, give a flat series one
// value rather than a range of 0%/0%, and say better or worse in words
// and arrows, by the figure's own rule, not only in colour.
func TestHistoryChartsAreHonest(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	day := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	points := []Point{
		{Session: "a", Created: day, Answers: 2, AverageS: f(80), OverShare: f(0), PausesPerAnswer: f(2), LongPausesPerAnswer: f(1), StarComplete: f(0.5), WPM: f(140), Score: f(72)},
		{Session: "b", Created: day.Add(8*time.Hour + 30*time.Minute), Answers: 2, AverageS: f(95), OverShare: f(0.5), PausesPerAnswer: f(1), LongPausesPerAnswer: f(1), StarComplete: f(0.5), WPM: f(150), Score: f(72.2)},
	}
	r := &Report{Session: "b", History: points}
	var page bytes.Buffer
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	box := func(name string) string {
		i := strings.Index(html, `data-figure="`+name+`"`)
		if i < 0 {
			t.Fatalf("no chart of %s", name)
		}
		return html[i : i+strings.Index(html[i:], "</svg>")]
	}
	over := box("over the limit")
	if !strings.Contains(over, ">2026-11-20 09:30</text>") || !strings.Contains(over, ">2026-11-20 18:00</text>") {
		t.Errorf("two sessions of one day are not told apart:\n%s", over)
	}
	if !strings.Contains(html, `class="trend-box trend-worse" data-figure="over the limit"`) || !strings.Contains(over, `<b class="change">↑ worse</b>`) {
		t.Errorf("more answers over the limit not called worse:\n%s", over)
	}
	if !strings.Contains(html, `class="trend-box trend-better" data-figure="pauses per answer"`) || !strings.Contains(box("pauses per answer"), "↓ better") {
		t.Error("fewer pauses not called better")
	}
	if w := box("words per minute"); !strings.Contains(w, `<b class="change">↑</b>`) || strings.Contains(w, "better") || strings.Contains(w, "worse") {
		t.Errorf("words per minute judged, though neither way is better:\n%s", w)
	}
	// 72 and 72.2 read the same: one value on the axis, and no change.
	score := box("score")
	if n := strings.Count(score, `class="axis-value right" x="48" dx="-3"`); n != 1 || !strings.Contains(score, "= same") {
		t.Errorf("a flat score has %d values on its axis (want 1) or is not the same:\n%s", n, score)
	}
	if !strings.Contains(score, `<polyline points="52,41 292,41"/>`) {
		t.Errorf("a flat score is not drawn flat:\n%s", score)
	}
	star := box("STAR complete")
	if strings.Count(star, ">50%</text>") != 1 {
		t.Errorf("a flat share is labelled twice:\n%s", star)
	}

	// Two sessions in the same minute are numbered.
	points[1].Created = day.Add(20 * time.Second)
	page.Reset()
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(page.String(), ">2026-11-20 09:30 #1</text>") || !strings.Contains(page.String(), ">2026-11-20 09:30 #2</text>") {
		t.Error("two sessions of one minute are not numbered")
	}

	var text bytes.Buffer
	if err := WriteHistoryText(&text, points, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0% -> 50%  ↑ worse", "2 -> 1  ↓ better", "140 -> 150  ↑\n", "72 -> 72  = same"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("history text lacks %q:\n%s", want, text.String())
		}
	}
	text.Reset()
	if err := WriteHistoryText(&text, points, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "0% 50%  ↑ worse") {
		t.Errorf("plain history text does not judge the change:\n%s", text.String())
	}
}

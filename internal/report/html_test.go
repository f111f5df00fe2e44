//go:build unix

package report

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/timefmt"
)

var keepShot = flag.String("screenshot", "", "also save the HTML report's screenshot to this file")

// chromiumTimeout bounds one run of the browser; a run that takes longer
// is killed with its whole process group and fails the test.
const chromiumTimeout = 20 * time.Second

// runChromium runs headless Chromium with a fresh profile and returns its
// standard output. A missing chromium fails the test.
func runChromium(t *testing.T, args ...string) []byte {
	t.Helper()
	needChromium(t)
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
	cmd := exec.Command("chromium", append(base, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	pgid := cmd.Process.Pid
	// The browser starts helper processes of its own; they are in its
	// process group and go with it.
	defer syscall.Kill(-pgid, syscall.SIGKILL)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
		}
	case <-time.After(chromiumTimeout):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
		t.Fatalf("chromium %s: no result within %v; killed", strings.Join(args, " "), chromiumTimeout)
	}
	return out.Bytes()
}

func needChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs chromium: runs in make test, not under -short")
	}
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Fatalf("chromium is not installed (apt-get install chromium): the HTML report is checked in it")
	}
}

// hostileStory is a story name holding markup, as a hand-edited session
// file could.
const hostileStory = `launch <b>night</b>`

const hostile = `Before the launch I said <script>alert("pwned")</script> and then "><img src=x onerror=alert(1)> to the team. I fixed the deploy and we shipped on time.`

// TestHTMLInChromium renders a session with real recordings in headless
// Chromium: every answer with audio has a timeline holding its silences
// and STAR sections, the markup in a transcript stays text, missing files
// are marked, and the page renders to a screenshot.
func TestHTMLInChromium(t *testing.T) {
	needChromium(t)
	store := &session.Store{Dir: filepath.Join(t.TempDir(), "sessions")}
	questions := slices.Clone(fixtureQuestions)
	questions[1].LimitS = 3 // answer 2 runs past it
	specs := []answerSpec{
		fixtureAnswers[0],
		{question: 1, leadS: 1.0, tailS: 0.4, pausesS: []float64{1.5}, text: hostile, story: hostileStory, sentences: []string{
			"Before the launch I said something silly to the team.",
			"I fixed the deploy and we shipped on time.",
		}},
		{question: 2, leadS: 0.5, tailS: 0.2, noWAV: true, noTiming: true, story: "Checkout  Outage", sentences: []string{"I delivered the report a day early, and the client renewed."}},
		{question: 3, leadS: 0.5, tailS: 0.2, noWAV: true, noTiming: true, noScript: true, sentences: []string{"I delivered it."}},
	}
	sess, built := makeSession(t, store, session.Settings{Bank: "amazon-lp"}, questions, specs, fixedCreated)
	r, err := Load(store, sess.ID, Options{EnvelopePoints: HTMLEnvelopePoints})
	if err != nil {
		t.Fatal(err)
	}
	r.Stories = fixtureBank(t, store)
	// Written into the session's folder, the page links each recording by
	// its name, as report -o does there.
	dir := store.SessionDir(sess.ID)
	page := filepath.Join(dir, "report.html")
	for i := range r.Answers {
		if a := &r.Answers[i]; !slices.Contains(a.Missing, "recording") {
			a.Audio = "./" + a.Files.WAV
		}
	}
	var html bytes.Buffer
	if err := WriteHTML(&html, r); err != nil {
		t.Fatal(err)
	}
	for _, outside := range []string{"<script", "<link", "<img", "<iframe", "url(", "@import", "http://", "https://"} {
		if strings.Contains(html.String(), outside) {
			t.Errorf("the page holds %q: it must be self-contained", outside)
		}
	}
	if err := os.WriteFile(page, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// One run of the browser both dumps the DOM and takes the screenshot.
	shot := filepath.Join(dir, "report.png")
	dom := string(runChromium(t, "--dump-dom", "--screenshot="+shot, "--window-size=1100,1600", "file://"+page))
	timelines := regexp.MustCompile(`(?s)<svg class="timeline" data-answer="(\d+)".*?</svg>`).FindAllStringSubmatch(dom, -1)
	// Answers 1 and 2 have everything; answer 3 only its transcript's
	// times (sections, no levels or silences); answer 4 nothing to draw.
	if len(timelines) != 3 {
		t.Fatalf("%d timelines in the rendered page, want 3", len(timelines))
	}
	for i, tl := range timelines {
		n, _ := strconv.Atoi(tl[1])
		if n != i+1 {
			t.Fatalf("timeline %d is of answer %d", i+1, n)
		}
		b := built[n-1]
		gaps := strings.Count(tl[0], `<rect class="gap"`)
		sections := strings.Count(tl[0], `class="section section-`)
		if sections != len(b.star.Sections) || sections == 0 {
			t.Errorf("answer %d: %d STAR sections drawn, the check found %d", n, sections, len(b.star.Sections))
		}
		for _, part := range []string{`<line class="limit"`, `>2:00</text>`} {
			if !strings.Contains(tl[0], part) {
				t.Errorf("answer %d: the timeline has no %s", n, part)
			}
		}
		envelope := strings.Contains(tl[0], `<path class="envelope" d="M`)
		if n == 3 {
			if gaps != 0 || envelope {
				t.Errorf("answer 3 has no recording or timing, yet its timeline shows %d gaps (envelope %v)", gaps, envelope)
			}
			continue
		}
		if gaps != len(b.timing.Gaps) || gaps == 0 {
			t.Errorf("answer %d: %d silence gaps drawn, the analysis found %d", n, gaps, len(b.timing.Gaps))
		}
		if !envelope {
			t.Errorf("answer %d: the timeline has no level envelope", n)
		}
	}
	// Under each timeline the transcript reads in its STAR sections, one
	// passage per section the check found, labelled and in order.
	answers := regexp.MustCompile(`(?s)<section class="answer" id="answer-(\d+)".*?</section>`).FindAllStringSubmatch(dom, -1)
	if len(answers) != len(built) {
		t.Fatalf("%d answer sections in the rendered page, want %d", len(answers), len(built))
	}
	for _, a := range answers {
		n, _ := strconv.Atoi(a[1])
		if n > 3 {
			continue // answer 4 has no transcript
		}
		var got []string
		for _, m := range regexp.MustCompile(`<p class="passage passage-([STAR])" data-label="([STAR])">`).FindAllStringSubmatch(a[0], -1) {
			got = append(got, m[1])
		}
		var want []string
		for _, sec := range built[n-1].star.Sections {
			want = append(want, sec.Label.String())
		}
		if strings.Join(got, "") != strings.Join(want, "") {
			t.Errorf("answer %d: transcript passages %v, want one per STAR section %v", n, got, want)
		}
	}
	// Answer 1 has pauses of 1.4 and 3.2 s; their shading must be where
	// the pauses are on the common time scale.
	if !strings.Contains(dom, "silence 3.2 s at 0:") {
		t.Errorf("the 3.2 s pause of answer 1 is not labelled in its timeline")
	}
	if !regexp.MustCompile(`<mark class="filler">um</mark>`).MatchString(dom) {
		t.Errorf("the filler \"um\" of answer 1 is not highlighted")
	}
	if n := strings.Count(dom, "<script"); n != 0 {
		t.Errorf("%d script elements in the rendered page: the transcript's markup was not escaped", n)
	}
	if strings.Contains(dom, "<img") {
		t.Errorf("an img element in the rendered page: the transcript's markup was not escaped")
	}
	for _, text := range []string{`&lt;script&gt;alert("pwned")&lt;/script&gt;`, `"&gt;&lt;img src=x onerror=alert(1)&gt;`} {
		if !strings.Contains(dom, text) {
			t.Errorf("the transcript's text %s is not shown as text", text)
		}
	}
	if !strings.Contains(dom, `<p class="missing">missing: recording, timing</p>`) {
		t.Errorf("answer 3 is not marked as missing its recording and timing")
	}
	if !strings.Contains(dom, `<p class="missing">missing: recording, timing, transcript, star</p>`) {
		t.Errorf("answer 4 is not marked as missing everything")
	}
	if strings.Count(dom, "no timeline: the recording and its timing are missing") != 1 {
		t.Errorf("answer 4 does not say why it has no timeline")
	}

	checkStorySection(t, dom, r.Stories)
	checkReview(t, dom, r)

	png, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 20000 {
		t.Errorf("the screenshot is not a rendered page: %d bytes", len(png))
	}
	if *keepShot != "" {
		if err := os.WriteFile(*keepShot, png, 0o644); err != nil {
			t.Error(err)
		}
	}
}

// checkReview checks what makes the page the place to review an answer:
// the time verdict beside each timeline, the part past the limit, each
// long pause labelled with its length, a player for each recording, and
// the sections, pauses and findings as links playing from their moment.
func checkReview(t *testing.T, dom string, r *Report) {
	t.Helper()
	for _, a := range r.Answers {
		sec := regexp.MustCompile(`(?s)<section class="answer" id="answer-` + strconv.Itoa(a.N) + `".*?</section>`).FindString(dom)
		class := ""
		if a.Timing != nil {
			class = " verdict-" + a.Timing.Verdict
		}
		if want := `<span class="verdict` + class + `">` + a.TimeText() + `</span>`; !strings.Contains(sec, want) {
			t.Errorf("answer %d: no verdict %s beside its timeline", a.N, want)
		}
		hasAudio := !slices.Contains(a.Missing, "recording")
		player := `<audio controls="" preload="metadata" src="./` + a.Files.WAV + `"></audio>`
		if strings.Contains(sec, player) != hasAudio {
			t.Errorf("answer %d: player %s shown: %v, recording there: %v", a.N, player, !hasAudio, hasAudio)
		}
		if !hasAudio {
			if strings.Contains(sec, "#t=") {
				t.Errorf("answer %d: links to a recording that is missing", a.N)
			}
			continue
		}
		// Every section of the timeline and every passage plays from
		// where the section starts.
		for _, s := range a.Sections {
			link := `href="./` + a.Files.WAV + `#t=` + f1(s.StartS) + `"`
			if n := strings.Count(sec, link); n < 2 {
				t.Errorf("answer %d: %s has %d links playing from %s, want the timeline's and the passage's", a.N, s.Label.Name(), n, link)
			}
		}
		long := 0
		for _, p := range a.Timing.Pauses {
			if p.Class != assess.ClassLong {
				continue
			}
			long++
			label := `<a href="./` + a.Files.WAV + `#t=` + f1(p.StartS) + `"><text class="pause-label"`
			if !strings.Contains(sec, label) || !strings.Contains(sec, ">"+timefmt.Seconds(p.DurationS)+"</text>") {
				t.Errorf("answer %d: the %s pause at %s is not labelled with its length and a link", a.N, timefmt.Seconds(p.DurationS), timefmt.Clock(p.StartS))
			}
		}
		if n := strings.Count(sec, `class="pause-label"`); n != long || (a.N == 1 && long == 0) {
			t.Errorf("answer %d: %d pause labels, the assessment has %d long pauses", a.N, n, long)
		}
		over := a.Timing.Verdict == "over"
		if strings.Contains(sec, `<rect class="over"`) != over {
			t.Errorf("answer %d (%s): part past the limit marked: %v", a.N, a.TimeText(), !over)
		}
		if over && !strings.Contains(sec, `>`+timefmt.Seconds(a.Timing.OverByS)+` over</text>`) {
			t.Errorf("answer %d: the part past the limit does not say by how much", a.N)
		}
	}
	if !strings.Contains(dom, `verdict-over`) {
		t.Error("no answer is over its limit: the fixture should have one")
	}
	if !regexp.MustCompile(`<a class="play" href="\./[^"]+\.wav#t=[0-9.]+">hear it</a>`).MatchString(dom) {
		t.Error("no finding links to the moment it is about")
	}
}

// checkStorySection checks the story bank in the rendered page against
// the bank it was made from: a column per story, a row per principle, the
// gaps marked, the counts in their cells, the over-used story and the
// suggestions listed, and the names shown as text.
func checkStorySection(t *testing.T, dom string, b *storybank.Bank) {
	t.Helper()
	sections := regexp.MustCompile(`(?s)<section class="stories" id="stories">.*?</section>`).FindAllString(dom, -1)
	if len(sections) != 1 {
		t.Fatalf("%d story-bank sections in the rendered page, want 1", len(sections))
	}
	sec := sections[0]
	// Answers 1 and 3 tell one story under two spellings, answer 2
	// another; answer 4 has none.
	if len(b.Stories) != 2 || len(b.Principles) != 16 {
		t.Fatalf("the bank has %d stories and %d principles", len(b.Stories), len(b.Principles))
	}
	if n := strings.Count(sec, `<th class="story">`); n != len(b.Stories) {
		t.Errorf("%d story columns, want %d", n, len(b.Stories))
	}
	rows := regexp.MustCompile(`<tr data-principle="[^"]*"( class="gap")?>`).FindAllStringSubmatch(sec, -1)
	gaps := 0
	for _, r := range rows {
		if r[1] != "" {
			gaps++
		}
	}
	if len(rows) != 16 {
		t.Errorf("%d principle rows in the story matrix, want 16", len(rows))
	}
	if gaps != len(b.Gaps) || gaps != 13 {
		t.Errorf("%d rows marked as gaps, the bank has %d (want 13)", gaps, len(b.Gaps))
	}
	for _, row := range []string{
		`<tr data-principle="Customer Obsession"><td class="q">Customer Obsession</td><td>1</td><td></td></tr>`,
		`<tr data-principle="Ownership"><td class="q">Ownership</td><td></td><td>1</td></tr>`,
		`<tr data-principle="Deliver Results"><td class="q">Deliver Results</td><td>1</td><td></td></tr>`,
		`<tr data-principle="Think Big" class="gap"><td class="q">Think Big<small>no story yet</small></td><td></td><td></td></tr>`,
	} {
		if !strings.Contains(sec, row) {
			t.Errorf("the story matrix lacks the row %s", row)
		}
	}
	if !strings.Contains(sec, `<th class="story">checkout outage</th>`) || !strings.Contains(sec, `<th class="story">launch &lt;b&gt;night&lt;/b&gt;</th>`) {
		t.Errorf("the story names are not the column heads, shown as text")
	}
	if strings.Contains(sec, "<b>") {
		t.Errorf("a story name's markup reached the page")
	}
	if !strings.Contains(sec, `<li data-story="checkout outage"><strong>checkout outage</strong>: told twice in session`) {
		t.Errorf("the checkout story, told twice in one session, is not listed as leaned on too often")
	}
	if n := strings.Count(sec, `<ul class="suggestions"><li`) + strings.Count(sec, `</li><li data-principle=`); n != len(b.Suggestions) || n == 0 {
		t.Errorf("%d questions to practise listed, the bank suggests %d", n, len(b.Suggestions))
	}
	if !strings.Contains(sec, "No story yet for 13 of 16 principles: Invent and Simplify,") {
		t.Errorf("the gaps are not named")
	}
}

// Each answer opens with its verdict: the time against the limit, the
// score with its band (so that a 74 is not read as a pass), the one thing
// to fix first and the next push, all before its timeline and transcript;
// a follow-up is judged as a reply, never as a STAR answer; the wide table
// of every figure comes after the answers, folded.
func TestHTMLLeadsWithTheVerdict(t *testing.T) {
	r, _ := fixtureReport(t)
	var page bytes.Buffer
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	scored, replies := 0, 0
	for _, a := range r.Answers {
		sec := answerSection(t, html, a.N)
		head := sec
		if i := strings.Index(sec, "<svg"); i >= 0 {
			head = sec[:i]
		}
		if !strings.Contains(head, ">"+a.TimeText()+"</span>") {
			t.Errorf("answer %d: the time %q does not lead", a.N, a.TimeText())
		}
		if a.Timing != nil && a.Timing.Verdict == analyze.Short && !strings.Contains(sec[:strings.Index(sec, ">")], "data-short") {
			t.Errorf("answer %d: short, not marked", a.N)
		}
		if a.Kind == session.KindFollowUp {
			for _, said := range []string{"No Action", "No Result", "full answer runs", "STAR score", "passage-label"} {
				if strings.Contains(sec, said) {
					t.Errorf("follow-up %d judged as an answer: %q", a.N, said)
				}
			}
			if a.Reply != nil {
				replies++
				if !strings.Contains(head, "reply "+template.HTMLEscapeString(a.Reply.Text())) {
					t.Errorf("follow-up %d: no reply verdict %q", a.N, a.Reply.Text())
				}
			}
			continue
		}
		if a.Star == nil || a.Star.Score == nil {
			continue
		}
		scored++
		want := fmt.Sprintf(`<span class="band band-%s">STAR score %d/100 (%s)</span>`, a.Star.Band, *a.Star.Score, a.Star.Band)
		if a.Star.Band == "" || !strings.Contains(head, want) {
			t.Errorf("answer %d: no %q before its timeline", a.N, want)
		}
		if len(a.Star.Tips) > 0 && !strings.Contains(head, "<b>Fix first:</b> "+template.HTMLEscapeString(a.Star.Tips[0])) {
			t.Errorf("answer %d: the first tip %q does not lead", a.N, a.Star.Tips[0])
		}
		if p := a.Star.Push; p != nil && !strings.Contains(head, template.HTMLEscapeString(p.Text)) {
			t.Errorf("answer %d: no next push %q", a.N, p.Text)
		}
	}
	if scored == 0 || replies == 0 {
		t.Fatalf("the fixture has %d scored answers and %d judged replies", scored, replies)
	}
	last := strings.LastIndex(html, `<section class="answer"`)
	table := strings.Index(html, `<table class="answers">`)
	if table < last || !strings.Contains(html[:table], `<details class="figures">`) {
		t.Errorf("the table of every figure is not folded below the answers")
	}
	if !strings.Contains(html, "5f: answer 5 is a follow-up") || !strings.Contains(html, "<td>5f</td>") {
		t.Errorf("the follow-up is not marked in the table and its key")
	}

	// A session without follow-ups has no key for them.
	var mains []Answer
	for _, a := range r.Answers {
		if a.Kind != session.KindFollowUp {
			mains = append(mains, a)
		}
	}
	r.Answers, r.Totals = mains, totals(mains)
	page.Reset()
	if err := WriteHTML(&page, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), "follow-up") {
		t.Errorf("a session without follow-ups explains them")
	}
}

// answerSection is the HTML of answer n's section.
func answerSection(t *testing.T, html string, n int) string {
	t.Helper()
	i := strings.Index(html, fmt.Sprintf(`<section class="answer" id="answer-%d"`, n))
	if i < 0 {
		t.Fatalf("no section for answer %d", n)
	}
	j := strings.Index(html[i:], "</section>")
	return html[i : i+j]
}

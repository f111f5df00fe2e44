package storybank

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	builtinprompts "github.com/starcoach/starcoach/prompts"

	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const (
	payments      = "During Black Friday the payment service kept timing out and checkout errors reached 4%. I had to keep checkout alive through the weekend. I traced the timeouts to the connection pool of the payment service, raised the pool limit, and rewrote the retry logic with backoff. Checkout errors fell from 4% to 0.2% that Black Friday, and I learned to load test the payment path before every sale."
	paymentsAgain = "Our payment service was failing on Black Friday: checkout errors hit 4% in the first hour. Nobody owned it, so I took it. I found the connection pool was exhausted, so I raised the pool limit and added retries with backoff. By the evening checkout errors were down to 0.2%."
	paymentsDeep  = "On Black Friday I dug into why checkout was failing. The payment service timed out, so I read the connection pool metrics one host at a time and found the pool limit was far too small for the retry storm. I fixed the retry logic. Errors went from 4% to 0.2%."
	mentor        = "A new hire on my team, Priya, struggled with code reviews and her pull requests sat for days. I wanted her to become independent. I paired with her twice a week and wrote a review checklist with her. Within two months she was reviewing others' code on her own."
	mentorTrust   = "When Priya joined she did not trust the team with her questions. I set up twice-weekly pairing and we built a code review checklist together, so she had a safe place to ask. Two months later she was reviewing code for others and the team trusted her reviews."
	cloudBill     = "Our AWS bill doubled in a quarter. My goal was to cut it without slowing the product down. I tagged every bucket, found a transcoding job writing intermediate files to the most expensive storage class, and added a lifecycle rule. Storage costs fell by $400,000 a year."
)

// answerSpec is one answer of a test session.
type answerSpec struct {
	question string // question id in the built-in banks
	story    string
	text     string
	followUp bool
}

func library(t *testing.T) *prompts.Library {
	t.Helper()
	lib, err := prompts.Load(builtinprompts.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func allQuestions(lib *prompts.Library) []prompts.Question {
	var qs []prompts.Question
	for _, b := range lib.Banks() {
		qs = append(qs, b.Questions...)
	}
	return qs
}

// makeSession writes a session as practice leaves it: session.json and a
// transcript beside each answer.
func makeSession(t *testing.T, store *session.Store, lib *prompts.Library, at time.Time, answers []answerSpec) string {
	t.Helper()
	var questions []session.Question
	index := map[string]int{}
	for _, a := range answers {
		if _, ok := index[a.question]; ok {
			continue
		}
		q, err := lib.Find(a.question)
		if err != nil {
			t.Fatal(err)
		}
		index[a.question] = len(questions)
		questions = append(questions, session.Question{ID: q.ID, Bank: q.Bank, Text: q.Text, Principles: q.Principles, LimitS: q.LimitS})
	}
	h, err := store.Create(session.Settings{Bank: "amazon-lp"}, questions, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for i, a := range answers {
		name := strings.ReplaceAll(a.question, "/", "-") + "-" + string(rune('a'+i))
		ans := session.Answer{Question: index[a.question], Kind: session.KindAnswer, Status: session.StatusTranscribed, WAV: name + ".wav", Story: a.story, Recorded: at}
		if a.followUp {
			ans.Kind, ans.Parent, ans.Prompt = session.KindFollowUp, i, "What would you do differently?"
		}
		if a.text != "" {
			ans.Transcript = name + ".transcript.json"
			data, _ := json.Marshal(transcript.Transcript{Engine: "test", Text: a.text, Segments: []transcript.Segment{}, Words: []transcript.Word{}})
			if err := os.WriteFile(h.Path(ans.Transcript), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		h.Answers = append(h.Answers, ans)
	}
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	return h.ID
}

// twoSessions is a person's first two sessions: the checkout story told
// for four questions (twice in the first session, once not yet named), a
// mentoring story told twice, and one unrelated answer without a story.
func twoSessions(t *testing.T) (*session.Store, *prompts.Library, string, string) {
	store := session.NewStore(t.TempDir())
	lib := library(t)
	s1 := makeSession(t, store, lib, time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), []answerSpec{
		{question: "ownership-1", story: "checkout outage", text: payments},
		{question: "hire-develop-1", story: "mentoring Priya", text: mentor},
		{question: "dive-deep-1", story: "checkout outage", text: paymentsDeep},
		{question: "dive-deep-1", text: "I would raise the pool limit earlier.", followUp: true},
	})
	s2 := makeSession(t, store, lib, time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC), []answerSpec{
		{question: "customer-obsession-1", story: "Checkout  Outage", text: payments},
		{question: "bias-for-action-2", text: paymentsAgain},
		{question: "frugality-1", text: cloudBill},
		{question: "earn-trust-2", story: "mentoring priya", text: mentorTrust},
	})
	return store, lib, s1, s2
}

func TestBankFromSessions(t *testing.T) {
	store, lib, s1, s2 := twoSessions(t)
	b, err := Load(store, allQuestions(lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Warnings) != 0 {
		t.Errorf("warnings %v", b.Warnings)
	}
	if b.Answers != 7 {
		t.Errorf("%d answers, want 7 (the follow-up left out)", b.Answers)
	}

	// The matrix: names compared without case or spacing.
	if len(b.Stories) != 2 || b.Stories[0].Name != "checkout outage" || b.Stories[1].Name != "mentoring Priya" {
		t.Fatalf("stories %+v", b.Stories)
	}
	checkout, mentoring := b.Stories[0], b.Stories[1]
	wantCheckout := map[string]int{"Customer Obsession": 1, "Ownership": 2, "Bias for Action": 1, "Dive Deep": 1}
	for _, p := range b.Principles {
		if got := checkout.Count(p); got != wantCheckout[p] {
			t.Errorf("checkout outage, %s: %d answers, want %d", p, got, wantCheckout[p])
		}
	}
	if len(mentoring.Covers) != 2 || mentoring.Count("Hire and Develop the Best") != 1 || mentoring.Count("Earn Trust") != 1 {
		t.Errorf("mentoring covers %+v", mentoring.Covers)
	}

	// The gaps: the 16 principles less the 6 covered.
	if len(b.Principles) != 16 || len(b.Gaps) != 10 {
		t.Fatalf("%d principles, gaps %v", len(b.Principles), b.Gaps)
	}
	for _, covered := range []string{"Customer Obsession", "Ownership", "Bias for Action", "Dive Deep", "Hire and Develop the Best", "Earn Trust"} {
		for _, g := range b.Gaps {
			if g == covered {
				t.Errorf("%s is covered but listed as a gap", covered)
			}
		}
	}

	// The over-used story, with every reason; the other is not.
	if len(b.OverUsed) != 1 || b.OverUsed[0].Story != "checkout outage" {
		t.Fatalf("over-used %+v", b.OverUsed)
	}
	reasons := strings.Join(b.OverUsed[0].Reasons, " | ")
	for _, want := range []string{"covers 4 principles", "told in 3 of 5 answers", "told twice in session " + s1} {
		if !strings.Contains(reasons, want) {
			t.Errorf("reasons %q lack %q", reasons, want)
		}
	}

	// The proposal: the retelling without a name, and not the cloud bill.
	if len(b.Proposals) != 1 {
		t.Fatalf("proposals %+v", b.Proposals)
	}
	p := b.Proposals[0]
	if p.Answer.Ref() != s2+":2" || p.Story != "checkout outage" || p.Score < 0.095 || len(p.Shared) == 0 {
		t.Errorf("proposal %+v", p)
	}
	if len(b.Unassigned) != 2 {
		t.Errorf("unassigned %+v", b.Unassigned)
	}

	// A question for every gap, on that principle; for Frugality not the
	// one already answered.
	if len(b.Suggestions) != len(b.Gaps) {
		t.Fatalf("%d suggestions for %d gaps", len(b.Suggestions), len(b.Gaps))
	}
	for i, s := range b.Suggestions {
		q, err := lib.Find(s.QuestionID)
		if err != nil || s.Principle != b.Gaps[i] || q.Principles[0] != s.Principle {
			t.Errorf("suggestion %+v for gap %s: %v", s, b.Gaps[i], err)
		}
		if s.Principle == "Frugality" && s.QuestionID == "frugality-1" {
			t.Errorf("suggested frugality-1, which was answered")
		}
	}
}

func TestStrongBank(t *testing.T) {
	// Six stories, two or three principles each, all told once: nothing
	// over-used, no advice to add stories.
	var answers []Answer
	ps := prompts.Principles()
	for i := 0; i < 6; i++ {
		answers = append(answers, Answer{Session: "s", N: i + 1, Story: string(rune('A' + i)), Principles: []string{ps[(2*i)%16], ps[(2*i+1)%16]}})
	}
	b := Build(answers, nil, nil)
	if len(b.OverUsed) != 0 || len(b.Gaps) != 4 || len(b.Stories) != 6 {
		t.Errorf("over-used %v, gaps %v, stories %d", b.OverUsed, b.Gaps, len(b.Stories))
	}
	if !strings.Contains(strings.Join(b.Advice, " "), "6 stories: within the 5-8") {
		t.Errorf("advice %v", b.Advice)
	}
}

func TestAssign(t *testing.T) {
	store, lib, s1, s2 := twoSessions(t)
	b, err := Load(store, allQuestions(lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }
	a, err := Assign(store, s2, 2, "CHECKOUT outage", b.Stories, now)
	if err != nil {
		t.Fatal(err)
	}
	if a.Story != "checkout outage" || a.QuestionID != "bias-for-action-2" {
		t.Errorf("assigned %+v", a)
	}
	sess, err := store.Load(s2)
	if err != nil || sess.Answers[1].Story != "checkout outage" {
		t.Fatalf("saved %+v, %v", sess.Answers[1], err)
	}
	b, err = Load(store, allQuestions(lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Proposals) != 0 || b.Stories[0].Count("Bias for Action") != 2 {
		t.Errorf("after assigning: proposals %+v, stories %+v", b.Proposals, b.Stories)
	}

	for _, c := range []struct {
		n    int
		name string
		want string
	}{
		{9, "x", "has 4 answers"},
		{4, "x", "is a follow-up of answer 3"},
		{1, "  ", "empty"},
		{1, strings.Repeat("long ", 30), "keep it under"},
	} {
		if _, err := Assign(store, s1, c.n, c.name, nil, now); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Assign(%d, %q): %v, want %q", c.n, c.name, err, c.want)
		}
	}
}

func TestBrokenFilesAreWarnings(t *testing.T) {
	store, lib, _, s2 := twoSessions(t)
	sess, err := store.Load(s2)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(store.SessionDir(s2), sess.Answers[0].Transcript)
	if err := os.WriteFile(bad, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(store, allQuestions(lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], bad) || b.Answers != 7 {
		t.Errorf("warnings %v, answers %d", b.Warnings, b.Answers)
	}
}

func TestGoldenText(t *testing.T) {
	store, lib, s1, s2 := twoSessions(t)
	b, err := Load(store, allQuestions(lib), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := WriteText(&got, b); err != nil {
		t.Fatal(err)
	}
	// Session ids come from the fixed times above; the golden file holds
	// them as written.
	if !strings.Contains(got.String(), s1) && !strings.Contains(got.String(), s2) {
		t.Fatalf("no session id in\n%s", got.String())
	}
	golden := filepath.Join("..", "..", "testdata", "storybank", "two-sessions.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s--- want\n%s", golden, got.Bytes(), want)
	}
}

func TestNamesAndCanonical(t *testing.T) {
	store, _, _, _ := twoSessions(t)
	names, err := Names(store)
	if err != nil {
		t.Fatal(err)
	}
	// First spellings, oldest session first; "Checkout  Outage" and
	// "mentoring priya" are the same stories told again.
	if strings.Join(names, "|") != "checkout outage|mentoring Priya" {
		t.Fatalf("names %q", names)
	}
	for _, c := range []struct{ in, want string }{
		{"Checkout Outage", "checkout outage"},
		{"  CHECKOUT\toutage ", "checkout outage"},
		{"Mentoring  PRIYA", "mentoring Priya"},
		{"cloud   bill", "cloud bill"},
	} {
		if got := Canonical(c.in, names); got != c.want {
			t.Errorf("Canonical(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	empty, err := Names(session.NewStore(t.TempDir()))
	if err != nil || len(empty) != 0 {
		t.Errorf("an empty store has names %q, %v", empty, err)
	}
}

// A story can serve the principles one of its tellings covers as an answer
// that fits covers its question's, whichever it was asked for; a telling
// too short to judge shows none.
func TestServeFromTheSignalsHeard(t *testing.T) {
	const deep = "Last spring I was the backend engineer on our checkout team, and our payment service was timing out during peak sales. My task was to get checkout errors under one percent before the holiday sale. First I pulled a week of traces and found that every timeout came from the connection pool to the card processor. I wrote a load test that reproduced it, changed the pool to grow with demand and added a circuit breaker. As a result, checkout errors fell from four percent to zero point two percent."
	b := Bank{Stories: []Story{
		{Name: "checkout", Answers: []Answer{{Principles: []string{"Customer Obsession"}, Text: deep}, {Text: "I fixed the checkout."}}},
		{Name: "short", Answers: []Answer{{Text: paymentsAgain[:60]}}},
	}}
	b.Serve(nil)
	if s := b.Stories[0].Serves; len(s) == 0 || s[0].Name != "Dive Deep" || s[0].Covered < 2 {
		t.Errorf("checkout serves %+v, want Dive Deep first", s)
	}
	if s := b.Stories[1].Serves; s == nil || len(s) != 0 {
		t.Errorf("a 10-word telling serves %+v, want none", s)
	}
	if got := ServesLine(b.Stories[0]); !strings.HasPrefix(got, "can serve: Dive Deep (") {
		t.Errorf("line %q", got)
	}
}

package probe

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
)

const (
	situation = "Last spring our checkout page was timing out during the big sale, and we were losing orders every hour. "
	task      = "My job was to make checkout hold the load before the next sale. "
	action    = "First I reproduced the timeouts with a load test. I found a lock on the inventory table that was held for the whole checkout. I moved the inventory update to the end of the transaction, and I added a retry with backoff for the payment call. Then I rolled it out to ten percent of traffic, then half, then all of it. "
	weAction  = "First we reproduced the timeouts with a load test. We found a lock on the inventory table that was held for the whole checkout. We moved the inventory update to the end of the transaction, and we added a retry with backoff for the payment call. Then we rolled it out to ten percent of traffic, then half, then all of it. "
	result    = "Failed orders dropped from two percent to under zero point one percent. "
	vague     = "In the end checkout was much more stable and the business was happy. "
	lesson    = "I learned to measure under real load before changing any code."
)

func check(text string) (*transcript.Transcript, star.Result) {
	tr := &transcript.Transcript{Text: text}
	return tr, star.Check(tr, nil, nil)
}

func TestChooseByWeakness(t *testing.T) {
	set := Default()
	cases := []struct {
		name, text, id string
	}{
		{"strong", situation + task + action + result + lesson, ""},
		{"no number", situation + task + action + vague + lesson, "impact"},
		{"we over I", situation + task + weAction + result + lesson, "personal-role"},
		{"thin action", situation + task + "I fixed the lock. " + result + lesson, "hardest-decision"},
		{"hypothetical", "When there is a conflict I usually talk to people first. I would set up a meeting and I always try to understand their view. Generally that works well and I typically find common ground.", "hardest-decision"},
		{"no reflection", situation + task + action + result, "differently"},
		{"no number before no reflection", situation + task + action + vague, "impact"},
		{"we only before no number", situation + task + weAction + vague, "personal-role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, r := check(c.text)
			p, ok := set.Choose(tr, r)
			if c.id == "" {
				if ok {
					t.Fatalf("strong answer probed with %+v", p)
				}
				return
			}
			if !ok || p.ID != c.id || p.Text == "" || p.Reason == "" {
				t.Fatalf("got %+v %v, want probe %s (all: %+v)", p, ok, c.id, set.All(tr, r))
			}
		})
	}
}

func TestEachRuleFiresOnlyOnItsWeakness(t *testing.T) {
	strongTr, strong := check(situation + task + action + result + lesson)
	for _, w := range Find(strongTr, strong) {
		t.Errorf("strong answer has weakness %+v", w)
	}
	weak := map[string]string{
		NoNumber:     situation + task + action + vague + lesson,
		WeOverI:      situation + task + weAction + result + lesson,
		ThinAction:   situation + task + "I fixed the lock. " + result + lesson,
		NoReflection: situation + task + action + result,
	}
	for name, text := range weak {
		tr, r := check(text)
		found := map[string]bool{}
		for _, w := range Find(tr, r) {
			found[w.Name] = true
		}
		for _, rule := range ruleWeaknesses {
			if found[rule] != (rule == name) {
				t.Errorf("answer weak in %s: rule %s fired %v", name, rule, found[rule])
			}
		}
	}
}

func TestWeOverIWithoutAction(t *testing.T) {
	// Without an Action the whole answer is weighed.
	tr := &transcript.Transcript{Text: "We had a slow page. We fixed it. We were happy and we moved on."}
	r := star.Check(tr, nil, nil)
	for _, w := range Find(tr, r) {
		if w.Name == WeOverI {
			return
		}
	}
	t.Errorf("no %s in %+v", WeOverI, Find(tr, r))
}

func TestEmptyAnswerHasNoProbe(t *testing.T) {
	tr, r := check("")
	if p, ok := Default().Choose(tr, r); ok {
		t.Errorf("empty answer probed with %+v", p)
	}
}

func writeUser(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadMergesUserProbes(t *testing.T) {
	dir := writeUser(t, `
[[probe]]
id = "impact"
weakness = "no_number"
text = "How much did it move the needle, in numbers?"

[[probe]]
id = "setup"
weakness = "long_setup"
text = "Why did it take so long to get to what you did?"
`)
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != Default().Len()+1 {
		t.Errorf("%d probes, want %d", set.Len(), Default().Len()+1)
	}
	tr, r := check(situation + task + action + vague + lesson)
	p, ok := set.Choose(tr, r)
	if !ok || p.Text != "How much did it move the needle, in numbers?" {
		t.Errorf("user's probe did not replace the built-in one: %+v", p)
	}
	long := strings.Repeat(situation, 4) + task + action + result + lesson
	tr, r = check(long)
	found := false
	for _, p := range set.All(tr, r) {
		found = found || p.ID == "setup"
	}
	if !found {
		t.Errorf("user's finding probe not offered for a long setup: %+v", set.All(tr, r))
	}
	// No file, or no directory: the built-in probes.
	for _, d := range []string{"", t.TempDir()} {
		if s, err := Load(d); err != nil || s.Len() != Default().Len() {
			t.Errorf("Load(%q): %v, %v", d, s, err)
		}
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"syntax", "[[probe]]\nid = \"x\"\ntext = \"unterminated\n", ":3:"},
		{"unknown key", "[[probe]]\nid = \"x\"\nweakness = \"no_number\"\ntext = \"Why?\"\ncolour = \"red\"\n", ":5: unknown key probe.colour"},
		{"unknown weakness", "# mine\n\n[[probe]]\nid = \"x\"\nweakness = \"too_good\"\ntext = \"Why?\"\n", `:3: probe 1: unknown weakness "too_good"`},
		{"no text", "[[probe]]\nid = \"a\"\nweakness = \"no_number\"\ntext = \"Why?\"\n\n[[probe]]\nid = \"b\"\nweakness = \"no_number\"\n", ":6: probe 2: text is missing"},
		{"bad id", "[[probe]]\nid = \"a b\"\nweakness = \"no_number\"\ntext = \"Why?\"\n", `:1: probe 1: id "a b"`},
		{"twice", "[[probe]]\nid = \"a\"\nweakness = \"no_number\"\ntext = \"Why?\"\n[[probe]]\nid = \"a\"\nweakness = \"we_over_i\"\ntext = \"Who?\"\n", `:5: probe 2: id "a" is used twice`},
		{"wrong type", "[[probe]]\nid = 3\n", ":2:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeUser(t, c.text)
			_, err := Load(dir)
			if err == nil {
				t.Fatal("no error")
			}
			path := filepath.Join(dir, FileName)
			if !strings.HasPrefix(err.Error(), path+":") || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want %s%s...", err, path, c.want)
			}
		})
	}
}

func TestLoadRefusesHugeFile(t *testing.T) {
	dir := writeUser(t, "# "+strings.Repeat("x", maxFileBytes+10)+"\n")
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("error %v", err)
	}
}

// TestEngineTranscripts chooses probes for transcripts as engines write
// them, with word times.
func TestEngineTranscripts(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "star", "golden")
	cases := map[string]string{
		"whisper-we-in-action.transcript.json":   "personal-role",
		"vosk-lowercase-fillers.transcript.json": "",
	}
	for name, want := range cases {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := transcript.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		p, ok := Default().Choose(tr, star.Check(tr, nil, nil))
		if p.ID != want || ok != (want != "") {
			t.Errorf("%s: probe %+v %v, want %q", name, p, ok, want)
		}
	}
}

// The push follows the top finding: an answer whose top finding is "No
// Result" is asked for its impact, even when its close has a figure and no
// lesson (which once drew "What would you do differently?").
func TestPushFollowsTopFinding(t *testing.T) {
	text := "At my last job I was a backend engineer at a payments company, and our nightly billing job took six hours and often missed the morning deadline. " +
		"My goal was to get it under one hour before the holiday peak. " +
		"First I profiled the job and found that most of the time went into one slow query. I rewrote that query and added an index. " +
		"Then I split the job into batches and ran them in parallel on the existing servers. " +
		"I also added an alert when a run takes longer than ninety minutes, and I walked the team through the changes."
	tr := &transcript.Transcript{Text: text}
	r := star.Check(tr, nil, nil)
	if len(r.Findings) == 0 || r.Findings[0].Code != "missing_result" {
		t.Fatalf("top finding %v, want missing_result", r.Findings)
	}
	p, ok := Default().Choose(tr, r)
	if !ok || p.ID != "impact" {
		t.Errorf("push %+v, want the impact probe", p)
	}
}

// An answer that was not judged gets no push.
func TestNoPushWithoutJudgement(t *testing.T) {
	r := star.Result{Words: 80, NotJudged: "the transcript looks unreliable", Findings: []star.Finding{{Severity: star.High, Code: "not_judged", Message: "Not judged"}}}
	if p, ok := Default().Choose(&transcript.Transcript{Text: "x"}, r); ok {
		t.Errorf("push %+v for an answer not judged", p)
	}
}

// Replies are judged against the push they answer, not as STAR answers.
func TestJudgeReply(t *testing.T) {
	set := Default()
	for _, c := range []struct {
		prompt, reply string
		answered      bool
		code          string
	}{
		{"What was the measurable impact?", "Checkout errors fell from four percent to under one percent within a month.", true, ""},
		{"What was the measurable impact?", "It went really well and everyone was happy with it.", false, "reply_no_number"},
		{"What would you do differently?", "Next time I would talk to the other team before I start.", true, ""},
		{"What would you do differently?", "The project shipped and the customer was happy.", false, "reply_no_lesson"},
		{"What did you personally do?", "I wrote the load test and I changed the pool size myself.", true, ""},
		{"What did you personally do?", "We looked at the logs and we fixed the pool together.", false, "reply_no_step"},
		{"Walk me through the hardest decision you made.", "I decided to roll back the release because I could not reproduce the bug.", true, ""},
		{"What were the trade-offs?", "I traded a day of latency work for a simpler design that the team could own.", true, ""},
		{"What were the trade-offs?", "Speed.", false, "reply_thin"},
	} {
		r := set.JudgeReply(c.prompt, &transcript.Transcript{Text: c.reply}, nil)
		code := ""
		if len(r.Findings) > 0 {
			code = r.Findings[0].Code
		}
		if r.Answered != c.answered || code != c.code {
			t.Errorf("%q <- %q: answered %v (%s), %v; want %v %q", c.prompt, c.reply, r.Answered, r.Gave, r.Findings, c.answered, c.code)
		}
	}
}

// A number word of the user's speech word list answers the push for the
// impact, as it counts in the speech figures.
func TestJudgeReplyCountsTheUsersNumberWords(t *testing.T) {
	lex := speech.DefaultLexicon()
	if err := lex.Extend(strings.NewReader(`number_words = ["umpteen"]`), "speech-words.toml"); err != nil {
		t.Fatal(err)
	}
	reply := &transcript.Transcript{Text: "After the change the team saved umpteen hours on every release."}
	const push = "What was the measurable impact?"
	if r := Default().JudgeReply(push, reply, nil); r.Answered {
		t.Fatalf("with the built-in lists %q gives a number: %+v", reply.Text, r)
	}
	if r := Default().WithSpeech(lex).JudgeReply(push, reply, nil); !r.Answered {
		t.Errorf("with \"umpteen\" a number word the reply still gives no number: %+v", r)
	}
}

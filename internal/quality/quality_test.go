package quality

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// labelled reads the STAR labelled answers (one unit a line, "S| text"):
// real written answers the gate must let through, and whose words make
// the salad and shuffles it must refuse. The word-order model was counted
// from another set (testdata/story).
func labelled(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "star", "labelled", "*.txt"))
	if err != nil || len(paths) < 40 {
		t.Fatalf("labelled answers: %d, %v", len(paths), err)
	}
	var out []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, l := range strings.Split(string(b), "\n") {
			if _, txt, ok := strings.Cut(l, "|"); ok && !strings.HasPrefix(l, "#") {
				parts = append(parts, strings.TrimSpace(txt))
			}
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// engineForm is text as some engines give it: lower case, no punctuation.
func engineForm(s string) string { return strings.Join(Words(s), " ") }

func text(s string) *transcript.Transcript { return &transcript.Transcript{Text: s} }

func TestGateJudgesRealAnswers(t *testing.T) {
	dict := SystemDictionary()
	t.Logf("dictionary: %v", dict != nil)
	answers := labelled(t)
	for _, form := range []struct {
		name string
		f    func(string) string
	}{{"as written", func(s string) string { return s }}, {"lower case, unpunctuated", engineForm}} {
		refused, minZ := 0, 1e9
		for _, a := range answers {
			e := Judge(text(form.f(a)), 0, dict)
			if e.Words >= minOrderWords {
				minZ = min(minZ, e.OrderZ)
			}
			if !e.Reliable() {
				refused++
				t.Logf("%s: refused %.40q...: %s", form.name, a, e.Why())
			}
		}
		t.Logf("%s: %d of %d real answers refused; lowest order z %.1f", form.name, refused, len(answers), minZ)
		if refused*20 > len(answers) {
			t.Errorf("%s: %d of %d real answers refused, want at most 1 in 20", form.name, refused, len(answers))
		}
	}
}

// salad draws n words at random from pool.
func salad(rng *rand.Rand, pool []string, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = pool[rng.Intn(len(pool))]
	}
	return strings.Join(w, " ")
}

func shuffled(rng *rand.Rand, s string) string {
	w := strings.Fields(s)
	rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
	return strings.Join(w, " ")
}

func TestGateRefusesSaladAndShuffles(t *testing.T) {
	answers := labelled(t)
	rng := rand.New(rand.NewSource(14))
	var pool []string
	distinct := map[string]bool{}
	for _, a := range answers {
		for _, w := range strings.Fields(a) {
			pool = append(pool, w)
			distinct[strings.ToLower(w)] = true
		}
	}
	var vocab []string
	for w := range distinct {
		vocab = append(vocab, w)
	}
	cases := map[string][]string{}
	for i := 0; i < 200; i++ {
		// As often as interview words are said, and each word as likely.
		cases["salad"] = append(cases["salad"], salad(rng, pool, 250))
		cases["salad of distinct words"] = append(cases["salad of distinct words"], salad(rng, vocab, 60+rng.Intn(200)))
	}
	for _, a := range answers {
		if len(Words(a)) < minOrderWords {
			continue // too short for the order test: the score must hold
		}
		for k := 0; k < 4; k++ {
			cases["shuffled answer"] = append(cases["shuffled answer"], shuffled(rng, a))
			cases["shuffled, engine form"] = append(cases["shuffled, engine form"], shuffled(rng, engineForm(a)))
		}
	}
	for name, texts := range cases {
		passed, maxZ := 0, -1e9
		for _, s := range texts {
			e := Judge(text(s), 0, nil)
			maxZ = max(maxZ, e.OrderZ)
			if e.Reliable() {
				passed++
			}
		}
		t.Logf("%s: %d of %d judged reliable; highest order z %.1f", name, passed, len(texts), maxZ)
		// Random orders pass the order test about once in 700.
		if passed*100 > len(texts) {
			t.Errorf("%s: %d of %d judged reliable, want under 1%%", name, passed, len(texts))
		}
	}
}

func TestGateReasons(t *testing.T) {
	words := func(n int, conf float64) []transcript.Word {
		var ws []transcript.Word
		for i := 0; i < n; i++ {
			ws = append(ws, transcript.Word{Word: "w", Conf: conf, StartS: float64(i), EndS: float64(i) + 0.5})
		}
		return ws
	}
	answer := "Last year I led the move of our billing service to a new database, and my goal was to finish before the holiday peak without any downtime for the customers."
	for _, c := range []struct {
		name    string
		tr      *transcript.Transcript
		speechS float64
		dict    Dictionary
		level   string
		reason  string
	}{
		{"sure engine", &transcript.Transcript{Text: answer, Words: words(30, 0.9)}, 0, nil, Good, ""},
		{"doubting engine", &transcript.Transcript{Text: answer, Words: words(30, 0.3)}, 0, nil, Unreliable, "the engine doubted 100% of its words"},
		{"some doubt", &transcript.Transcript{Text: answer, Words: append(words(10, 0.3), words(20, 0.9)...)}, 0, nil, Rough, "the engine doubted 33% of its words"},
		{"no confidences", &transcript.Transcript{Text: answer, Words: words(30, 0)}, 0, nil, Good, ""},
		{"too few words for the time", text(answer), 60, nil, Unreliable, "30 words a minute of speech: words were lost or invented"},
		{"normal rate", text(answer), 12, nil, Good, ""},
		{"unknown words", text(answer), 0, WordSet{"the": true, "a": true}, Unreliable, "in no dictionary"},
		{"salad", text("customer the result team we percent two hundred drove i led the owned and impact the we team result customer led percent i and the impact drove owned hundred two we result the team customer i percent led owned the impact we drove two the"), 0, nil, Unreliable, "no English order"},
		{"short salad", text("customer the result team we percent two hundred drove i led the owned and impact"), 0, nil, Good, ""},
	} {
		e := Judge(c.tr, c.speechS, c.dict)
		if e.Level != c.level || !strings.Contains(e.Why(), c.reason) {
			t.Errorf("%s: %s (%s), want %s (%s)", c.name, e.Level, e.Why(), c.level, c.reason)
		}
	}
}

func TestReadCMUDict(t *testing.T) {
	d, err := ReadCMUDict(strings.NewReader(";;; comment\nhello HH AH L OW\nhello(2) HH EH L OW\nDIDN'T D IH D AH N T\n"))
	if err != nil || !d.Has("hello") || !d.Has("didn't") || d.Has("hello(2)") || d.Has("hell") {
		t.Fatalf("%v %v", d, err)
	}
}

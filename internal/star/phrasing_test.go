package star

import (
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// saidInSentences makes a timed transcript of sentences as an engine without
// punctuation gives them: a word every 0.3 s, the engine sure of each,
// and a pause of 0.35 s between sentences (a speaker's sentence break).
func saidInSentences(sentences ...string) *transcript.Transcript {
	t := &transcript.Transcript{Engine: "pocketsphinx", Hesitations: transcript.HesitationsDropped}
	at := 0.5
	var text []string
	for _, s := range sentences {
		for _, w := range strings.Fields(s) {
			t.Words = append(t.Words, transcript.Word{StartS: at, EndS: at + 0.28, Word: w, Conf: 0.9})
			text = append(text, w)
			at += 0.3
		}
		at += 0.35
	}
	t.Text = strings.Join(text, " ")
	t.DurationS = at
	return t
}

// labelsBySentence is the section of each sentence's first word.
func labelsBySentence(r Result, sentences []string) string {
	var b strings.Builder
	at := 0
	for _, s := range sentences {
		if at < len(r.Labels) {
			b.WriteString(r.Labels[at].String())
		}
		at += len(strings.Fields(s))
	}
	return b.String()
}

// Sections are found in the words people tell them in, not only in the
// coaching phrases ("my goal was", "as a result"): time openers for the
// Situation, obligation and goal frames for the Task, "so what I did" for
// the Action, "the upshot", "we ended up" and "what I took away" for the
// Result.
func TestSectionsInOtherPeoplesWords(t *testing.T) {
	tests := []struct {
		name      string
		sentences []string
		want      string
	}{
		{"landed on me", []string{
			"Back when I worked for a hotel group, payroll ran on a spreadsheet that one person understood.",
			"She announced she was retiring in the spring.",
			"The job landed on me to move payroll into a proper system before her last day.",
			"So what I did was sit next to her for two pay runs and write down every rule she applied by hand.",
			"I turned those notes into test cases and checked the new system against old payslips.",
			"The upshot was that the first pay run on the new system matched to the cent.",
		}, "SSTAAR"},
		{"what we needed", []string{
			"A couple of summers ago I answered phones at a dental clinic.",
			"Patients complained that they waited ten minutes on hold.",
			"What we needed was a way to cut the hold time without hiring anyone.",
			"I counted the calls for two weeks and suggested text message reminders.",
			"We ended up with hold times of about two minutes.",
		}, "SSTAR"},
		{"the challenge i took on", []string{
			"For two years I volunteered at a small railway museum.",
			"Visitor numbers had been falling for a while.",
			"The challenge I took on was to bring families back on almost no budget.",
			"I asked the local schools to share a leaflet, and I designed one with a friend.",
			"Sunday visitors doubled over the summer.",
			"What I took away was to ask people where they already look.",
		}, "SSTARR"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := checkText(strings.Join(tc.sentences, " "), nil)
			if got := labelsBySentence(r, tc.sentences); got != tc.want {
				t.Errorf("typed: sentences labelled %s, want %s", got, tc.want)
			}
			var plain []string
			for _, s := range tc.sentences {
				plain = append(plain, strings.Trim(strings.ToLower(strings.NewReplacer(",", "", ".", "").Replace(s)), " "))
			}
			r = Check(saidInSentences(plain...), nil, nil)
			if got := labelsBySentence(r, plain); got != tc.want {
				t.Errorf("spoken: sentences labelled %s, want %s", got, tc.want)
			}
		})
	}
}

// An answer opens with its context: a first sentence with no cue for any
// section is Situation, not the Task that follows it, even where a pause
// is all that separates them.
func TestFirstSentenceWithoutCuesIsSituation(t *testing.T) {
	sentences := []string{
		"one small office shared a single printer",
		"my task was to stop the queue of print jobs that jammed it every morning",
		"first i found the driver that sent every job twice and i switched it off",
		"as a result the printer has not jammed since",
	}
	r := Check(saidInSentences(sentences...), nil, nil)
	if got := labelsBySentence(r, sentences); got != "STAR" {
		t.Errorf("sentences labelled %s, want STAR", got)
	}
}

// "I" heard as "by" where a clause starts after a pause is read as "I"
// when the next word cannot follow "by" ("by phone to the volunteers" is
// "I phoned the volunteers"), even with the engine sure of both words;
// "by the end", "by six" and "by doing" stay as they are, and so does a
// "by" inside a clause.
func TestRunInIAtAClauseStart(t *testing.T) {
	lex := DefaultLexicon()
	tests := []struct {
		sentences []string
		word      int // index of the "by" in the words
		want      string
	}{
		{[]string{"volunteers did not show up", "by phone to the volunteers who had missed sessions"}, 5, "i"},
		{[]string{"the queue stretched around the block", "by grab the notebook and started taking names"}, 6, "i"},
		{[]string{"we rolled it out", "by the end of the month errors had stopped"}, 4, "by"},
		{[]string{"we rolled it out", "by six the next morning errors had stopped"}, 4, "by"},
		{[]string{"we rolled it out", "by moving the job the errors had stopped"}, 4, "by"},
		{[]string{"the errors were caused by trained staff"}, 4, "by"},
	}
	for _, tc := range tests {
		toks, _ := tokenize(saidInSentences(tc.sentences...))
		lex.rehear(toks)
		if got := strings.Join(toks[tc.word].words, " "); got != tc.want {
			t.Errorf("%q: word %d read as %q, want %q", strings.Join(tc.sentences, " | "), tc.word, got, tc.want)
		}
	}
}

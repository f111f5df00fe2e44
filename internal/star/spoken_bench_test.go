//go:build spokenbench

// The spoken-answer benchmark: `make bench` runs it (go test -tags
// spokenbench), `make test` does not, since it synthesises and transcribes
// minutes of speech.
//
// The answers in testdata/star/spoken were written for it, one sentence a
// line with its section. Each sentence is spoken on its own by each voice
// (Flite's rms, slt and kal16, espeak-ng) and the sentences are joined with a short
// silence, so the spoken span of every section is known from the
// synthesis. Each answer is checked clean and in a room (reverberation
// and pink noise through sox), transcribed by PocketSphinx as `starcoach
// transcribe` runs it, and STAR-checked. Per voice and condition it
// prints:
//
//   - time agreement: the share of the spoken time whose section the check
//     got right;
//   - presence: the share of (answer, section) pairs whose presence or
//     absence the check got right;
//   - flaws caught: flawed answers whose flaw (the "# flaw:" code) is among
//     the findings;
//   - AUC: the chance that a sound answer scores above a flawed one (ties
//     half), over the answers judged;
//   - judged: the share of answers whose transcript was judged reliable.
//
// STARCOACH_SPOKEN_ONLY names one row to check alone ("flite rms, clean").
// STARCOACH_SPOKEN_CACHE names a directory that keeps the spans and the
// transcripts between runs, so that another version of the check can be
// measured on the very same transcripts without transcribing again.
//
// The voices differ in who the check was tuned on: Flite's rms (a man's
// voice) from the start, slt (a woman's) from the round after the
// rules for a dropped past ending, and kal16 (another man's) never: its
// rows say how the check does on a speaker it was not shaped on. slt's
// round found its rules in slt's errors on the training answers 01 to
// 34, clean, and kept those that did not cost rms, clean, the text or
// the labelled answers (TestAccuracy): a cue matched by sound needs one
// word heard as said (so a one-word cue never is), a section name after
// a participle is its phrase's noun ("pending results"), "before I
// decided" goes on as one clause, "by" and an -ing form opens an Action
// (from rms's 25), and a hedged number still makes "from X to Y" a
// Result. The Task frames of that round ("gave me the responsibility",
// "the aim would be to") came from answers 35 to 48, written by a writer
// who had not read the check, whose Tasks neither text nor speech found.
// A rule that a new clause needs a pause before it to open a
// section gained 0.02 on slt and 0.01 on rms and was dropped: it leant on
// this benchmark's silence after every sentence, and cost the labelled
// answers' timed variants, whose sentence ends pause seven times in ten,
// 0.008 word agreement.
//
// The round after it looked again at the training answers on rms and
// slt, clean, and kept three rules. A Task told first, its context after
// it, from 39 (the writer who had not read the check), which opens "So my
// target that quarter was to" and lost its Task as text and on both
// voices; on rms the frame was also broken by reading the "my" of "my
// targeted quarter" as "I" (a Task frame that opens with "my" now keeps
// it), and on both a noun phrase after "to" and a verb ("to save | the
// renewal") opened a unit of its own. And a change in a clause opened by
// "before", "if" or "unless" is no Result, from slt's 27, whose "before it
// went out" was heard "before it went down" and gave an answer with no
// Result one. Left as they were: 08 and 43 lose their Results ("We moved
// in the first week of August with one day of downtime", "We lost only
// eighteen out of about six hundred samples") on every voice for want of
// a cue, and the cues that would catch them ("only #num" is also "we were
// only five staff" in 47's Situation; "#num out of #num" is in 43 alone)
// were not a family found in more than one answer; slt's 29 loses its
// Action to "I arranged" heard as "higher range", which no rule reads
// back without reading other words as "I"; and a time phrase at the end
// of a clause ("... open tickets within two weeks | we fixed ...") taken
// as a unit of its own, which, kept together, changed no figure.
//
// The answers are in two sets, each with its own table. Those in
// testdata/star/spoken are the training set: the check was tuned on them
// (the cue "my * was to" on Flite rms, clean; the sound-alike matching and
// the transcript gate on all of them; the cue families for other people's
// phrasing and the opening prior on 13 to 24, Flite rms, clean, which
// were written for that in words unlike 01 to 08's; the dropped past
// ending and "I called" as a deed on 25 to 34, written from other jobs
// before those rules), and one line per
// answer is printed for tuning. Those in testdata/star/spoken/heldout (01
// to 08 written before the sound-alike matching and the gate were
// changed, 09 to 20 by a writer who had not read the check) are only ever
// summed up: their table is the figure to quote. The rows "text" are the
// same answers as written, for scale; "false" counts sections found that
// the answer does not have.
package star_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/stt"
	"github.com/starcoach/starcoach/internal/transcript"
)

// spokenAnswer is one benchmark answer.
type spokenAnswer struct {
	name      string
	heldOut   bool   // in heldout/: never looked at one by one while tuning
	flaw      string // the finding it must raise; "" for a sound answer
	sentences []spokenSentence
}

type spokenSentence struct {
	label star.Label
	text  string
}

func loadSpoken(t *testing.T) []spokenAnswer {
	dir := filepath.Join("..", "..", "testdata", "star", "spoken")
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	held, err2 := filepath.Glob(filepath.Join(dir, "heldout", "*.txt"))
	if err != nil || err2 != nil || len(paths) == 0 || len(held) == 0 {
		t.Fatalf("no spoken answers in %s and %s: %v %v", dir, filepath.Join(dir, "heldout"), err, err2)
	}
	var out []spokenAnswer
	for i, p := range append(paths, held...) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		a := spokenAnswer{name: strings.TrimSuffix(filepath.Base(p), ".txt"), heldOut: i >= len(paths)}
		if a.heldOut {
			a.name = "heldout-" + a.name
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			switch {
			case strings.HasPrefix(line, "# flaw:"):
				a.flaw = strings.TrimSpace(strings.TrimPrefix(line, "# flaw:"))
			case line == "" || strings.HasPrefix(line, "#"):
			default:
				tag, text, ok := strings.Cut(line, "|")
				l, known := star.ParseLabel(tag)
				if !ok || !known {
					t.Fatalf("%s: %q is not \"S| text\"", p, line)
				}
				a.sentences = append(a.sentences, spokenSentence{l, strings.TrimSpace(text)})
			}
		}
		f.Close()
		out = append(out, a)
	}
	return out
}

// span is a sentence's spoken time in the recording.
type span struct {
	From, To float64
	Label    star.Label
}

type voice struct {
	name string
	say  func(text, out string) *exec.Cmd
}

var voices = []voice{
	{"flite rms", flite("rms")},
	{"flite slt", flite("slt")},
	{"flite kal16", flite("kal16")},
	{"espeak-ng", func(text, out string) *exec.Cmd { return exec.Command("espeak-ng", "-w", out, text) }},
}

// flite speaks with one of Flite's voices.
func flite(name string) func(text, out string) *exec.Cmd {
	return func(text, out string) *exec.Cmd { return exec.Command("flite", "-voice", name, "-t", text, "-o", out) }
}

const gapS = 0.35 // the silence between sentences

func run(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", strings.Join(cmd.Args, " "), err, out)
	}
}

func seconds(t *testing.T, wav string) float64 {
	out, err := exec.Command("soxi", "-D", wav).Output()
	if err != nil {
		t.Fatalf("soxi %s: %v", wav, err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// speak synthesises a's sentences with v into dir/clean.wav and
// dir/room.wav (reverberation and pink noise), and returns the sentences'
// spans.
func speak(t *testing.T, a spokenAnswer, v voice, dir string) []span {
	var parts []string
	var spans []span
	at := 0.5
	lead := filepath.Join(dir, "lead.wav")
	run(t, exec.Command("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", lead, "trim", "0", "0.5"))
	gap := filepath.Join(dir, "gap.wav")
	run(t, exec.Command("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", gap, "trim", "0", strconv.FormatFloat(gapS, 'f', -1, 64)))
	parts = append(parts, lead)
	for i, s := range a.sentences {
		raw := filepath.Join(dir, fmt.Sprintf("raw%d.wav", i))
		run(t, v.say(s.text, raw))
		wav := filepath.Join(dir, fmt.Sprintf("s%d.wav", i))
		// Trimmed of the voice's own leading and trailing silence, so the
		// span is speech.
		run(t, exec.Command("sox", raw, "-r", "16000", "-c", "1", "-b", "16", wav,
			"silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"))
		d := seconds(t, wav)
		spans = append(spans, span{at, at + d, s.label})
		at += d + gapS
		parts = append(parts, wav, gap)
	}
	clean := filepath.Join(dir, "clean.wav")
	run(t, exec.Command("sox", append(parts, clean)...))
	wet := filepath.Join(dir, "wet.wav")
	run(t, exec.Command("sox", clean, wet, "reverb", "40", "50", "60", "100", "0", "0", "trim", "0", strconv.FormatFloat(seconds(t, clean), 'f', 3, 64)))
	noise := filepath.Join(dir, "noise.wav")
	run(t, exec.Command("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", noise, "synth", strconv.FormatFloat(seconds(t, wet), 'f', 3, 64), "pinknoise", "vol", "0.04"))
	run(t, exec.Command("sox", "-m", wet, noise, filepath.Join(dir, "room.wav")))
	return spans
}

// outcome is what the check made of one answer.
type outcome struct {
	answer spokenAnswer
	spans  []span
	res    star.Result
}

// agreement is the share of the spoken time whose section the check got
// right, sampled every 10 ms; an untimed result is compared by words.
func (o outcome) agreement() (right, total float64) {
	secs := o.res.Sections
	if len(secs) == 0 {
		for _, s := range o.spans {
			total += s.To - s.From
		}
		return 0, total
	}
	labelAt := func(x float64) star.Label {
		l := secs[0].Label
		for _, s := range secs {
			if x >= s.StartS {
				l = s.Label
			}
		}
		return l
	}
	for _, s := range o.spans {
		for x := s.From; x < s.To; x += 0.01 {
			total += 0.01
			if labelAt(x) == s.Label {
				right += 0.01
			}
		}
	}
	return right, total
}

// wordAgreement is the agreement of a check made on the written text: the
// share of words whose section it got right.
func (o outcome) wordAgreement() (right, total float64) {
	var truth []star.Label
	for _, s := range o.answer.sentences {
		for range strings.Fields(s.text) {
			truth = append(truth, s.label)
		}
	}
	if len(o.res.Labels) != len(truth) {
		return 0, float64(len(truth))
	}
	for i, l := range truth {
		total++
		if o.res.Labels[i] == l {
			right++
		}
	}
	return right, total
}

// sections tells, for S, T, A and R, whether the answer has it and
// whether the check found it.
func (o outcome) sections() (has, found [4]bool) {
	for _, s := range o.answer.sentences {
		has[s.label] = true
	}
	found = [4]bool{true, true, true, true}
	for _, l := range o.res.Missing {
		found[l] = false
	}
	return has, found
}

func (o outcome) presence() (right, total int) {
	has, found := o.sections()
	for l := star.S; l <= star.R; l++ {
		total++
		if has[l] == found[l] {
			right++
		}
	}
	return right, total
}

// falseSections counts the sections the check found that the answer does
// not have.
func (o outcome) falseSections() int {
	has, found := o.sections()
	n := 0
	for l := star.S; l <= star.R; l++ {
		if !has[l] && found[l] {
			n++
		}
	}
	return n
}

func (o outcome) caught() bool {
	for _, f := range o.res.Findings {
		if f.Code == o.answer.flaw {
			return true
		}
	}
	return false
}

// row sums up the outcomes of one voice and condition.
func row(name string, outs []outcome, byWords bool) string {
	var agreeR, agreeT float64
	var presR, presT, falses, flawed, caught, judged int
	var sound, bad []float64
	for _, o := range outs {
		r, tot := o.agreement()
		if byWords {
			r, tot = o.wordAgreement()
		}
		agreeR, agreeT = agreeR+r, agreeT+tot
		pr, pt := o.presence()
		presR, presT = presR+pr, presT+pt
		falses += o.falseSections()
		if o.answer.flaw != "" {
			flawed++
			if o.res.Judged() && o.caught() {
				caught++
			}
		}
		if o.res.Judged() {
			judged++
			if o.answer.flaw == "" {
				sound = append(sound, float64(o.res.Score))
			} else {
				bad = append(bad, float64(o.res.Score))
			}
		}
	}
	auc := "-"
	if len(sound) > 0 && len(bad) > 0 {
		wins := 0.0
		for _, s := range sound {
			for _, b := range bad {
				switch {
				case s > b:
					wins++
				case s == b:
					wins += 0.5
				}
			}
		}
		auc = fmt.Sprintf("%.3f", wins/float64(len(sound)*len(bad)))
	}
	// Three places: the targets are set to two (0.88, 0.95), and a figure
	// rounded up to one must not read as meeting it.
	return fmt.Sprintf("%-22s %9.3f %9.3f %6d %8d/%d %6s %6d/%d", name, agreeR/agreeT, float64(presR)/float64(presT), falses, caught, flawed, auc, judged, len(outs))
}

func TestSpokenAnswers(t *testing.T) {
	for _, p := range []string{"flite", "espeak-ng", "sox", "soxi", "pocketsphinx_continuous"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("%s is not installed (scripts/deps.sh installs it)", p)
		}
	}
	program, _ := exec.LookPath("pocketsphinx_continuous")
	answers := loadSpoken(t)
	// STARCOACH_SPOKEN_SET=training checks the training answers alone.
	if os.Getenv("STARCOACH_SPOKEN_SET") == "training" {
		answers = slices.DeleteFunc(answers, func(a spokenAnswer) bool { return a.heldOut })
	}
	tr := &stt.Transcriber{Engine: stt.Engine{Name: stt.PocketSphinx, Program: program}, Runner: &stt.ExecRunner{}, TempDir: t.TempDir()}

	type job struct {
		v         voice
		condition string
		a         spokenAnswer
		wav       string
		spans     []span
	}
	cache := os.Getenv("STARCOACH_SPOKEN_CACHE")
	cached := func(name string, v any) bool {
		if cache == "" {
			return false
		}
		data, err := os.ReadFile(filepath.Join(cache, name))
		return err == nil && json.Unmarshal(data, v) == nil
	}
	keep := func(name string, v any) {
		if cache == "" {
			return
		}
		data, err := json.Marshal(v)
		if err == nil {
			err = os.MkdirAll(cache, 0o700)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(cache, name), data, 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	key := func(parts ...string) string {
		return strings.NewReplacer(" ", "-", ",", "").Replace(strings.Join(parts, "_")) + ".json"
	}
	// STARCOACH_SPOKEN_ONLY="flite rms, clean" checks that row alone.
	only := os.Getenv("STARCOACH_SPOKEN_ONLY")
	var jobs []job
	for _, v := range voices {
		if only != "" && !strings.HasPrefix(only, v.name+",") {
			continue
		}
		for _, a := range answers {
			var spans []span
			heard := cache != ""
			for _, c := range []string{"clean", "room"} {
				if only == "" || only == v.name+", "+c {
					_, err := os.Stat(filepath.Join(cache, key(v.name, c, a.name)))
					heard = heard && err == nil
				}
			}
			if !heard || !cached(key(v.name, a.name, "spans"), &spans) {
				// Speaking is the same every time: the spans and the
				// audio of an answer not yet transcribed are made again.
				dir := t.TempDir()
				spans = speak(t, a, v, dir)
				keep(key(v.name, a.name, "spans"), spans)
				for _, c := range []string{"clean", "room"} {
					if only == "" || only == v.name+", "+c {
						jobs = append(jobs, job{v, c, a, filepath.Join(dir, c+".wav"), spans})
					}
				}
				continue
			}
			for _, c := range []string{"clean", "room"} {
				if only == "" || only == v.name+", "+c {
					jobs = append(jobs, job{v, c, a, "", spans})
				}
			}
		}
	}
	// The jobs run two at a time in their order (Flite before espeak-ng,
	// clean before room), so that an interrupted run has kept the
	// transcripts that matter most.
	sort.SliceStable(jobs, func(a, b int) bool {
		ra, rb := jobRank(jobs[a].v.name, jobs[a].condition), jobRank(jobs[b].v.name, jobs[b].condition)
		return ra < rb
	})
	results := make([]outcome, len(jobs))
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				j := jobs[i]
				got := &transcript.Transcript{}
				if !cached(key(j.v.name, j.condition, j.a.name), got) {
					if j.wav == "" {
						errs[i] = fmt.Errorf("%s, %s, %s: spans kept but no transcript: empty %s", j.v.name, j.condition, j.a.name, cache)
						continue
					}
					var err error
					if got, err = tr.Transcribe(context.Background(), j.wav); err != nil {
						errs[i] = fmt.Errorf("%s, %s, %s: %w", j.v.name, j.condition, j.a.name, err)
						continue
					}
					keep(key(j.v.name, j.condition, j.a.name), got)
				}
				results[i] = outcome{answer: j.a, spans: j.spans, res: star.Check(got, nil, nil)}
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	for _, held := range []bool{false, true} {
		if !slices.ContainsFunc(answers, func(a spokenAnswer) bool { return a.heldOut == held }) {
			continue
		}
		set := "training: the answers the check was tuned on"
		if held {
			set = "held out: answers the check was not tuned on, never looked at one by one"
		}
		var as []spokenAnswer
		for _, a := range answers {
			if a.heldOut == held {
				as = append(as, a)
			}
		}
		fmt.Printf("\nspoken-answer benchmark, %s\n%d answers (%d flawed), PocketSphinx\n", set, len(as), countFlawed(as))
		fmt.Printf("%-22s %9s %9s %6s %10s %6s %8s\n", "voice, condition", "agreement", "presence", "false", "flaws", "AUC", "judged")
		var text []outcome
		for _, a := range as {
			var words []string
			for _, s := range a.sentences {
				words = append(words, s.text)
			}
			text = append(text, outcome{answer: a, res: star.Check(&transcript.Transcript{Text: strings.Join(words, " ")}, nil, nil)})
		}
		fmt.Println(row("text (words)", text, true))
		keys := map[string][]outcome{}
		var order []string
		for i, j := range jobs {
			if j.a.heldOut != held {
				continue
			}
			k := j.v.name + ", " + j.condition
			if _, ok := keys[k]; !ok {
				order = append(order, k)
			}
			keys[k] = append(keys[k], results[i])
		}
		for _, k := range order {
			fmt.Println(row(k, keys[k], false))
		}
	}
	// One line per training answer, to tune on; the held-out answers are
	// only ever summed up, so that they stay held out.
	if testing.Verbose() {
		fmt.Println()
		for i, j := range jobs {
			if j.a.heldOut {
				continue
			}
			r := results[i].res
			ag, tot := results[i].agreement()
			fmt.Printf("  %-10s %-5s %-28s score %3d judged %-5v missing %v agreement %.2f findings %s\n", j.v.name, j.condition, j.a.name, r.Score, r.Judged(), r.Missing, ag/math.Max(tot, 1e-9), codes(r))
		}
	}
}

// jobRank orders the jobs: Flite before espeak-ng, clean before room.
func jobRank(voice, condition string) int {
	r := 0
	if voice != voices[0].name {
		r += 2
	}
	if condition != "clean" {
		r++
	}
	return r
}

func countFlawed(as []spokenAnswer) int {
	n := 0
	for _, a := range as {
		if a.flaw != "" {
			n++
		}
	}
	return n
}

func codes(r star.Result) string {
	var c []string
	for _, f := range r.Findings {
		c = append(c, f.Code)
	}
	return strings.Join(c, ",")
}

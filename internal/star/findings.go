package star

import (
	"fmt"
	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/figure"
	"math"
	"sort"
	"strings"

	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Thresholds coaches use; see the package's findings.
const (
	// DefaultLimitS is the usual limit for an answer: two minutes.
	DefaultLimitS = 120
	// maxSetupShare: Situation and Task together should stay under this.
	maxSetupShare = 0.35
	// minActionShare: Action should take at least this much.
	minActionShare = 0.40
	// maxSituationS is the longest a Situation should run.
	maxSituationS = 20
	// Filler rates per minute: below the first listeners notice nothing,
	// around the second they judge the speaker.
	fillersNoticed = 5
	fillersHarmful = 12
)

// partMax is each score part's maximum; they add up to 100.
var partMax = map[string]int{"structure": 30, "balance": 20, "result": 16, "reflection": 4, "ownership": 10, "story": 10, "length": 5, "fillers": 5}

// findingOrder ranks findings of the same severity.
var findingOrder = []string{
	"empty", "generic", "missing_action", "missing_result", "over_limit",
	"result_vague", "missing_situation", "long_setup", "short_action",
	"result_no_number", "result_not_last", "we_over_i", "short", "fillers",
	"missing_task", "long_situation", "near_limit", "no_reflection",
}

// FindingCodes lists the code of every finding the check can give.
func FindingCodes() []string { return append([]string(nil), findingOrder...) }

// assessment holds what the findings and the score are computed from.
type assessment struct {
	present     [4]bool
	share       [4]float64
	words       [4]int
	seconds     [4]float64
	timed       bool
	resultLast  bool
	hasNumber   bool
	hasOutcome  bool
	reflection  bool
	refFrom     int // the reflection's units [refFrom, refTo); -1 when none
	refTo       int
	refPhrase   string
	iAction     int
	weAction    int
	generic     int
	genericSeen []string
	pastActs    int
	fillers     int
	fillerKinds map[string]int
	perMin      float64
	durationS   float64
	limitS      float64
	estimated   bool
	verdict     string
}

// assess gathers the facts about the labelled answer and records the
// figures the result reports.
func (l *Lexicon) assess(t *transcript.Transcript, toks []token, units []unit, labels []Label, res *Result, timing *Timing) *assessment {
	a := &assessment{timed: res.Timed, fillerKinds: map[string]int{}}
	for _, s := range res.Sections {
		a.present[s.Label] = true
		a.share[s.Label] += s.Share
		a.words[s.Label] += s.Words
		if res.Timed {
			a.seconds[s.Label] += s.EndS - s.StartS
		}
	}
	for l := S; l <= R; l++ {
		if !a.present[l] {
			res.Missing = append(res.Missing, l)
		}
	}
	a.resultLast = len(res.Sections) > 0 && res.Sections[len(res.Sections)-1].Label == R

	// What the Result says, and who acted in the Action.
	var resultWords []string
	for i, u := range units {
		switch labels[i] {
		case R:
			resultWords = append(resultWords, u.words...)
		case A:
			for _, w := range u.words {
				switch w {
				case "i", "i'd", "i'll", "i've", "i'm", "myself":
					a.iAction++
				case "we", "we'd", "we'll", "we've", "we're", "ourselves":
					a.weAction++
				}
			}
		}
	}
	for _, w := range resultWords {
		if isNumber(w) && w != "one" {
			a.hasNumber = true
		}
	}
	a.hasOutcome = l.anyMatch(resultWords, l.outcomes)
	a.refFrom, a.refTo, a.refPhrase = l.findReflection(toks, units, labels)
	a.reflection = a.refFrom >= 0

	// A story or a generality: hypothetical phrases against past actions,
	// leaving out the Result's reflection ("next time I would ...").
	generic := append([]pattern(nil), l.generic...)
	sort.SliceStable(generic, func(i, j int) bool { return len(generic[i].words) > len(generic[j].words) })
	for i, u := range units {
		if i >= a.refFrom && i < a.refTo {
			continue
		}
		// Longest phrase first, each word counted once: "I usually" is one.
		for p := 0; p < len(u.words); p++ {
			for _, g := range generic {
				if l.matchAt(u.words, p, g.words) {
					a.generic++
					a.genericSeen = appendUnique(a.genericSeen, g.source)
					p += len(g.words) - 1
					break
				}
			}
		}
		a.pastActs += l.count(u.words, pattern{words: []string{"i", wAct}}) + l.count(u.words, pattern{words: []string{"we", wAct}})
	}

	// Length: the analyzer's timing when there is one, else the
	// transcript's, else an estimate from the words.
	a.limitS = DefaultLimitS
	if timing != nil && timing.LimitS > 0 {
		a.limitS = timing.LimitS
	}
	switch {
	case timing != nil && timing.DurationS > 0:
		a.durationS = timing.DurationS
	case t != nil && t.DurationS > 0:
		a.durationS = t.DurationS
	case res.Timed:
		a.durationS = toks[len(toks)-1].end
	default:
		a.durationS = float64(len(toks)) / EstimateWPM * 60
		a.estimated = true
	}
	a.verdict = ""
	if timing != nil {
		a.verdict = timing.Verdict
	}
	if a.verdict == "" {
		// No analysis: the transcript's length, judged by the same rule
		// as a timed answer.
		d := analyze.DefaultOptions()
		a.verdict = analyze.Judge(true, a.durationS, a.limitS, d.ShortS, d.NearS)
	}

	// Fillers per minute of speaking.
	a.fillers, a.fillerKinds = l.countFillers(toks)
	speaking := a.durationS
	if res.Timed {
		speaking = toks[len(toks)-1].end - toks[0].start
	}
	if speaking > 0 {
		a.perMin = float64(a.fillers) / (speaking / 60)
	}

	res.DurationS = round2(a.durationS)
	res.Estimated = a.estimated
	if a.reflection {
		first, last := units[a.refFrom].from, units[a.refTo-1].to
		ref := Reflection{Present: true, Phrase: a.refPhrase, FirstWord: first, Words: last - first, timed: res.Timed}
		var text []string
		for _, tk := range toks[first:last] {
			text = append(text, tk.text)
		}
		ref.Text = strings.Join(text, " ")
		if res.Timed {
			ref.StartS, ref.EndS = toks[first].start, toks[last-1].end
		}
		res.Reflection = ref
	}
	res.Fillers = a.fillers
	res.FillersPerM = math.Round(a.perMin*10) / 10
	res.IAction, res.WeAction = a.iAction, a.weAction
	return a
}

// findReflection finds the closing lesson: the units of the Result, or
// the answer's last unit, that say one of the reflection phrases. It
// returns the units from the first such unit to the end of the sentence of
// the last (without punctuation, to the end of the Result), and the phrase
// that recognised the first; from is -1 when there is none. A lesson
// phrase in the Situation or the middle of the Action ("I realized the
// query was slow") tells the story rather than closing it.
func (l *Lexicon) findReflection(toks []token, units []unit, labels []Label) (from, to int, phrase string) {
	from = -1
	for i, u := range units {
		if labels[i] != R && i != len(units)-1 {
			continue
		}
		p, ok := l.firstMatch(u.words, l.reflection)
		if !ok {
			continue
		}
		if from < 0 {
			from, phrase = i, p
		}
		to = i + 1
	}
	for from >= 0 && to < len(units) && labels[to] == R && !toks[units[to-1].to-1].sentEnd {
		to++
	}
	return from, to, phrase
}

// firstMatch returns the source of the pattern that matches earliest in
// words (the longest one on a tie).
func (l *Lexicon) firstMatch(words []string, pats []pattern) (string, bool) {
	best, bestLen, found := len(words), 0, ""
	for _, p := range pats {
		at := l.find(words, p)
		if at < 0 {
			continue
		}
		if at < best || (at == best && len(p.words) > bestLen) {
			best, bestLen, found = at, len(p.words), p.source
		}
	}
	return found, found != ""
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func (l *Lexicon) anyMatch(words []string, pats []pattern) bool {
	for _, p := range pats {
		if l.find(words, p) >= 0 {
			return true
		}
	}
	return false
}

// countFillers counts hesitations and filler phrases as said, per kind.
// "like" after a word it completes ("would like", "looked like") is not
// a filler.
func (l *Lexicon) countFillers(toks []token) (int, map[string]int) {
	var words []string
	for _, t := range toks {
		words = append(words, t.words...)
	}
	kinds := map[string]int{}
	n := 0
	for p := 0; p < len(words); p++ {
		w := words[p]
		if l.hesitations[w] {
			kinds[w]++
			n++
			continue
		}
		for _, f := range l.fillerPhrases {
			if !l.matchAt(words, p, f.words) {
				continue
			}
			if w == "like" && p > 0 && likeCompletes[words[p-1]] {
				break
			}
			kinds[f.source]++
			n++
			p += len(f.words) - 1
			break
		}
	}
	return n, kinds
}

var likeCompletes = map[string]bool{
	"would": true, "i'd": true, "we'd": true, "look": true, "looks": true,
	"looked": true, "feel": true, "feels": true, "felt": true, "seem": true,
	"seems": true, "seemed": true, "sound": true, "sounds": true,
	"sounded": true, "something": true, "anything": true, "nothing": true,
	"exactly": true, "more": true, "less": true, "much": true,
}

// findings lists what to improve, most important first.
func (a *assessment) findings() []Finding {
	var out []Finding
	add := func(sev, code, format string, args ...any) {
		out = append(out, Finding{sev, code, fmt.Sprintf(format, args...)})
	}
	if a.isGeneric() {
		add(High, "generic", "Sounds hypothetical (%s): tell one real past story: what happened, what you did, how it ended.", quoteList(a.genericSeen, 3))
	}
	if !a.present[S] {
		add(Medium, "missing_situation", "No Situation: open with one or two sentences of context: where, when, what was at stake.")
	}
	if !a.present[T] {
		add(Low, "missing_task", "No Task: say in one sentence what you had to achieve (\"my goal was ...\").")
	}
	if !a.present[A] {
		add(High, "missing_action", "No Action: say what you did, step by step, with \"I\".")
	}
	if !a.present[R] {
		add(High, "missing_result", "No Result: end with what changed, by how much (\"cut latency 40%%\"), and what you learned.")
	}
	setup := a.share[S] + a.share[T]
	if setup > maxSetupShare && a.present[A] {
		add(Medium, "long_setup", "Situation and Task took %s of the answer: keep them to about 20%% and get to what you did sooner.", pct(setup))
	} else if a.situationLong() {
		if a.timed {
			add(Low, "long_situation", "Situation took %s: aim for under %d s.", timefmt.Seconds(a.seconds[S]), maxSituationS)
		} else {
			add(Low, "long_situation", "Situation ran %d words (about %s at %d words a minute): aim for under %d s.", a.words[S], timefmt.Seconds(a.wordSeconds(S)), EstimateWPM, maxSituationS)
		}
	}
	if a.present[A] && a.share[A] < minActionShare {
		add(Medium, "short_action", "Action is only %s of the answer: give it about 60%%, step by step, what you did.", pct(a.share[A]))
	}
	if a.present[R] {
		switch {
		case !a.hasNumber && !a.hasOutcome:
			add(High, "result_vague", "Result is vague: say what changed, by how much (\"cut latency 40%%\"), and for whom.")
		case !a.hasNumber:
			add(Medium, "result_no_number", "Result has no number: say what changed, by how much (\"cut latency 40%%\").")
		}
		if !a.resultLast {
			add(Medium, "result_not_last", "Result is not at the end: finish on the outcome, not on more steps.")
		}
		if !a.reflection {
			add(Low, "no_reflection", "No reflection: close with one sentence on what you learned.")
		}
	}
	if a.present[A] && a.weAction > a.iAction && a.weAction >= 2 {
		add(Medium, "we_over_i", "\"we\" %s, \"I\" %s in Action: say what you did.", figure.Times(a.weAction), figure.Times(a.iAction))
	}
	length := timefmt.Clock(a.durationS)
	if a.estimated {
		length = fmt.Sprintf("about %s at %d words a minute", length, EstimateWPM)
	}
	switch a.verdict {
	case "over":
		add(High, "over_limit", "Over the limit (%s, limit %s): %s.", length, timefmt.Clock(a.limitS), a.cutTip())
	case "short":
		add(Medium, "short", "Short (%s): a full answer runs 60-90 s; add the steps you took and the result in numbers.", length)
	case "near":
		add(Low, "near_limit", "Close to the limit (%s, limit %s): no room left for a follow-up detail.", length, timefmt.Clock(a.limitS))
	}
	if a.perMin >= fillersNoticed {
		sev := Low
		if a.perMin >= fillersHarmful {
			sev = Medium
		}
		about := ""
		if a.estimated {
			about = "about "
		}
		add(sev, "fillers", "%s%.0f fillers a minute (%s): pause instead; under %d a minute goes unnoticed.", about, a.perMin, a.fillerSummary(), fillersNoticed)
	}
	rank := map[string]int{High: 0, Medium: 1, Low: 2}
	order := map[string]int{}
	for i, c := range findingOrder {
		order[c] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Severity] != rank[out[j].Severity] {
			return rank[out[i].Severity] < rank[out[j].Severity]
		}
		return order[out[i].Code] < order[out[j].Code]
	})
	if out == nil {
		out = []Finding{}
	}
	return out
}

// isGeneric: the answer talks about what the speaker usually does rather
// than telling what happened once.
func (a *assessment) isGeneric() bool {
	return a.generic >= 2 && a.generic >= a.pastActs
}

func (a *assessment) situationLong() bool {
	if a.timed {
		return a.seconds[S] > maxSituationS
	}
	return a.wordSeconds(S) > maxSituationS
}

func (a *assessment) wordSeconds(l Label) float64 {
	return float64(a.words[l]) / EstimateWPM * 60
}

// cutTip says where an answer over the limit has the most to give.
func (a *assessment) cutTip() string {
	switch {
	case a.share[S]+a.share[T] > maxSetupShare:
		return "cut the Situation and Task to a few sentences"
	case a.share[R] > 0.3:
		return "keep the Result to the outcome and one lesson"
	default:
		return "keep the three steps that mattered most in the Action"
	}
}

func (a *assessment) fillerSummary() string {
	type kv struct {
		k string
		v int
	}
	var kinds []kv
	for k, v := range a.fillerKinds {
		kinds = append(kinds, kv{k, v})
	}
	sort.Slice(kinds, func(i, j int) bool {
		if kinds[i].v != kinds[j].v {
			return kinds[i].v > kinds[j].v
		}
		return kinds[i].k < kinds[j].k
	})
	var parts []string
	for i, kv := range kinds {
		if i == 3 {
			break
		}
		parts = append(parts, fmt.Sprintf("%q %d", kv.k, kv.v))
	}
	return strings.Join(parts, ", ")
}

// score adds up the named parts.
func (a *assessment) score() (map[string]Part, int) {
	parts := map[string]Part{}
	set := func(name string, points int, why string) {
		top := partMax[name]
		points = min(max(points, 0), top)
		parts[name] = Part{points, top, why}
	}

	structure, missing := 0, []string{}
	for l, pts := range [4]int{5, 5, 10, 10} {
		if a.present[l] {
			structure += pts
		} else {
			missing = append(missing, Label(l).Name())
		}
	}
	why := ""
	if len(missing) > 0 {
		why = "no " + strings.Join(missing, ", no ")
	}
	set("structure", structure, why)

	setup := a.share[S] + a.share[T]
	setupPts := 10.0
	if setup > maxSetupShare {
		setupPts = 10 * (0.70 - setup) / (0.70 - maxSetupShare)
	}
	actionPts := 0.0
	if a.present[A] {
		actionPts = 10
		if a.share[A] < minActionShare {
			actionPts = 10 * (a.share[A] - 0.10) / (minActionShare - 0.10)
		}
	}
	set("balance", int(math.Round(math.Max(setupPts, 0)+math.Max(actionPts, 0))), fmt.Sprintf("setup %s, action %s", pct(setup), pct(a.share[A])))

	result, why := 0, "no Result"
	if a.present[R] {
		var notes []string
		switch {
		case a.hasNumber:
			result += 12
		case a.hasOutcome:
			result += 6
			notes = append(notes, "no number")
		default:
			notes = append(notes, "vague")
		}
		if a.resultLast {
			result += 4
		} else {
			notes = append(notes, "not at the end")
		}
		why = strings.Join(notes, ", ")
	}
	set("result", result, why)

	if a.reflection {
		set("reflection", partMax["reflection"], fmt.Sprintf("%q", capitalI(a.refPhrase)))
	} else {
		set("reflection", 0, "no closing lesson")
	}

	own, why := 0, "no Action"
	if a.present[A] {
		own = 10
		if total := a.iAction + a.weAction; total > 0 && a.weAction > a.iAction {
			own = int(math.Round(20 * float64(a.iAction) / float64(total)))
		}
		why = fmt.Sprintf("I %d, we %d in Action", a.iAction, a.weAction)
	}
	set("ownership", own, why)

	switch {
	case a.isGeneric():
		set("story", 0, "hypothetical")
	case a.generic >= 2:
		set("story", 5, "some hypothetical phrasing")
	default:
		set("story", 10, "")
	}

	switch a.verdict {
	case "over", "short":
		set("length", 0, a.verdict)
	default:
		set("length", 5, a.verdict)
	}

	fill := 5.0
	if a.perMin > fillersNoticed {
		fill = 5 * (fillersHarmful - a.perMin) / (fillersHarmful - fillersNoticed)
	}
	set("fillers", int(math.Round(math.Max(fill, 0))), fmt.Sprintf("%.1f a minute", a.perMin))

	total := 0
	for _, p := range parts {
		total += p.Points
	}
	return parts, total
}

func pct(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

func quoteList(items []string, n int) string {
	var q []string
	for i, s := range items {
		if i == n {
			break
		}
		q = append(q, fmt.Sprintf("%q", capitalI(s)))
	}
	return strings.Join(q, ", ")
}

// capitalI writes the pronoun as people do: "i would" -> "I would".
func capitalI(phrase string) string {
	words := strings.Fields(phrase)
	for i, w := range words {
		if w == "i" || strings.HasPrefix(w, "i'") {
			words[i] = "I" + w[1:]
		}
	}
	return strings.Join(words, " ")
}

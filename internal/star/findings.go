package star

import (
	"fmt"
	"sort"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/timefmt"
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

// findingOrder ranks findings of the same severity.
var findingOrder = []string{
	"empty", "generic", "missing_action", "missing_result", "over_limit", "dead_air",
	"result_vague", "missing_situation", "missing_task", "long_setup", "short_action",
	"result_no_number", "result_not_last", "we_over_i", "short", "fillers",
	"long_situation", "near_limit", "no_reflection", "slow_start",
}

// FindingCodes lists the code of every finding the check can give.
func FindingCodes() []string { return append([]string(nil), findingOrder...) }

// findings lists what to improve, most important first.
func (a *facts) findings() []Finding {
	var out []Finding
	add := func(sev, code, format string, args ...any) {
		out = append(out, Finding{sev, code, fmt.Sprintf(format, args...)})
	}
	if a.isGeneric() {
		add(High, "generic", "Sounds hypothetical (%s): tell one real past story: what happened, what you did, how it ended.", quoteList(a.genericSeen, 3))
	}
	missing := func(sev string, l Label, code, tip string) {
		if a.present[l] {
			return
		}
		if u := a.unclear[l]; u != nil {
			// The engine doubted the words where it would have been: it
			// may have been said and misheard, and the finding says so.
			// It weighs as much as a section left out, as the score counts
			// it missing too. The parts that rest on the section are not
			// withheld: through PocketSphinx, of the 22 sections found
			// missing where the words were doubted on the spoken
			// benchmark's training answers 01 to 34 (Flite rms and slt),
			// 9 had truly been left out and 13 were lost, mostly in answers
			// flawed in another way, and withholding lifted six flawed
			// answers for one sound one.
			where := ""
			if u.timed {
				where = " at " + timefmt.Clock(u.atS)
			}
			add(sev, code, "No %s heard; the words%s were unclear (%q): if you said it, say it slowly and clearly; if not, %s", l.Name(), where, u.words, lowerFirst(tip))
			return
		}
		add(sev, code, "No %s: %s", l.Name(), tip)
	}
	// A missing Task weighs as a missing Situation: the Situation says
	// where the story happens, the Task what the speaker had to achieve
	// there, and without it the listener cannot tell what was theirs to do
	// nor whether the Result met the goal, which is the first thing an
	// interviewer asks back. Neither leaves the story without its deeds or
	// its outcome, as a missing Action or Result does.
	missing(Medium, S, "missing_situation", "open with one or two sentences of context: where, when, what was at stake.")
	missing(Medium, T, "missing_task", "say in one sentence what you had to achieve (\"my goal was ...\").")
	missing(High, A, "missing_action", "say what you did, step by step, with \"I\".")
	missing(High, R, "missing_result", "end with what changed, by how much (\"cut latency 40%\"), and what you learned.")
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
		sev := Medium
		if a.weAction >= 3*a.iAction {
			sev = High // "I" hardly said: whose work was it?
		}
		add(sev, "we_over_i", "\"we\" %s, \"I\" %s in Action: say what you did.", figure.Times(a.weAction), figure.Times(a.iAction))
	}
	length := timefmt.Clock(a.durationS)
	if a.estimated {
		length = fmt.Sprintf("about %s at %d words a minute", length, EstimateWPM)
	}
	switch a.verdict {
	case analyze.Over:
		by := ""
		if a.overByS > 0 {
			by = " by " + timefmt.Seconds(a.overByS)
		}
		add(High, "over_limit", "Over the limit%s (%s, limit %s): %s.", by, length, timefmt.Clock(a.limitS), a.cutTip())
	case analyze.Short:
		add(Medium, "short", "Short (%s): a full answer runs 60-90 s; add the steps you took and the result in numbers.", length)
	case analyze.Near:
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
	if n := len(a.deadAir); n > 0 {
		var at []string
		for i, p := range a.deadAir {
			if i == 3 {
				at = append(at, fmt.Sprintf("and %d more", n-3))
				break
			}
			of := ""
			if i == 0 {
				of = " of silence"
			}
			at = append(at, fmt.Sprintf("%s%s at %s", timefmt.Seconds(p.DurationS), of, timefmt.Clock(p.StartS)))
		}
		add(Medium, "dead_air", "Dead air: %s: know your next step before you start; a breath of a second is enough.", strings.Join(at, ", "))
	}
	if a.audioTimed && a.slowStart() {
		add(Low, "slow_start", "First word after %s: open within a few seconds with the Situation's first sentence.", timefmt.Seconds(a.firstWordS))
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

// slowStart: see SlowStart.
func (a *facts) slowStart() bool { return SlowStart(a.firstWordS) }

// SlowStart reports whether a first word at firstWordS is a slow start:
// as late as a long pause on the pause scale, which reads as a speaker
// who has lost the thread.
func SlowStart(firstWordS float64) bool { return firstWordS >= analyze.LongPauseS }

// cutTip says where an answer over the limit has the most to give.
func (a *facts) cutTip() string {
	switch {
	case a.share[S]+a.share[T] > maxSetupShare:
		return "cut the Situation and Task to a few sentences"
	case a.share[R] > 0.3:
		return "keep the Result to the outcome and one lesson"
	default:
		return "keep the three steps that mattered most in the Action"
	}
}

func (a *facts) fillerSummary() string {
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

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
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

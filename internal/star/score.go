package star

import (
	"fmt"
	"math"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/timefmt"
)

// The score is a sum of named parts, each computed from the facts alone by
// its own function. Content parts (80 points) are earned by what the words
// say in their order: a section placed by position alone, a cue word out
// of its place or a number in a shuffled text earns little. Delivery parts
// (20 points) come from the analyzer's timing and the fillers.

// partMax is each score part's maximum; they add up to 100.
var partMax = map[string]int{
	"structure": 25, "balance": 15, "result": 16, "reflection": 4, "ownership": 10, "story": 10,
	"length": 8, "pauses": 4, "start": 3, "fillers": 5,
}

// ScoreOrder lists the score parts in the order they are explained.
var ScoreOrder = []string{"structure", "balance", "result", "reflection", "ownership", "story", "length", "pauses", "start", "fillers"}

// How content is earned.
const (
	// cueNeed is the cue evidence that makes a section fully said: one
	// clear cue ("my goal was", "as a result") or two weaker ones.
	cueNeed = 3.0
	// Order: an answer keeps all its structure and balance points while
	// its STAR order keeps orderFull of its cue evidence (real answers keep
	// 0.9 and more on average) and none at orderNone or less (sentences
	// in random order keep about 0.7, shuffled words and word salad about
	// 0.6).
	orderFull = 0.8
	orderNone = 0.4
	// storyWords is what a STAR story needs to hold four sections: about
	// 40 s at EstimateWPM, under the analyzer's 45 s "short". Structure,
	// balance and result are earned in proportion up to it.
	storyWords = 100
	// actsNeed "I <did>" in the Action earn all the ownership points, and
	// storyNeed past actions ("I found", "we shipped") all the story ones.
	actsNeed  = 2
	storyNeed = 3
	// deadAirCost is what each dead-air pause costs of the pauses part.
	deadAirCost = 2
)

// score adds up the named parts, each charged for the findings raised
// against it (see charge), and keeps an answer with a finding that rules
// it out of the top band below BandReadyFrom.
func (a *facts) score(findings []Finding) (map[string]Part, int) {
	parts := map[string]Part{}
	for name, f := range map[string]func(*facts) (float64, string){
		"structure": structurePart, "balance": balancePart, "result": resultPart,
		"reflection": reflectionPart, "ownership": ownershipPart, "story": storyPart,
		"length": lengthPart, "pauses": pausesPart, "start": startPart, "fillers": fillersPart,
	} {
		frac, why := f(a)
		top := partMax[name]
		parts[name] = Part{Points: int(math.Round(float64(top) * clamp01(frac))), Max: top, Why: why}
	}
	if a.fillersNot != "" {
		parts["fillers"] = Part{Max: partMax["fillers"], Why: "not measured: " + a.fillersNot, NotMeasured: true}
	}
	charge(parts, findings)
	return parts, capped(Total(parts), findings)
}

// findingPart is the score part each finding is about: a finding raised
// costs points there, so that a part is never full while its own finding
// says something is wrong with it.
var findingPart = map[string]string{
	"missing_situation": "structure", "missing_task": "structure", "missing_action": "structure", "missing_result": "structure",
	"long_setup": "balance", "short_action": "balance", "long_situation": "balance",
	"result_vague": "result", "result_no_number": "result", "result_not_last": "result",
	"no_reflection": "reflection", "we_over_i": "ownership", "generic": "story",
	"over_limit": "length", "short": "length", "near_limit": "length",
	"dead_air": "pauses", "slow_start": "start", "fillers": "fillers",
}

// findingCost is the share of its part's maximum a finding of each
// severity costs at least.
var findingCost = map[string]float64{High: 0.5, Medium: 0.3, Low: 0.15}

// charge lowers each part to what its findings leave of it: its maximum
// less the cost of each finding raised against it (at least a point each).
// A part the facts already scored lower keeps its own figure: the facts
// that raise a finding are the ones that cost its points, so the two are
// not charged twice.
func charge(parts map[string]Part, findings []Finding) {
	cost := map[string]int{}
	for _, f := range findings {
		name, ok := findingPart[f.Code]
		p, held := parts[name]
		if !ok || !held || p.NotMeasured {
			continue
		}
		cost[name] += max(int(math.Ceil(findingCost[f.Severity]*float64(p.Max))), 1)
	}
	for name, c := range cost {
		p := parts[name]
		if top := max(p.Max-c, 0); p.Points > top {
			p.Points = top
			parts[name] = p
		}
	}
}

// Score bands: what a score means to the candidate.
const (
	// BandReady: tell it as it is.
	BandReady = "ready"
	// BandClose: one or two things to fix, then ready.
	BandClose = "close"
	// BandRework: the story needs reworking before it is told.
	BandRework = "rework"
	// The lowest score of each band.
	BandReadyFrom = 85
	BandCloseFrom = 60
)

// BandOf is the band of a score.
func BandOf(score int) string {
	switch {
	case score >= BandReadyFrom:
		return BandReady
	case score >= BandCloseFrom:
		return BandClose
	}
	return BandRework
}

// notReady are the findings that keep an answer out of the top band
// whatever its other parts earn: a STAR section missing (heard clearly or
// not), no Result, over the limit, dead air, a hypothetical story; and
// every finding of High severity (see rulesOut).
var notReady = map[string]bool{
	"missing_situation": true, "missing_task": true, "missing_action": true, "missing_result": true,
	"over_limit": true, "dead_air": true, "generic": true, "empty": true,
}

// rulesOut tells whether a finding keeps the answer out of the top band.
// A High finding does, whatever its code: it is the first thing the
// answer is told to fix, and "ready" means there is nothing of that
// weight left to fix (a Result that says nothing measurable, an Action
// told as "we" with hardly an "I" are as far from ready as no Result).
func rulesOut(f Finding) bool { return notReady[f.Code] || f.Severity == High }

// capped is the score total, kept below the top band when a finding rules
// the answer out of it.
func capped(total int, findings []Finding) int {
	for _, f := range findings {
		if rulesOut(f) && total >= BandReadyFrom {
			return BandReadyFrom - 1
		}
	}
	return total
}

// Total is the score of parts: the points of the parts measured, out of
// 100 when every part was measured and scaled to 100 when some were
// withheld, so that a part the engine could not hear neither earns nor
// costs.
func Total(parts map[string]Part) int {
	got, max := 0, 0
	for _, p := range parts {
		if p.NotMeasured {
			continue
		}
		got += p.Points
		max += p.Max
	}
	if max == 0 || max == 100 {
		return got
	}
	return int(math.Round(100 * float64(got) / float64(max)))
}

func clamp01(v float64) float64 { return math.Min(math.Max(v, 0), 1) }

// orderFactor is how much of the structure the answer's order earns.
func (a *facts) orderFactor() float64 {
	return clamp01((a.agreement - orderNone) / (orderFull - orderNone))
}

// substance is how much of a story's length the answer has.
func (a *facts) substance() float64 { return clamp01(float64(a.total) / storyWords) }

// said is how fully section l is said: its cue evidence against cueNeed.
func (a *facts) said(l Label) float64 {
	if !a.present[l] {
		return 0
	}
	return clamp01(a.evidence[l] / cueNeed)
}

// structurePart: each section said (S 4, T 4, A 9, R 8 of 25), in an order
// that keeps its evidence.
func structurePart(a *facts) (float64, string) {
	weights := [4]float64{4, 4, 9, 8}
	got := 0.0
	var notes []string
	for l := S; l <= R; l++ {
		s := a.said(l)
		got += weights[l] * s
		switch {
		case !a.present[l]:
			notes = append(notes, "no "+l.Name())
		case s < 1:
			notes = append(notes, l.Name()+" hardly said")
		}
	}
	return got / 25 * a.orderFactor() * a.substance(), strings.Join(a.scaledBy(notes), ", ")
}

// scaledBy adds to a part's notes what scales it down besides: an order
// that loses the cues, and an answer shorter than a story.
func (a *facts) scaledBy(notes []string) []string {
	if a.orderFactor() < 1 {
		notes = append(notes, fmt.Sprintf("order keeps %s of the cues", pct(a.agreement)))
	}
	return a.shortOfStory(notes)
}

// shortOfStory adds to a part's notes that the answer is shorter than a
// story, when it is: the parts earned in proportion to its words say so.
func (a *facts) shortOfStory(notes []string) []string {
	if a.substance() < 1 {
		notes = append(notes, fmt.Sprintf("%d of the %d words a full story needs", a.total, storyWords))
	}
	return notes
}

// balancePart: setup under about a third and Action over 40% (half each),
// earned only by an Action that is said, in order.
func balancePart(a *facts) (float64, string) {
	setup := a.share[S] + a.share[T]
	setupPts := 1.0
	if setup > maxSetupShare {
		setupPts = (0.70 - setup) / (0.70 - maxSetupShare)
	}
	actionPts := 1.0
	if a.share[A] < minActionShare {
		actionPts = (a.share[A] - 0.10) / (minActionShare - 0.10)
	}
	v := (clamp01(setupPts) + clamp01(actionPts)) / 2 * a.said(A) * a.orderFactor() * a.substance()
	notes := []string{fmt.Sprintf("setup %s, action %s", pct(setup), pct(a.share[A]))}
	switch {
	case !a.present[A]:
		notes = append(notes, "no Action")
	case a.said(A) < 1:
		notes = append(notes, "Action hardly said")
	}
	return v, strings.Join(a.scaledBy(notes), ", ")
}

// resultPart: a number (12 of 16) or at least an outcome (6), and the
// Result last (4); earned in proportion to how clearly the Result is said.
func resultPart(a *facts) (float64, string) {
	if !a.present[R] {
		return 0, "no Result"
	}
	pts := 0.0
	var notes []string
	switch {
	case a.hasNumber:
		pts += 12
	case a.hasOutcome:
		pts += 6
		notes = append(notes, "no number")
	default:
		notes = append(notes, "vague")
	}
	if a.resultLast {
		pts += 4
	} else {
		notes = append(notes, "not at the end")
	}
	if s := a.said(R); s < 1 {
		pts *= s
		notes = append(notes, "hardly said")
	}
	return pts / 16 * a.substance(), strings.Join(a.shortOfStory(notes), ", ")
}

func reflectionPart(a *facts) (float64, string) {
	if a.reflection {
		return 1, fmt.Sprintf("%q", capitalI(a.refPhrase))
	}
	return 0, "no closing lesson"
}

// ownershipPart: "I" acting in the Action; when "we" outnumbers "I",
// twice I's share of the two.
func ownershipPart(a *facts) (float64, string) {
	if !a.present[A] {
		return 0, "no Action"
	}
	why := fmt.Sprintf("I %d, we %d in Action; %d \"I <did>\"%s", a.iAction, a.weAction, a.iActs, ofFull(a.iActs, actsNeed))
	v := float64(a.iActs) / actsNeed
	if total := a.iAction + a.weAction; total > 0 && a.weAction > a.iAction {
		v = math.Min(v, 2*float64(a.iAction)/float64(total))
	}
	return v, why
}

// ofFull says, of a count short of what earns a part in full, how many
// would.
func ofFull(n, need int) string {
	if n >= need {
		return ""
	}
	return fmt.Sprintf(" of the %d that earn all", need)
}

// storyPart: past actions told ("I found", "we shipped"), not what one
// usually does or would do.
func storyPart(a *facts) (float64, string) {
	past := float64(a.pastActs) / storyNeed
	why := fmt.Sprintf("%d past actions%s", a.pastActs, ofFull(a.pastActs, storyNeed))
	switch {
	case a.isGeneric():
		return 0, "hypothetical"
	case a.generic >= 2:
		return math.Min(past, 0.5), "some hypothetical phrasing, " + why
	}
	return past, why
}

// lengthPart: within the limit; over it earns nothing, short half.
func lengthPart(a *facts) (float64, string) {
	switch a.verdict {
	case analyze.Over:
		return 0, fmt.Sprintf("over by %s", timefmt.Seconds(a.overByS))
	case analyze.Short:
		return 0.5, "short of a full answer"
	case analyze.Near:
		return 1, "near the limit"
	}
	return 1, a.verdict
}

// pausesPart: each dead-air pause costs deadAirCost points.
func pausesPart(a *facts) (float64, string) {
	if !a.audioTimed {
		return 1, "not timed"
	}
	n := len(a.deadAir)
	return 1 - float64(n*deadAirCost)/float64(partMax["pauses"]), fmt.Sprintf("%d of dead air", n)
}

// startPart: the first word before a long pause's time (the analyzer's
// LongPauseS).
func startPart(a *facts) (float64, string) {
	if !a.audioTimed {
		return 1, "not timed"
	}
	why := "first word after " + timefmt.Seconds(a.firstWordS)
	if a.slowStart() {
		return 0, why
	}
	return 1, why
}

func fillersPart(a *facts) (float64, string) {
	v := 1.0
	if a.perMin > fillersNoticed {
		v = (fillersHarmful - a.perMin) / (fillersHarmful - fillersNoticed)
	}
	about := ""
	if a.estimated {
		about = "about "
	}
	return v, fmt.Sprintf("%s%.1f a minute", about, a.perMin)
}

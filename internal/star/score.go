package star

import (
	"fmt"
	"math"
	"strings"
)

// partMax is each score part's maximum; they add up to 100.
var partMax = map[string]int{"structure": 30, "balance": 20, "result": 16, "reflection": 4, "ownership": 10, "story": 10, "length": 5, "fillers": 5}

// score adds up the named parts.
func (a *facts) score() (map[string]Part, int) {
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

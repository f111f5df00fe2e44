package star

import (
	"strings"
	"testing"
)

// The score and the findings agree: a part is not full while a finding
// about it is raised, and an answer with a STAR section missing, no
// Result, over the limit, with dead air or with any high finding is not
// in the top band. Checked
// on every labelled answer, as written and as an engine writes it
// (lower case, no punctuation), and on the demo's answers.
func TestScoreAgreesWithFindings(t *testing.T) {
	// The findings about the structure and the balance, by the part they
	// are about.
	about := map[string]string{
		"missing_situation": "structure", "missing_task": "structure", "missing_action": "structure", "missing_result": "structure",
		"long_setup": "balance", "short_action": "balance", "long_situation": "balance",
	}
	notReady := []string{"missing_situation", "missing_task", "missing_action", "missing_result", "over_limit", "dead_air"}
	type answer struct {
		name string
		r    Result
	}
	var all []answer
	for _, a := range loadLabelled(t) {
		said := joinLines(a.lines, nil)
		all = append(all, answer{name: a.name, r: Check(text(said), nil, nil)})
		all = append(all, answer{name: a.name + " (as heard)", r: Check(text(engineText(said)), nil, nil)})
	}
	all = append(all,
		answer{name: "demo, no Task", r: Check(text(strings.Replace(demoGood, "My task was to get checkout errors under one percent before the holiday sale, six weeks away. ", "", 1)),
			&Timing{DurationS: 45, LimitS: 120, SpeechStartS: 0.4, SpeechEndS: 45, Verdict: "ok", SpeakingS: 42}, nil)},
		answer{name: "demo, over the limit", r: Check(text(demoGood), &Timing{DurationS: 131, LimitS: 120, SpeechStartS: 0.4, SpeechEndS: 131, Verdict: "over", SpeakingS: 120}, nil)},
		answer{name: "demo, dead air", r: Check(text(demoGood), &Timing{DurationS: 60, LimitS: 120, SpeechStartS: 0.4, SpeechEndS: 60, Verdict: "ok", SpeakingS: 48,
			Pauses: []Pause{{12, 3.6}, {30, 4.1}}}, nil)},
		answer{name: "typed, setup 38% and action 38%", r: Check(text(longSetup), nil, nil)},
	)
	checked := 0
	for _, a := range all {
		if !a.r.Judged() {
			continue
		}
		checked++
		for _, f := range a.r.Findings {
			if part, ok := about[f.Code]; ok {
				if p := a.r.ScoreParts[part]; p.Points >= p.Max {
					t.Errorf("%s: %s %d/%d while %q is raised: %s", a.name, part, p.Points, p.Max, f.Code, f.Message)
				}
			}
			for _, c := range notReady {
				if f.Code == c && a.r.Score >= BandReadyFrom {
					t.Errorf("%s: score %d (%s) with %q: %s", a.name, a.r.Score, BandOf(a.r.Score), c, f.Message)
				}
			}
			if f.Severity == High && a.r.Score >= BandReadyFrom {
				t.Errorf("%s: score %d (%s) with a high finding %q: %s", a.name, a.r.Score, BandOf(a.r.Score), f.Code, f.Message)
			}
		}
		if len(a.r.Findings) > 0 && a.r.Score == 100 {
			t.Errorf("%s: 100/100 with findings %v", a.name, a.r.Findings)
		}
		if a.r.Band != BandOf(a.r.Score) {
			t.Errorf("%s: band %q for score %d", a.name, a.r.Band, a.r.Score)
		}
	}
	if checked < 50 {
		t.Fatalf("only %d answers judged", checked)
	}
}

// longSetup is a typed answer whose setup runs long and whose Action is
// short: both are findings, so balance cannot be full.
const longSetup = "Last spring I was the backend engineer on our checkout team at a mid-sized online shop, and our payment service was timing out during the peak sales every single weekend. My task was to get checkout errors under one percent before the holiday sale, which was only six weeks away at that point. First I pulled a week of traces and found that every timeout came from the connection pool to the card processor. I wrote a load test that reproduced it in staging, then I changed the pool to grow with demand. I rolled it out to five percent of traffic and then to everyone. As a result, checkout errors fell from four percent to zero point two percent, and we took forty percent more orders on the sale day. I learned to measure before I change anything."

func TestBands(t *testing.T) {
	for _, c := range []struct {
		score int
		band  string
	}{{100, BandReady}, {BandReadyFrom, BandReady}, {BandReadyFrom - 1, BandClose}, {BandCloseFrom, BandClose}, {BandCloseFrom - 1, BandRework}, {0, BandRework}} {
		if got := BandOf(c.score); got != c.band {
			t.Errorf("BandOf(%d) = %q, want %q", c.score, got, c.band)
		}
	}
}

// A High finding keeps an answer out of the top band, whatever its code:
// a strong answer whose Result says nothing measurable, or whose Action
// is told as "we" with hardly an "I", is not ready.
func TestHighFindingIsNeverReady(t *testing.T) {
	for _, c := range []struct{ name, code, said string }{
		{"vague Result", "result_vague", answer(goodS, goodT, goodA, "In the end it went well and everyone was happy with it. I learned to measure before optimizing.")},
		{"we, hardly I", "we_over_i", answer(goodS, goodT, "First we profiled the job and we found one slow query. We rewrote that query and we added an index. Then we split the job into batches and we ran them in parallel. We also added an alert, and I walked the team through it.", goodR)},
	} {
		r := checkText(c.said, &Timing{DurationS: 70, LimitS: 120, SpeechStartS: 0.4, SpeechEndS: 70, Verdict: "ok", SpeakingS: 66})
		var sev string
		for _, f := range r.Findings {
			if f.Code == c.code {
				sev = f.Severity
			}
		}
		if sev != High {
			t.Fatalf("%s: %s is %q, want high: %v", c.name, c.code, sev, r.Findings)
		}
		if r.Score >= BandReadyFrom || r.Band == BandReady {
			t.Errorf("%s: score %d (%s) with a high finding: %v", c.name, r.Score, r.Band, r.ScoreParts)
		}
	}
}

package star

import (
	"math"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// The parts of a strong answer, to build the cases from.
const (
	goodS = "At my last job I was a backend engineer at a payments company. Our nightly billing job took six hours and often missed the morning deadline."
	goodT = "My goal was to get it under one hour before the holiday peak."
	goodA = "First I profiled the job and found that most of the time went into one slow query. I rewrote that query and added an index. Then I split the job into batches and ran them in parallel on the existing servers. I also added an alert when a run takes longer than ninety minutes, and I walked the team through the changes."
	goodR = "As a result, the job went from six hours to forty minutes, and it has not missed a deadline since. I learned to measure before optimizing."
)

func answer(parts ...string) string { return strings.Join(parts, " ") }

func checkText(text string, timing *Timing) Result {
	return spoken(&transcript.Transcript{Text: text}, timing, nil)
}

// timedWords gives text word times at a steady rate, with a pause after
// each sentence, as an engine with word times would.
func timedWords(text string, secondsPerWord float64) *transcript.Transcript {
	t := &transcript.Transcript{Text: text}
	at := 0.5
	for _, w := range strings.Fields(text) {
		t.Words = append(t.Words, transcript.Word{StartS: at, EndS: at + secondsPerWord*0.85, Word: w})
		at += secondsPerWord
		if strings.HasSuffix(w, ".") {
			at += 0.4
		}
	}
	t.DurationS = at + 0.5
	return t
}

func codes(r Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Code)
	}
	return out
}

func has(r Result, code string) bool {
	for _, f := range r.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

func TestStrongAnswerHasNoFindings(t *testing.T) {
	r := checkText(answer(goodS, goodT, goodA, goodR), nil)
	if len(r.Findings) != 0 {
		t.Errorf("findings %v, want none:\n%+v", codes(r), r.Findings)
	}
	if r.Score != 100 {
		t.Errorf("score %d, want 100: %+v", r.Score, r.ScoreParts)
	}
	got := ""
	for _, s := range r.Sections {
		got += s.Label.String()
	}
	if got != "STAR" {
		t.Errorf("sections %s, want STAR", got)
	}
}

func TestFindings(t *testing.T) {
	fillers := "So, um, at my last job, uh, I was, like, a backend engineer at a, um, payments company. Our, uh, nightly billing job took, like, six hours."
	tests := []struct {
		name   string
		tr     *transcript.Transcript
		timing *Timing
		fires  string
		quiet  string // another finding that must not fire
	}{
		{"no situation", text(answer(goodT, goodA, goodR)), nil, "missing_situation", "missing_task"},
		{"no task", text(answer(goodS, goodA, goodR)), nil, "missing_task", "missing_situation"},
		{"no action", text(answer(goodS, goodT, goodR)), nil, "missing_action", "missing_result"},
		{"no result", text(answer(goodS, goodT, goodA)), nil, "missing_result", "missing_action"},
		{"long setup", text(answer(goodS,
			"The company had grown fast and the billing code was ten years old. Nobody on the team had written it, and the original authors had left. There were three other teams that depended on the job's output every morning.",
			goodT, goodA, goodR)), nil, "long_setup", "missing_task"},
		{"short action", text(answer("At my last job our nightly billing job took six hours.", goodT,
			"I rewrote the slow query and added an index.",
			goodR, "The finance team got their reports two hours earlier every day, and the on-call engineers stopped getting paged at night. My manager asked me to present the work to the other teams.")), nil, "short_action", "long_setup"},
		{"vague result", text(answer(goodS, goodT, goodA, "In the end it went well and everyone was happy with it.")), nil, "result_vague", "result_no_number"},
		{"result without a number", text(answer(goodS, goodT, goodA, "As a result, the job finished before the deadline every morning, and the team adopted the approach for the other jobs.")), nil, "result_no_number", "result_vague"},
		{"result not last", text(answer(goodS, goodT, goodA, "As a result, the job went from six hours to forty minutes.", "Oh, and I also wrote a guide for the other teams, and I reviewed their batch jobs for a month. Then I set up a weekly report of job run times.")), nil, "result_not_last", "missing_result"},
		{"we in action", text(answer(goodS, goodT, "First we profiled the job and we found one slow query. We rewrote that query and we added an index. Then we split the job into batches and we ran them in parallel.", goodR)), nil, "we_over_i", "missing_action"},
		{"hypothetical", text("I think conflict is normal on any team. When I disagree with someone, I always try to understand their view first. I would usually set up a meeting and I would ask them to explain their reasoning. Generally this works well and people appreciate it."), nil, "generic", "we_over_i"},
		{"over the limit", text(answer(goodS, goodT, goodA, goodR)), &Timing{DurationS: 134, LimitS: 120, Verdict: "over"}, "over_limit", "short"},
		{"over by word count", text(strings.Repeat(answer(goodS, goodT, goodA)+" ", 3) + goodR), nil, "over_limit", "near_limit"},
		{"short", text(answer(goodS, goodT, goodA, goodR)), &Timing{DurationS: 31, LimitS: 120}, "short", "over_limit"},
		{"near the limit", text(answer(goodS, goodT, goodA, goodR)), &Timing{DurationS: 113, LimitS: 120}, "near_limit", "over_limit"},
		{"fillers", text(answer(fillers, goodT, goodA, goodR)), &Timing{DurationS: 50, LimitS: 120, SpeechStartS: 0.4, SpeechEndS: 50, Verdict: "ok", SpeakingS: 45}, "fillers", "generic"},
		{"long situation", timedWords(answer(goodS, "It ran on one old server that nobody wanted to touch, and the finance team waited for it every morning.", goodT, goodA, goodA, goodR), 0.5), nil, "long_situation", "long_setup"},
		{"no reflection", text(answer(goodS, goodT, goodA, "As a result, the job went from six hours to forty minutes.")), nil, "no_reflection", "result_no_number"},
		{"empty", text("  "), nil, "empty", "missing_action"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := spoken(tc.tr, tc.timing, nil)
			if !has(r, tc.fires) {
				t.Errorf("%s does not fire; findings %v; sections %s", tc.fires, codes(r), sectionString(r))
			}
			if has(r, tc.quiet) {
				t.Errorf("%s fires too; findings %v", tc.quiet, codes(r))
			}
		})
	}
}

// Each finding stays quiet on the strong answer in every presentation:
// untimed, timed, and as an engine without punctuation writes it.
func TestFindingsQuietOnStrongAnswer(t *testing.T) {
	full := answer(goodS, goodT, goodA, goodR)
	plain := strings.ToLower(strings.NewReplacer(".", "", ",", "").Replace(full))
	for name, tr := range map[string]*transcript.Transcript{
		"text":          text(full),
		"timed":         timedWords(full, 0.4),
		"unpunctuated":  text(plain),
		"unpunct timed": timedWords(plain, 0.4),
	} {
		r := spoken(tr, nil, nil)
		for _, f := range r.Findings {
			if f.Code != "near_limit" {
				t.Errorf("%s: %s fires: %s (sections %s)", name, f.Code, f.Message, sectionString(r))
			}
		}
	}
}

func TestFindingsMostImportantFirst(t *testing.T) {
	r := checkText("I think conflict is normal. I would usually talk to them, and I always listen first. Generally it works.", nil)
	rank := map[string]int{High: 0, Medium: 1, Low: 2}
	for i := 1; i < len(r.Findings); i++ {
		if rank[r.Findings[i].Severity] < rank[r.Findings[i-1].Severity] {
			t.Errorf("finding %d (%s) is more important than %d (%s)", i, r.Findings[i].Code, i-1, r.Findings[i-1].Code)
		}
	}
	if len(r.Findings) == 0 || r.Findings[0].Code != "generic" {
		t.Errorf("findings %v, want the hypothetical answer first", codes(r))
	}
}

func TestWeOverIMessage(t *testing.T) {
	r := checkText(answer(goodS, goodT, "We profiled the job and we found one slow query. We rewrote it and I added an index. We split the job into batches.", goodR), nil)
	for _, f := range r.Findings {
		if f.Code == "we_over_i" {
			if want := `"we" 4 times, "I" once in Action: say what you did.`; f.Message != want {
				t.Errorf("message %q, want %q", f.Message, want)
			}
			return
		}
	}
	t.Errorf("no we_over_i finding: %v", codes(r))
}

func TestScoreIsTheSumOfItsParts(t *testing.T) {
	for _, text := range []string{
		answer(goodS, goodT, goodA, goodR),
		answer(goodS, goodA),
		"I would usually talk to people. I always listen.",
		answer(goodS, goodT, "First we profiled the job. We rewrote the query.", "It went well."),
	} {
		r := checkText(text, nil)
		sum, max := 0, 0
		for _, name := range ScoreOrder {
			p, ok := r.ScoreParts[name]
			if !ok {
				t.Fatalf("score part %s missing", name)
			}
			if p.Points < 0 || p.Points > p.Max {
				t.Errorf("%s: %d of %d", name, p.Points, p.Max)
			}
			sum += p.Points
			max += p.Max
		}
		if sum != r.Score || max != 100 || len(r.ScoreParts) != len(ScoreOrder) {
			t.Errorf("score %d, parts add to %d of %d: %+v", r.Score, sum, max, r.ScoreParts)
		}
	}
	weak := checkText(answer(goodS, "We fixed it."), nil)
	strong := checkText(answer(goodS, goodT, goodA, goodR), nil)
	if weak.Score >= strong.Score {
		t.Errorf("weak answer scores %d, strong %d", weak.Score, strong.Score)
	}
}

// The findings agree with what the labelled answers were written to show:
// hypothetical answers, missing results, "we" everywhere, a result told
// before the end. Asserted on the training answers; the held-out ones are
// counted and logged, as their labels were not used to build the check.
func TestFindingsOnLabelledStyles(t *testing.T) {
	heldRight, heldAll := 0, 0
	for _, a := range loadLabelled(t) {
		style := a.style()
		generic := strings.Contains(style, "generic")
		r := spoken(a.punctuatedVariant().tr, nil, nil)
		var wrong []string
		if has(r, "generic") != generic {
			wrong = append(wrong, "generic")
		}
		// A hypothetical answer's closing generality is not a result either.
		if missing := strings.Contains(style, "missing result"); has(r, "missing_result") != missing && !generic {
			wrong = append(wrong, "missing_result")
		}
		if strings.Contains(style, "we only") && !has(r, "we_over_i") {
			wrong = append(wrong, "we_over_i")
		}
		if strings.Contains(style, "result not at the end") && !has(r, "result_not_last") {
			wrong = append(wrong, "result_not_last")
		}
		if a.heldOut {
			heldAll++
			if len(wrong) == 0 {
				heldRight++
			} else {
				t.Logf("held out %s (%s): %v wrong; findings %v", a.name, style, wrong, codes(r))
			}
			continue
		}
		if len(wrong) > 0 {
			t.Errorf("%s (%s): %v wrong; findings %v", a.name, style, wrong, codes(r))
		}
	}
	t.Logf("held-out answers whose findings match their style: %d of %d", heldRight, heldAll)
}

func text(s string) *transcript.Transcript { return &transcript.Transcript{Text: s} }

func sectionString(r Result) string {
	var b strings.Builder
	for _, s := range r.Sections {
		b.WriteString(s.Label.String())
	}
	return b.String()
}

// A missing Task weighs as a missing Situation: both are Medium, both
// cost the structure part at least 30%, and both are told before the
// balance and the length.
func TestMissingTaskWeighsAsMissingSituation(t *testing.T) {
	severity := func(r Result, code string) string {
		for _, f := range r.Findings {
			if f.Code == code {
				return f.Severity
			}
		}
		return ""
	}
	noS := checkText(answer(goodT, goodA, goodR), nil)
	noT := checkText(answer(goodS, goodA, goodR), nil)
	if s, tk := severity(noS, "missing_situation"), severity(noT, "missing_task"); s != Medium || tk != s {
		t.Errorf("missing Situation %q, missing Task %q: want both %q", s, tk, Medium)
	}
	top := partMax["structure"] - int(math.Ceil(findingCost[Medium]*float64(partMax["structure"])))
	if p := noT.ScoreParts["structure"]; p.Points > top {
		t.Errorf("no Task: structure %d/%d, want at most %d", p.Points, p.Max, top)
	}
	// Told before the setup's length: the Task is what is missing, not
	// what runs long.
	r := checkText(answer(goodS, "The company had grown fast and the billing code was ten years old. Nobody on the team had written it, and the original authors had left.", goodA, goodR), nil)
	at := map[string]int{}
	for i, f := range r.Findings {
		at[f.Code] = i
	}
	if i, ok := at["missing_task"]; !ok || (has(r, "long_setup") && i > at["long_setup"]) {
		t.Errorf("findings %v: want missing_task, before long_setup", codes(r))
	}
}

// A section missing where the engine doubted the words weighs as much as
// one left out: the score counts it missing, so the finding is as
// severe, though it says the words were unclear rather than that the
// section was left out.
func TestNotHeardClearlyWeighsAsLeftOut(t *testing.T) {
	for _, c := range []struct {
		code, said, mumbled string
		sev                 string
	}{
		{"missing_task", heardSituation + " %s " + heardAction + " " + heardResult, "in the whole breed at fourteen dog rang out", Medium},
		{"missing_result", heardSituation + " my goal was to get checkout errors under one percent " + heardAction + " %s", "for the week after the sale", High},
	} {
		said := strings.Replace(c.said, "%s", c.mumbled, 1)
		from := strings.Index(said, c.mumbled)
		from = len(strings.Fields(said[:from]))
		r := Check(heard(said, from, from+len(strings.Fields(c.mumbled))), nil, nil)
		var got *Finding
		for i, f := range r.Findings {
			if f.Code == c.code {
				got = &r.Findings[i]
			}
		}
		if got == nil || !strings.Contains(got.Message, "were unclear") {
			t.Errorf("%s: findings %+v: want it said to be unclear", c.code, r.Findings)
			continue
		}
		if got.Severity != c.sev {
			t.Errorf("%s not heard clearly: %s, want %s as when left out: %s", c.code, got.Severity, c.sev, got.Message)
		}
		if r.Score >= BandReadyFrom {
			t.Errorf("%s not heard clearly: score %d", c.code, r.Score)
		}
	}
}

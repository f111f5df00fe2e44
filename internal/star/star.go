// Package star checks a transcribed answer for the STAR structure
// (Situation, Task, Action, Result): it splits the answer into its sections
// with their time spans and shares, lists what a coach would point out, most
// important first, each with a tip, and scores it as a sum of named parts.
package star

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Label names a STAR section.
type Label uint8

// The sections, in the order an answer should tell them.
const (
	S Label = iota // Situation
	T              // Task
	A              // Action
	R              // Result
)

var labelLetters = [...]string{"S", "T", "A", "R"}
var labelNames = [...]string{"Situation", "Task", "Action", "Result"}

// String returns the section's letter: "S", "T", "A" or "R".
func (l Label) String() string {
	if int(l) < len(labelLetters) {
		return labelLetters[l]
	}
	return fmt.Sprintf("Label(%d)", uint8(l))
}

// Name returns the section's name: "Situation", "Task", "Action", "Result".
func (l Label) Name() string {
	if int(l) < len(labelNames) {
		return labelNames[l]
	}
	return l.String()
}

// MarshalText writes the letter, so JSON shows "S".
func (l Label) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a letter or a name.
func (l *Label) UnmarshalText(b []byte) error {
	v, ok := ParseLabel(string(b))
	if !ok {
		return fmt.Errorf("%q is not a STAR section: use S, T, A or R", b)
	}
	*l = v
	return nil
}

// ParseLabel reads "S", "situation", "Task" and the like.
func ParseLabel(s string) (Label, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, n := range labelNames {
		if s == strings.ToLower(labelLetters[i]) || s == strings.ToLower(n) {
			return Label(i), true
		}
	}
	return 0, false
}

// Timing is what the timing analysis measured for the recording; the check
// uses it for the time and delivery findings and score parts. Any field
// may be zero when unknown.
type Timing struct {
	DurationS    float64
	LimitS       float64
	SpeechStartS float64
	SpeechEndS   float64
	Verdict      string // "short", "ok", "near", "over"
	// SpeakingS is the time the speaker was heard, which the transcript's
	// number of words is checked against.
	SpeakingS float64
	// Pauses are the long pauses of the recording (the analyzer's pause
	// scale decides which are long); those between the first and the last
	// word are dead air.
	Pauses []Pause
	// Fillers is the answer's filler count as its speech figures make it,
	// from the user's word list. The fillers finding and score part use
	// it, so they say the figure every other view shows; nil: the fillers
	// are not measured (NoSpeechFigures) and the part is withheld.
	Fillers *Fillers
}

// NoSpeechFigures is why the fillers are not measured when a check is
// given no speech figures: the check has no filler list of its own.
const NoSpeechFigures = "no speech figures were given to count them"

// Fillers is a filler count: how many, per minute of speaking, and how
// often each filler was said.
type Fillers struct {
	// NotMeasured, when set, says why the fillers could not be counted:
	// the engine leaves them out. The fillers part is then withheld.
	NotMeasured string
	Count       int
	PerMin      float64
	Kinds       map[string]int
}

// Pause is one silence the analyzer measured.
type Pause struct {
	StartS    float64
	DurationS float64
}

// Section is one STAR section of the answer: a stretch of consecutive words.
type Section struct {
	Label Label  `json:"label"`
	Text  string `json:"text"`
	// StartS and EndS are the section's time span; a section runs until
	// the next one starts. Without word times they are unknown (null).
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
	// Share is the section's part of the answer: of its time when the
	// transcript is timed, else of its words.
	Share     float64 `json:"share"`
	Words     int     `json:"words"`
	FirstWord int     `json:"first_word"` // index of its first word in the transcript
	timed     bool
}

// sectionJSON is a section as JSON has it: times null when untimed.
type sectionJSON struct {
	Label     Label    `json:"label"`
	Text      string   `json:"text"`
	StartS    *float64 `json:"start_s"`
	EndS      *float64 `json:"end_s"`
	Share     float64  `json:"share"`
	Words     int      `json:"words"`
	FirstWord int      `json:"first_word"`
}

// MarshalJSON writes null times for an untimed transcript.
func (s Section) MarshalJSON() ([]byte, error) {
	v := sectionJSON{Label: s.Label, Text: s.Text, Share: round3(s.Share), Words: s.Words, FirstWord: s.FirstWord}
	if s.timed {
		start, end := round2(s.StartS), round2(s.EndS)
		v.StartS, v.EndS = &start, &end
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON writes: a section with times read
// back from a saved check is timed, as it was when checked.
func (s *Section) UnmarshalJSON(b []byte) error {
	var v sectionJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("section: %w", err)
	}
	*s = Section{Label: v.Label, Text: v.Text, Share: v.Share, Words: v.Words, FirstWord: v.FirstWord}
	if v.StartS != nil && v.EndS != nil {
		s.StartS, s.EndS, s.timed = *v.StartS, *v.EndS, true
	}
	return nil
}

// Finding is one thing to improve, with a tip in its message.
type Finding struct {
	Severity string `json:"severity"` // "high", "medium" or "low"
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// Severities, most important first.
const (
	High   = "high"
	Medium = "medium"
	Low    = "low"
)

// Part is one named component of the score.
type Part struct {
	Points int    `json:"points"`
	Max    int    `json:"max"`
	Why    string `json:"why,omitempty"`
	// NotMeasured marks a part withheld because what it judges could not
	// be measured (fillers an engine leaves out): it earns nothing, costs
	// nothing, and the score is of the other parts.
	NotMeasured bool `json:"not_measured,omitempty"`
}

// Result is the STAR check of one answer.
type Result struct {
	Sections   []Section       `json:"sections"`
	Findings   []Finding       `json:"findings"`
	Score      int             `json:"score"`
	ScoreParts map[string]Part `json:"score_parts"`
	// Band is what the score means: BandReady, BandClose or BandRework
	// (see BandOf); "" when the answer was not judged.
	Band string `json:"band,omitempty"`
	// Missing lists the sections the answer does not have.
	Missing []Label `json:"missing"`
	// Timed tells whether times and shares come from word times (true) or
	// from word counts (false).
	Timed bool `json:"timed"`
	// DurationS is the answer's length used for the length finding; when
	// nothing was timed it is estimated at EstimateWPM.
	DurationS float64 `json:"duration_s"`
	Estimated bool    `json:"duration_estimated,omitempty"`
	Words     int     `json:"words"`
	// Reflection is the closing lesson, when the answer has one.
	Reflection  Reflection `json:"reflection"`
	Fillers     int        `json:"fillers"`
	FillersPerM float64    `json:"fillers_per_min"`
	// FillersNotMeasured, when set, says why the fillers were not
	// counted; Fillers and FillersPerM are then null in JSON.
	FillersNotMeasured string `json:"fillers_not_measured,omitempty"`
	IAction            int    `json:"i_in_action"`
	WeAction           int    `json:"we_in_action"`
	// Quality is the estimate of the transcript the check was made from.
	Quality *quality.Estimate `json:"quality,omitempty"`
	// NotJudged, when set, says why the answer was not judged: the
	// transcript looks unreliable. The score and the filler figures are
	// then withheld (null in JSON) and only the findings about time, which
	// come from the audio, are kept.
	NotJudged string `json:"not_judged,omitempty"`
	// Labels gives each word's section, in transcript order.
	Labels []Label `json:"-"`
}

// Judged tells whether the answer was judged (see NotJudged).
func (r Result) Judged() bool { return r.NotJudged == "" }

// resultJSON is Result as JSON, with the withheld figures null.
type resultJSON struct {
	Sections    []Section         `json:"sections"`
	Findings    []Finding         `json:"findings"`
	Score       *int              `json:"score"`
	ScoreParts  map[string]Part   `json:"score_parts"`
	Band        string            `json:"band,omitempty"`
	Missing     []Label           `json:"missing"`
	Timed       bool              `json:"timed"`
	DurationS   float64           `json:"duration_s"`
	Estimated   bool              `json:"duration_estimated,omitempty"`
	Words       int               `json:"words"`
	Reflection  Reflection        `json:"reflection"`
	Fillers     *int              `json:"fillers"`
	FillersPerM *float64          `json:"fillers_per_min"`
	FillersNot  string            `json:"fillers_not_measured,omitempty"`
	IAction     int               `json:"i_in_action"`
	WeAction    int               `json:"we_in_action"`
	Quality     *quality.Estimate `json:"quality,omitempty"`
	NotJudged   string            `json:"not_judged,omitempty"`
}

// MarshalJSON writes null for the score and the fillers of an answer that
// was not judged.
func (r Result) MarshalJSON() ([]byte, error) {
	v := resultJSON{
		Sections: r.Sections, Findings: r.Findings, ScoreParts: r.ScoreParts, Missing: r.Missing,
		Timed: r.Timed, DurationS: r.DurationS, Estimated: r.Estimated, Words: r.Words,
		Reflection: r.Reflection, IAction: r.IAction, WeAction: r.WeAction, Quality: r.Quality,
		NotJudged: r.NotJudged, FillersNot: r.FillersNotMeasured, Band: r.Band,
	}
	if r.Judged() {
		v.Score = &r.Score
		if r.FillersNotMeasured == "" {
			v.Fillers, v.FillersPerM = &r.Fillers, &r.FillersPerM
		}
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Result) UnmarshalJSON(b []byte) error {
	var v resultJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = Result{
		Sections: v.Sections, Findings: v.Findings, ScoreParts: v.ScoreParts, Missing: v.Missing,
		Timed: v.Timed, DurationS: v.DurationS, Estimated: v.Estimated, Words: v.Words,
		Reflection: v.Reflection, IAction: v.IAction, WeAction: v.WeAction, Quality: v.Quality,
		NotJudged: v.NotJudged, FillersNotMeasured: v.FillersNot, Band: v.Band,
	}
	if v.Score != nil {
		r.Score = *v.Score
	}
	if v.Fillers != nil {
		r.Fillers = *v.Fillers
	}
	if v.FillersPerM != nil {
		r.FillersPerM = *v.FillersPerM
	}
	return nil
}

// timeCodes are the findings that come from the audio's timing: they are
// kept when the transcript is not judged.
var timeCodes = map[string]bool{"over_limit": true, "short": true, "near_limit": true, "dead_air": true, "slow_start": true}

// timeParts are the score parts that come from the audio's timing.
var timeParts = []string{"length", "pauses", "start"}

// Gate records the transcript's quality estimate and, when the transcript
// is unreliable, withholds what it would judge from it: the score, the
// fillers and every finding but those about time, with a first finding
// that says why and what to do.
func (r *Result) Gate(q quality.Estimate) {
	r.Quality = &q
	if q.Reliable() {
		return
	}
	r.NotJudged = "the transcript looks unreliable (" + q.Why() + ")"
	kept := []Finding{{High, "not_judged", "Not judged: " + r.NotJudged + ": " + quality.Fix + "."}}
	for _, f := range r.Findings {
		if !timeCodes[f.Code] {
			continue
		}
		if i := strings.LastIndex(f.Message, "): "); f.Code == "over_limit" && i >= 0 {
			// Where to cut came from the words: say it without them.
			f.Message = f.Message[:i+3] + "tell the situation in a sentence, your steps, the result, and stop."
		}
		kept = append(kept, f)
	}
	r.Findings = kept
	parts := map[string]Part{}
	for _, name := range timeParts {
		if p, ok := r.ScoreParts[name]; ok {
			parts[name] = p
		}
	}
	r.ScoreParts = parts
	r.Score, r.Fillers, r.FillersPerM, r.Band = 0, 0, 0, ""
}

// WithholdFillers marks the fillers as not measured, for why: the fillers
// part is withheld, the fillers finding dropped, and the score made of the
// other parts. A check saved before its engine's hesitations were known is
// brought in line with the speech figures by it.
func (r *Result) WithholdFillers(why string) {
	if why == "" || r.FillersNotMeasured != "" {
		return
	}
	r.FillersNotMeasured = why
	r.Fillers, r.FillersPerM = 0, 0
	kept := r.Findings[:0]
	for _, f := range r.Findings {
		if f.Code != "fillers" {
			kept = append(kept, f)
		}
	}
	r.Findings = kept
	if p, ok := r.ScoreParts["fillers"]; ok {
		r.ScoreParts["fillers"] = Part{Max: p.Max, Why: "not measured: " + why, NotMeasured: true}
		if r.Judged() {
			r.Score = capped(Total(r.ScoreParts), r.Findings)
			r.Band = BandOf(r.Score)
		}
	}
}

// Shares is each section's part of the answer, indexed by its label
// (S, T, A, R); 0 for a missing section.
func (r Result) Shares() [R + 1]float64 {
	var sh [R + 1]float64
	for _, s := range r.Sections {
		if s.Label <= R {
			sh[s.Label] += s.Share
		}
	}
	return sh
}

// Reflection is the closing lesson of an answer ("I learned ...", "next
// time I would ...", "in hindsight ..."): the sentences of the Result (or
// the answer's last sentence) that say what the speaker took away.
type Reflection struct {
	Present bool `json:"present"`
	// Phrase is the lexicon phrase that recognised it ("i learned").
	Phrase string `json:"phrase,omitempty"`
	Text   string `json:"text,omitempty"`
	// StartS and EndS are its time span; unknown (null) when the
	// transcript has no word times.
	StartS    float64 `json:"start_s"`
	EndS      float64 `json:"end_s"`
	FirstWord int     `json:"first_word"`
	Words     int     `json:"words"`
	timed     bool
}

// MarshalJSON writes only "present" for an answer without a reflection and
// null times for an untimed transcript.
func (r Reflection) MarshalJSON() ([]byte, error) {
	if !r.Present {
		return []byte(`{"present":false}`), nil
	}
	v := struct {
		Present   bool     `json:"present"`
		Phrase    string   `json:"phrase"`
		Text      string   `json:"text"`
		StartS    *float64 `json:"start_s"`
		EndS      *float64 `json:"end_s"`
		FirstWord int      `json:"first_word"`
		Words     int      `json:"words"`
	}{Present: true, Phrase: r.Phrase, Text: r.Text, FirstWord: r.FirstWord, Words: r.Words}
	if r.timed {
		start, end := round2(r.StartS), round2(r.EndS)
		v.StartS, v.EndS = &start, &end
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads the object MarshalJSON writes, and the plain true or
// false that checks saved by earlier versions hold.
func (r *Reflection) UnmarshalJSON(b []byte) error {
	var present bool
	if err := json.Unmarshal(b, &present); err == nil {
		*r = Reflection{Present: present}
		return nil
	}
	var v struct {
		Present   bool     `json:"present"`
		Phrase    string   `json:"phrase"`
		Text      string   `json:"text"`
		StartS    *float64 `json:"start_s"`
		EndS      *float64 `json:"end_s"`
		FirstWord int      `json:"first_word"`
		Words     int      `json:"words"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("reflection: %w", err)
	}
	*r = Reflection{Present: v.Present, Phrase: v.Phrase, Text: v.Text, FirstWord: v.FirstWord, Words: v.Words}
	if v.StartS != nil && v.EndS != nil {
		r.StartS, r.EndS, r.timed = *v.StartS, *v.EndS, true
	}
	return nil
}

// Timed tells whether StartS and EndS are known.
func (r Reflection) Timed() bool { return r.timed }

// EstimateWPM is the speaking rate assumed when the transcript has no times.
const EstimateWPM = 150

// Check finds the STAR sections of the transcript and what to improve,
// scores it, and judges whether the transcript can be coached from (see
// Gate). timing may be nil; lex nil means the built-in lexicon.
func Check(t *transcript.Transcript, timing *Timing, lex *Lexicon) Result {
	res := check(t, timing, lex)
	if res.Words == 0 {
		return res
	}
	speaking := 0.0
	if timing != nil {
		speaking = timing.SpeakingS
	}
	res.Gate(quality.Judge(t, speaking, quality.SystemDictionary()))
	return res
}

// check is the STAR check before the transcript's quality is judged.
func check(t *transcript.Transcript, timing *Timing, lex *Lexicon) Result {
	if lex == nil {
		lex = DefaultLexicon()
	}
	toks, timed := tokenize(t)
	lex.rehear(toks)
	res := Result{Findings: []Finding{}, Sections: []Section{}, Missing: []Label{}, Timed: timed, Words: len(toks)}
	if len(toks) == 0 {
		res.Missing = []Label{S, T, A, R}
		res.Findings = append(res.Findings, Finding{High, "empty", "The transcript has no words: check the recording and transcribe it again."})
		res.ScoreParts = map[string]Part{}
		for _, name := range ScoreOrder {
			res.ScoreParts[name] = Part{Max: partMax[name], Why: "no words"}
		}
		res.Band = BandOf(0)
		return res
	}
	units := lex.splitUnits(toks)
	labels, ev := lex.label(toks, units)
	res.Labels = make([]Label, len(toks))
	for i, u := range units {
		for k := u.from; k < u.to; k++ {
			res.Labels[k] = labels[i]
		}
	}
	res.Sections = sections(toks, res.Labels, timed)
	a := lex.gather(t, toks, units, labels, ev, &res, timing)
	res.Findings = a.findings()
	res.ScoreParts, res.Score = a.score(res.Findings)
	res.Band = BandOf(res.Score)
	return res
}

// sections groups consecutive words with the same label.
func sections(toks []token, labels []Label, timed bool) []Section {
	var out []Section
	var text []string
	for i := range toks {
		if i == 0 || labels[i] != labels[i-1] {
			if n := len(out); n > 0 {
				out[n-1].Text = strings.Join(text, " ")
				text = text[:0]
			}
			out = append(out, Section{Label: labels[i], FirstWord: i, timed: timed, StartS: toks[i].start})
		}
		s := &out[len(out)-1]
		s.Words++
		text = append(text, toks[i].text)
	}
	out[len(out)-1].Text = strings.Join(text, " ")
	total := 0.0
	if timed {
		for i := range out {
			if i+1 < len(out) {
				out[i].EndS = out[i+1].StartS
			} else {
				out[i].EndS = toks[len(toks)-1].end
			}
		}
		total = out[len(out)-1].EndS - out[0].StartS
	}
	for i := range out {
		if timed && total > 0 {
			out[i].Share = (out[i].EndS - out[i].StartS) / total
		} else {
			out[i].Share = float64(out[i].Words) / float64(len(toks))
		}
	}
	return out
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }
func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }

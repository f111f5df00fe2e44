package assess

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/fit"
	"github.com/starcoach/starcoach/internal/jsonfile"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/transcript"
)

// Answer is the assessment of one answer, and its JSON shape (version
// Schema) in every command's --json. Timing, Speech and Star are null when
// what they come from is missing; Missing says which.
type Answer struct {
	Schema     int      `json:"schema"`
	Session    string   `json:"session"`
	N          int      `json:"n"` // 1-based, in recording order, as in the file names
	Kind       string   `json:"kind"`
	QuestionID string   `json:"question_id"`
	Question   string   `json:"question"`
	Principles []string `json:"principles"`
	Prompt     string   `json:"prompt,omitempty"`     // the follow-up push
	FollowsUp  int      `json:"follows_up,omitempty"` // the answer a follow-up follows
	Story      string   `json:"story,omitempty"`
	// Retakes is, for a retake, the answer it takes again (its N).
	Retakes int `json:"retakes,omitempty"`
	// Counted is false for a take that does not count for its question:
	// an earlier take of a question taken again, a take with no speech,
	// or a follow-up (see session.Counts). Only counted answers enter
	// totals, trends and story checks.
	Counted bool `json:"counted"`
	// NoSpeech is set when no speech was heard in the take as it was
	// recorded: it is not scored (session.Answer.NoSpeech).
	NoSpeech bool   `json:"no_speech,omitempty"`
	Status   string `json:"status"`
	Error    string `json:"error,omitempty"`
	Imported string `json:"imported,omitempty"` // the original, for an imported answer
	Files    Files  `json:"files"`              // relative to the session folder
	// Missing names what could not be read: "recording", "timing",
	// "transcript", "star".
	Missing []string `json:"missing"`
	LimitS  float64  `json:"limit_s"`
	Timing  *Timing  `json:"timing"`
	// Voice is null without a timing or with no speech; a timing saved
	// before the voice was measured gives one with NotMeasured.
	Voice  *Voice  `json:"voice"`
	Speech *Speech `json:"speech"`
	Star   *Star   `json:"star"`
	// Reply is the judgement of a follow-up's reply against its push
	// (null for an answer, whose judgement is Star).
	Reply *probe.Reply `json:"reply,omitempty"`
	// Fit is how well the answer fits the question it was asked; null when
	// no question is known, and for a follow-up (judged as Reply).
	Fit       *Fit  `json:"fit"`
	Overflows int64 `json:"overflows"`
	// Warnings are the one-line notes a reader should see: missing
	// files, lost audio, a failed transcription, level problems.
	Warnings []string `json:"warnings"`

	// What the figures were made from, for views that show more of it.
	RecordedS  float64                `json:"-"` // the recording's length as saved in the session
	Analysis   *analyze.Result        `json:"-"`
	Transcript *transcript.Transcript `json:"-"`
	Check      *star.Result           `json:"-"`
}

// Timing is the answer's time against its limit and its pauses.
type Timing struct {
	AnswerS     float64 `json:"answer_s"`    // from the start to the last word: what the limit applies to
	RecordingS  float64 `json:"recording_s"` // the whole recording
	Verdict     string  `json:"verdict"`     // short, ok, near, over
	OverByS     float64 `json:"over_by_s"`
	SpareS      float64 `json:"spare_s"`
	FirstWordS  float64 `json:"first_word_s"`
	SpeakingS   float64 `json:"speaking_s"`
	SpeechFound bool    `json:"speech_found"`
	// Pauses are the silences of PauseS or more, each classed "pause" or
	// "long" (LongPauseS or more).
	Pauses        []Pause `json:"pauses"`
	PauseCount    int     `json:"pause_count"`      // every entry of Pauses
	LongCount     int     `json:"long_pause_count"` // those of class "long"
	LongestPauseS float64 `json:"longest_pause_s"`
	// MeasuredNow is set when the timing file was missing and the
	// recording was timed for this view.
	MeasuredNow bool `json:"measured_now,omitempty"`
}

// Speech are the figures of how the answer was spoken.
type Speech struct {
	Words int     `json:"words"`
	WPM   float64 `json:"wpm"`
	Pace  string  `json:"pace"`
	// Fillers and FillersPerMin are withheld (null) when the transcript
	// looks unreliable: fillers an engine invented are not the speaker's.
	Fillers       *int     `json:"fillers"`
	FillersPerMin *float64 `json:"fillers_per_min"`
	// FillersNotMeasured says why the fillers are null when the engine
	// could not hear them (it leaves "um" and "uh" out).
	FillersNotMeasured string `json:"fillers_not_measured,omitempty"`
	I                  int    `json:"i"`
	We                 int    `json:"we"`
	// Hedges are the hedges and weak words ("I think", "maybe", "just"),
	// counted on the words the engine was sure of; null, with the
	// fillers, when the transcript is too unreliable to judge.
	Hedges    *int           `json:"hedges"`
	HedgesTop []speech.Count `json:"hedges_top"`
}

// Star is the STAR check's result. Sections are named by their letters
// (S, T, A, R) everywhere.
type Star struct {
	Coverage string   `json:"coverage"` // "STAR", with "-" for a missing section: "S-AR"
	Present  []string `json:"present"`
	Missing  []string `json:"missing"`
	Complete bool     `json:"complete"`
	Shares   Shares   `json:"shares"`
	Timed    bool     `json:"timed"` // shares of time (true) or of words
	// Score is null when the answer was not judged; NotJudged then says
	// why, with the fix in the first finding.
	Score *int `json:"score"`
	// Band is what the score means: "ready", "close" or "rework" (see
	// star.BandOf); "" when not judged.
	Band       string         `json:"band,omitempty"`
	NotJudged  string         `json:"not_judged,omitempty"`
	Words      int            `json:"words"`
	Reflection bool           `json:"reflection"`
	Findings   []star.Finding `json:"findings"` // most important first
	// Tips are the top findings' messages, the coaching a view prints.
	Tips []string `json:"tips"`
	// Push is the follow-up a Bar Raiser would ask next, from the top
	// finding; null for a strong answer or one not judged.
	Push *probe.Probe `json:"push"`
	// Quality is the transcript's quality estimate.
	Quality *quality.Estimate `json:"quality,omitempty"`
	// CheckedNow is set when the STAR file was missing or unreadable and
	// the check was made from the transcript for this view.
	CheckedNow bool `json:"checked_now,omitempty"`
}

// Shares are each section's part of the answer, 0 to 1.
type Shares struct {
	S float64 `json:"S"`
	T float64 `json:"T"`
	A float64 `json:"A"`
	R float64 `json:"R"`
}

// Options are the word lists an assessment uses; nil means the built-in
// ones. The user's own lists change every figure that comes from them.
type Options struct {
	Speech *speech.Lexicon
	Star   *star.Lexicon
	Probes *probe.Set
	// Fit checks answers against what their question listens for (the
	// user's signals.toml included); nil: fit.Default.
	Fit *fit.Checker
	// Questions finds a question's own signals in the banks; nil: the
	// principles' signals alone.
	Questions Questions
}

func (o Options) withDefaults() Options {
	if o.Speech == nil {
		o.Speech = speech.DefaultLexicon()
	}
	if o.Star == nil {
		o.Star = star.DefaultLexicon()
	}
	if o.Probes == nil {
		o.Probes = probe.Default()
	}
	if o.Fit == nil {
		o.Fit = fit.Default()
	}
	// The STAR check and the probes count pronouns and numbers with the
	// speech figures' lists, so that the user's entries change all alike.
	o.Star = o.Star.WithWords(o.Speech.Words())
	o.Probes = o.Probes.WithSpeech(o.Speech)
	return o
}

// Build assesses answer i of session s, whose files are in dir. It never
// fails: what cannot be read is named in Missing and Warnings, and what
// can be made again is (the timing from the recording, the STAR check from
// the transcript).
func Build(s *session.Session, dir string, i int, o Options) Answer {
	o = o.withDefaults()
	a := s.Answers[i]
	ans := Answer{
		Schema:     Schema,
		Session:    s.ID,
		N:          i + 1,
		Kind:       a.Kind,
		Principles: []string{},
		Prompt:     a.Prompt,
		FollowsUp:  a.Parent,
		Story:      a.Story,
		Retakes:    a.Retake,
		Counted:    s.Counts(i),
		NoSpeech:   a.NoSpeech,
		Status:     a.Status,
		Error:      a.Error,
		Imported:   a.Imported,
		Files:      Files{WAV: a.WAV, Timing: a.Timing, Transcript: a.Transcript, Star: a.Star},
		Missing:    []string{},
		LimitS:     Limit(s, a),
		Overflows:  a.Overflows,
		Warnings:   []string{},
		RecordedS:  a.DurationS,
	}
	if ans.Kind == "" {
		ans.Kind = session.KindAnswer
	}
	var asked *prompts.Question
	if a.Question >= 0 && a.Question < len(s.Questions) {
		q := s.Questions[a.Question]
		ans.QuestionID, ans.Question = q.ID, q.Text
		if q.Principles != nil {
			ans.Principles = q.Principles
		}
		if pq, ok := askedQuestion(q, o); ok {
			asked = &pq
		}
	}
	warn := func(format string, args ...any) { ans.Warnings = append(ans.Warnings, fmt.Sprintf(format, args...)) }
	missing := func(what string) { ans.Missing = append(ans.Missing, what) }
	// Errors name files by their place in the session folder.
	short := func(err error) string {
		msg := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		if errors.Is(err, fs.ErrNotExist) {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return filepath.Base(pe.Path) + ": missing"
			}
		}
		return msg
	}

	switch a.Status {
	case session.StatusRecording:
		warn("the recording was cut off before it was saved: run 'starcoach repair %s'", filepath.Join(dir, a.WAV))
	case session.StatusFailed:
		if a.Error != "" {
			warn("transcription failed: %s", a.Error)
		} else {
			warn("transcription failed")
		}
	}

	wavPath := ""
	if a.WAV != "" {
		wavPath = filepath.Join(dir, a.WAV)
	}
	wavThere := false
	if wavPath != "" {
		f, err := safefile.Open(wavPath)
		switch {
		case err == nil:
			f.Close()
			wavThere = true
		case !errors.Is(err, fs.ErrNotExist):
			// There, but not a file to read: say what it is.
			missing("recording")
			warn("%s", short(err))
		}
	}
	if !wavThere && !slices.Contains(ans.Missing, "recording") {
		missing("recording")
		name := a.WAV
		if name == "" {
			name = "none was saved"
		}
		warn("recording missing: %s", name)
	}

	// Timing: the saved analysis, else, when none was saved, the
	// recording timed now; by LoadTiming's rule, a saved timing that
	// cannot be read is not replaced by a measurement.
	var tm *analyze.Result
	savedUnreadable := false
	if a.Timing != "" {
		if res, err := readTiming(filepath.Join(dir, a.Timing), ans.LimitS); err != nil {
			warn("%s", short(err))
			savedUnreadable = !errors.Is(err, fs.ErrNotExist)
		} else {
			tm = &res
		}
	}
	measuredNow := false
	if tm == nil && wavThere && !savedUnreadable {
		if res, err := Measure(wavPath, ans.LimitS); err != nil {
			warn("%s", short(err))
		} else {
			tm, measuredNow = &res, true
			warn("timing measured from the recording now: it was not saved")
		}
	}
	if tm == nil {
		missing("timing")
		if a.Timing == "" {
			warn("no timing: the recording was not analysed")
		}
	} else {
		for _, w := range tm.Warnings {
			warn("%s", w)
		}
	}

	var tr *transcript.Transcript
	if a.Transcript != "" {
		t, err := transcript.Load(filepath.Join(dir, a.Transcript))
		if err != nil {
			warn("%s", short(err))
		} else {
			tr = t
		}
	}
	if tr == nil {
		missing("transcript")
		if a.Transcript == "" && a.Status != session.StatusFailed {
			if s.ID != "" {
				warn("no transcript: run 'starcoach transcribe --session %s'", s.ID)
			} else {
				warn("no transcript: run 'starcoach transcribe %s'", filepath.Join(dir, a.WAV))
			}
		}
	}

	var sr *star.Result
	if a.Star != "" {
		var res star.Result
		err := jsonfile.Read(filepath.Join(dir, a.Star), &res)
		switch {
		case err == nil:
			sr = &res
		case tr != nil:
			warn("%s; the STAR check was made again from the transcript", short(err))
		default:
			warn("%s", short(err))
		}
	}
	ans.fill(tm, tr, sr, asked, o)
	if ans.Timing != nil {
		ans.Timing.MeasuredNow = measuredNow
	}
	if ans.Check == nil {
		missing("star")
	}

	if a.Overflows > 0 {
		warn("audio was lost %s while recording (input overflow): close busy programs or record with a larger buffer", figure.Times(int(a.Overflows)))
	}
	return ans
}

// Of assesses an answer from what is known of it: its timing (nil when it
// was not timed), its transcript (nil when not transcribed) and its STAR
// check (nil: made now from the transcript), against limitS.
func Of(limitS float64, tm *analyze.Result, tr *transcript.Transcript, sr *star.Result, o Options) Answer {
	ans := Answer{Schema: Schema, Kind: session.KindAnswer, Counted: true, Principles: []string{}, Missing: []string{}, LimitS: limitS, Warnings: []string{}}
	ans.fill(tm, tr, sr, nil, o.withDefaults())
	return ans
}

// OfQuestion is Of for an answer to question q: its fit to q is judged
// too.
func OfQuestion(q prompts.Question, limitS float64, tm *analyze.Result, tr *transcript.Transcript, sr *star.Result, o Options) Answer {
	ans := Answer{Schema: Schema, Kind: session.KindAnswer, Counted: true, QuestionID: q.ID, Question: q.Text, Principles: []string{}, Missing: []string{}, LimitS: limitS, Warnings: []string{}}
	if q.Principles != nil {
		ans.Principles = q.Principles
	}
	ans.fill(tm, tr, sr, &q, o.withDefaults())
	return ans
}

// fill sets the timing, speech, STAR and fit parts from what is known;
// asked is the question the answer was asked, nil when none is known.
func (ans *Answer) fill(tm *analyze.Result, tr *transcript.Transcript, sr *star.Result, asked *prompts.Question, o Options) {
	if tm != nil {
		t := ForKind(ans.Kind, Rejudge(*tm, ans.LimitS))
		ans.Analysis = &t
		ans.Timing = timingOf(t)
	}
	if tr != nil {
		ans.Transcript = tr
		ans.Speech = speechOf(measureSpeech(tr, ans.Analysis, o))
		if why := ans.Speech.FillersNotMeasured; why != "" {
			ans.Warnings = append(ans.Warnings, "fillers not measured: "+why)
		}
	}
	checkedNow := false
	if sr == nil && tr != nil {
		res := Check(tr, ans.Analysis, ans.LimitS, o)
		sr, checkedNow = &res, true
	}
	if sr != nil && sr.Quality == nil && tr != nil {
		// Checked before transcripts were judged. A saved check keeps the
		// scores it was saved with; where today's gate would refuse the
		// transcript, the reader is told so, not given another score.
		q := quality.Judge(tr, speakingS(tm), quality.SystemDictionary())
		if !checkedNow && !q.Reliable() {
			ans.Warnings = append(ans.Warnings, olderRule("before transcripts were judged; this one looks unreliable ("+q.Why()+")", ans.Session))
		} else {
			sr.Gate(q)
		}
	}
	if sr == nil {
		ans.Voice = voiceOf(ans.Analysis, nil)
		return
	}
	if why := notMeasured(ans.Speech); why != "" && sr.FillersNotMeasured == "" {
		if p, counted := sr.ScoreParts["fillers"]; !checkedNow && counted && !p.NotMeasured {
			// Saved before the engine's hesitations were known: its
			// fillers part stays as saved, said to be out of date.
			ans.Warnings = append(ans.Warnings, olderRule("that counted fillers this engine does not hear ("+why+")", ans.Session))
		} else {
			sr.WithholdFillers(why)
		}
	}
	ans.Check = sr
	ans.Voice = voiceOf(ans.Analysis, sr)
	if !sr.Judged() && ans.Speech != nil {
		ans.Speech.Fillers, ans.Speech.FillersPerMin = nil, nil
		ans.Speech.Hedges, ans.Speech.HedgesTop = nil, []speech.Count{}
	}
	if ans.Kind == session.KindFollowUp {
		// A reply to a push is judged against the push, not as a STAR
		// answer.
		if sr.Judged() {
			r := o.Probes.JudgeReply(ans.Prompt, tr, o.Star)
			ans.Reply = &r
		} else {
			ans.Warnings = append(ans.Warnings, "reply not judged: "+sr.NotJudged)
		}
		return
	}
	if asked != nil && tr != nil {
		ans.Fit = fitOf(*asked, tr, sr, o)
	}
	ans.Star = StarOf(*sr)
	ans.Star.CheckedNow = checkedNow
	if p, ok := fitPush(*sr, ans.Fit); ok {
		ans.Star.Push = &p
	} else if p, ok := o.Probes.Choose(tr, *sr); ok && tr != nil {
		ans.Star.Push = &p
	}
}

// olderRule is the warning on a saved STAR check made by a rule that has
// changed since: its scores are shown as saved, and the way to check again
// is named.
func olderRule(what, session string) string {
	again := "'starcoach transcribe --force' on its recording"
	if session != "" {
		again = "'starcoach transcribe --force --session " + session + "'"
	}
	return "STAR check saved by an older rule, " + what + ": its score is shown as saved; run " + again + " to check it again"
}

// notMeasured is why the speech figures could not measure fillers, "" when
// they did or there are none.
func notMeasured(sp *Speech) string {
	if sp == nil {
		return ""
	}
	return sp.FillersNotMeasured
}

// ForKind is timing t judged as an answer of kind is judged, the one rule
// every view (the line said right after recording, the summary, JSON, the
// review page) uses: a follow-up's reply to a push is meant to be short, so
// only its own limit counts against it, and a reply with speech in it is
// never "short". An answer's timing is returned as it is.
func ForKind(kind string, t analyze.Result) analyze.Result {
	if kind == session.KindFollowUp && t.Verdict == analyze.Short && t.SpeechFound {
		t.Verdict = analyze.OK
	}
	return t
}

// All assesses every answer of session s.
func All(s *session.Session, dir string, o Options) []Answer {
	o = o.withDefaults()
	out := make([]Answer, 0, len(s.Answers))
	for i := range s.Answers {
		out = append(out, Build(s, dir, i, o))
	}
	return out
}

// Check makes the STAR check of an answer: its transcript, its timing (nil
// when not timed) judged against limitS, and its filler count from the
// speech figures, so that the check's fillers finding and score say the
// figure every view shows. Every STAR check of an answer is made here.
func Check(tr *transcript.Transcript, tm *analyze.Result, limitS float64, o Options) star.Result {
	o = o.withDefaults()
	st := StarTiming(tm, limitS)
	f := measureSpeech(tr, tm, o)
	st.Fillers = &star.Fillers{NotMeasured: f.Fillers.NotMeasured, Count: f.Fillers.Count, PerMin: f.Fillers.PerMin, Kinds: map[string]int{}}
	for _, c := range f.Fillers.Top {
		st.Fillers.Kinds[c.Text] = c.Count
	}
	return star.Check(tr, st, o.Star)
}

// measureSpeech is the speech figures of a transcript, over the speaking
// time of its timing when there is one.
func measureSpeech(tr *transcript.Transcript, tm *analyze.Result, o Options) speech.Figures {
	speaking := 0.0
	if tm != nil {
		speaking = tm.SpeakingS
	}
	return speech.Measure(tr, speaking, o.Speech)
}

// StarTiming is what the STAR check needs of an answer's timing, judged
// against limitS; with no timing only the limit is known.
func StarTiming(tm *analyze.Result, limitS float64) *star.Timing {
	if tm == nil {
		return &star.Timing{LimitS: limitS}
	}
	t := Rejudge(*tm, limitS)
	st := &star.Timing{DurationS: t.AnswerS, LimitS: limitS, SpeechStartS: t.SpeechStartS, SpeechEndS: t.SpeechEndS, Verdict: t.Verdict, SpeakingS: t.SpeakingS}
	// The long pauses on the pause scale: those between the first and the
	// last word are the check's dead air.
	for _, g := range LongPauses(t.Gaps) {
		st.Pauses = append(st.Pauses, star.Pause{StartS: g.StartS, DurationS: g.DurationS})
	}
	return st
}

// TimingOf is the timing part of an assessment, from an analysis already
// judged against the answer's limit.
func timingOf(r analyze.Result) *Timing {
	t := &Timing{
		AnswerS:       r.AnswerS,
		RecordingS:    Round(r.DurationS, 3),
		Verdict:       r.Verdict,
		OverByS:       r.OverByS,
		SpareS:        r.SpareS,
		FirstWordS:    r.SpeechStartS,
		SpeakingS:     r.SpeakingS,
		SpeechFound:   r.SpeechFound,
		Pauses:        Pauses(r.Gaps),
		LongestPauseS: r.LongestGapS,
	}
	t.PauseCount = len(t.Pauses)
	for _, p := range t.Pauses {
		if p.Class == ClassLong {
			t.LongCount++
		}
	}
	return t
}

// TimingOf is the timing part of an assessment of r judged against
// limitS.
func TimingOf(r analyze.Result, limitS float64) *Timing { return timingOf(Rejudge(r, limitS)) }

// StarOf is the STAR part of an assessment.
func StarOf(r star.Result) *Star {
	s := &Star{Present: []string{}, Missing: []string{}, Findings: r.Findings, Timed: r.Timed, Words: r.Words, Reflection: r.Reflection.Present, Quality: r.Quality, NotJudged: r.NotJudged, Tips: []string{}}
	if r.Judged() {
		score := r.Score
		s.Score, s.Band = &score, star.BandOf(score)
	}
	if s.Findings == nil {
		s.Findings = []star.Finding{}
	}
	for _, f := range s.Findings {
		// Not judged, every finding left is about time and is a tip.
		if r.Judged() && (len(s.Tips) == MaxTips || (len(s.Tips) > 0 && f.Severity == star.Low)) {
			break
		}
		s.Tips = append(s.Tips, f.Message)
	}
	sh := r.Shares()
	s.Shares = Shares{Round(sh[star.S], 3), Round(sh[star.T], 3), Round(sh[star.A], 3), Round(sh[star.R], 3)}
	var b strings.Builder
	for l := star.S; l <= star.R; l++ {
		if slices.Contains(r.Missing, l) {
			b.WriteByte('-')
			s.Missing = append(s.Missing, l.String())
		} else {
			b.WriteString(l.String())
			s.Present = append(s.Present, l.String())
		}
	}
	s.Coverage = b.String()
	s.Complete = len(s.Missing) == 0
	return s
}

// SpeechOf is the speech part of an assessment.
func SpeechOf(f speech.Figures) *Speech { return speechOf(f) }

// MaxTips is how many of its top findings a judged answer's tips hold; a
// low finding is a tip only when it is the top one. An answer not judged
// has all its findings as tips: why, and those about time.
const MaxTips = 2

// speakingS is the speaking time of a timing, 0 without one.
func speakingS(tm *analyze.Result) float64 {
	if tm == nil {
		return 0
	}
	return tm.SpeakingS
}

func isRegular(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// Loose assesses a recording kept outside any session, from the files
// beside it (see Paths): its timing, saved or measured now, against limitS
// (0: the limit the saved timing was measured against, else
// DefaultLimitS);
// its transcript; its STAR check, saved or made now. wavPath may name a
// recording that is gone when its transcript is still there.
func Loose(wavPath string, limitS float64, o Options) Answer {
	dir, name := filepath.Split(wavPath)
	if dir == "" {
		dir = "."
	}
	p := Paths(name)
	a := session.Answer{Question: -1, Kind: session.KindAnswer, Status: session.StatusRecorded, WAV: name}
	if isRegular(filepath.Join(dir, p.Timing)) {
		a.Timing = p.Timing
		var saved analyze.Result
		if limitS <= 0 && jsonfile.Read(filepath.Join(dir, p.Timing), &saved) == nil && saved.LimitS > 0 {
			limitS = saved.LimitS
		}
	}
	if isRegular(filepath.Join(dir, p.Transcript)) {
		a.Transcript = p.Transcript
		a.Status = session.StatusTranscribed
	}
	if isRegular(filepath.Join(dir, p.Star)) {
		a.Star = p.Star
	}
	s := &session.Session{Settings: session.Settings{LimitS: limitS}, Answers: []session.Answer{a}}
	ans := Build(s, filepath.Clean(dir), 0, o)
	ans.N = 0
	return ans
}

// TimeText is the answer's time against its limit, as every command says
// it (analyze.TimeLine): "1:10 of 1:00, over by 10 s", "1:47 of 2:00,
// near, 13 s to spare", "0:49 recorded, not timed".
func (a Answer) TimeText() string {
	t := a.Timing
	if t == nil {
		return fmt.Sprintf("%s recorded, not timed", timefmt.Clock(a.RecordedS))
	}
	return analyze.TimeLine(analyze.Result{AnswerS: t.AnswerS, LimitS: a.LimitS, Verdict: t.Verdict,
		OverByS: t.OverByS, SpareS: t.SpareS, SpeechFound: t.SpeechFound})
}

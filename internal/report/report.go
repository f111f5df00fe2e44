// Package report turns a practice session into a report: one row of
// figures per answer (timing against the limit, pauses, pace, fillers,
// "I" against "we", STAR coverage and score, stories that look reused)
// with the session's totals and averages, written as text, Markdown, CSV,
// JSON or a self-contained HTML page; and it follows the same figures
// across sessions (History).
//
// Load reads what the session folder holds and never fails on a missing
// or unreadable answer file: the answer is reported with what is there
// and the report says what is missing. Every format is written from the
// same Report, so a figure reads the same in all of them.
package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/transcript"
)

// LongPauseS is the pause length a listener notices (DOMAIN.md): pauses
// of this length or more are the "long pauses" of a report.
const LongPauseS = 1.0

// maxFileBytes bounds the JSON files of an answer that Load reads: a
// two-minute answer's transcript is tens of kilobytes.
const maxFileBytes = 16 << 20

// Options tune Load. The zero value uses the built-in word lists and
// makes no level envelope.
type Options struct {
	Speech *speech.Lexicon // nil: the built-in word lists
	Star   *star.Lexicon   // nil: the built-in STAR lexicon
	// EnvelopePoints is how many level points to compute per recording
	// for the HTML timeline; 0 reads no audio unless the timing is missing.
	EnvelopePoints int
	// StoryThreshold is the similarity from which two answers are taken
	// for the same story; 0 means story.DefaultThreshold.
	StoryThreshold float64
}

// Report is one session's report.
type Report struct {
	Session  string    `json:"session"`
	Created  time.Time `json:"created"`
	Bank     string    `json:"bank,omitempty"`
	Engine   string    `json:"engine,omitempty"`
	Finished bool      `json:"finished"`
	Answers  []Answer  `json:"answers"`
	Totals   Totals    `json:"totals"`
	// History is filled by the caller when asked for (report --history).
	History []Point `json:"history,omitempty"`
	// Stories is the story bank across every session, as 'starcoach
	// stories --json' prints it; filled by the caller (storybank.Load).
	Stories *storybank.Bank `json:"stories,omitempty"`
}

// Answer is the row of one answer. Timing, Speech and Star are nil when
// the files they come from are missing.
type Answer struct {
	N          int      `json:"n"` // 1-based, in recording order
	Kind       string   `json:"kind"`
	Question   string   `json:"question"`
	Principles []string `json:"principles"`
	Prompt     string   `json:"prompt,omitempty"`     // the follow-up push
	FollowsUp  int      `json:"follows_up,omitempty"` // the answer a follow-up follows
	Status     string   `json:"status"`
	Files      Files    `json:"files"`
	// Missing names what could not be read: "recording", "timing",
	// "transcript", "star".
	Missing   []string `json:"missing"`
	LimitS    float64  `json:"limit_s"`
	Timing    *Timing  `json:"timing"`
	Speech    *Speech  `json:"speech"`
	Star      *Star    `json:"star"`
	Reused    []Reuse  `json:"reused"`
	Overflows int64    `json:"overflows"`
	// Warnings are the one-line notes a reader should see: missing files,
	// lost audio, a failed transcription, a reused story, level problems.
	Warnings []string `json:"warnings"`

	// For the HTML timeline and transcript.
	RecordingS float64        `json:"-"`
	Gaps       []analyze.Gap  `json:"-"`
	Sections   []star.Section `json:"-"`
	Envelope   []float64      `json:"-"`
	Text       string         `json:"-"`
	// Passages are the transcript for reading, in its STAR sections when
	// it was checked, with the fillers apart.
	Passages   []Passage      `json:"-"`
	Findings   []star.Finding `json:"-"`
	scoreParts map[string]star.Part
}

// Files are the answer's files, relative to the session folder.
type Files struct {
	WAV        string `json:"wav"`
	Timing     string `json:"timing"`
	Transcript string `json:"transcript"`
	Star       string `json:"star"`
}

// Timing is what the timing analysis measured.
type Timing struct {
	DurationS     float64 `json:"duration_s"`  // from the start to the last word: what the limit applies to
	RecordingS    float64 `json:"recording_s"` // the whole recording
	Verdict       string  `json:"verdict"`     // short, ok, near, over
	OverByS       float64 `json:"over_by_s"`
	FirstWordS    float64 `json:"first_word_s"`
	SpeakingS     float64 `json:"speaking_s"`
	LongPauses    int     `json:"long_pauses"` // pauses of LongPauseS or more
	LongestPauseS float64 `json:"longest_pause_s"`
	SpeechFound   bool    `json:"speech_found"`
	// MeasuredNow is set when the timing file was missing and the
	// recording was analysed for the report.
	MeasuredNow bool `json:"measured_now,omitempty"`
}

// Speech are the transcript's speech figures.
type Speech struct {
	Words         int     `json:"words"`
	WPM           float64 `json:"wpm"`
	Pace          string  `json:"pace"`
	Fillers       int     `json:"fillers"`
	FillersPerMin float64 `json:"fillers_per_min"`
	I             int     `json:"i"`
	We            int     `json:"we"`
}

// Star is the STAR check's summary.
type Star struct {
	Coverage string   `json:"coverage"` // "STAR", with "-" for a missing section: "S-AR"
	Complete bool     `json:"complete"`
	Missing  []string `json:"missing"`
	Shares   Shares   `json:"shares"`
	Timed    bool     `json:"timed"` // shares of time (true) or of words
	Score    int      `json:"score"`
	Findings []string `json:"findings"` // the messages, most important first
	// CheckedNow is set when the STAR file was missing and the check was
	// made from the transcript for the report.
	CheckedNow bool `json:"checked_now,omitempty"`
}

// Shares are each section's part of the answer, 0 to 1.
type Shares struct {
	S float64 `json:"S"`
	T float64 `json:"T"`
	A float64 `json:"A"`
	R float64 `json:"R"`
}

// Reuse says an answer looks like the same story as another one.
type Reuse struct {
	Answer int      `json:"answer"`
	Score  float64  `json:"score"`
	Shared []string `json:"shared"`
}

// Load reads session id (anything Store.Resolve takes) into a Report.
func Load(store *session.Store, id string, opts Options) (*Report, error) {
	id, err := store.Resolve(id)
	if err != nil {
		return nil, err
	}
	sess, err := store.Load(id)
	if err != nil {
		return nil, err
	}
	// The folder's name is the id a user types, whatever the file says.
	sess.ID = id
	return Build(sess, store.SessionDir(id), opts), nil
}

// Build makes the report of a session whose files are in dir.
func Build(sess *session.Session, dir string, opts Options) *Report {
	if opts.Speech == nil {
		opts.Speech = speech.DefaultLexicon()
	}
	if opts.Star == nil {
		opts.Star = star.DefaultLexicon()
	}
	if opts.StoryThreshold <= 0 {
		opts.StoryThreshold = story.DefaultThreshold
	}
	r := &Report{
		Session:  sess.ID,
		Created:  sess.Created,
		Bank:     sess.Settings.Bank,
		Engine:   sess.Engine,
		Finished: sess.Finished,
		Answers:  make([]Answer, 0, len(sess.Answers)),
	}
	for i, a := range sess.Answers {
		r.Answers = append(r.Answers, loadAnswer(sess, dir, i, a, opts))
	}
	markReuse(r.Answers, opts.StoryThreshold)
	r.Totals = totals(r.Answers)
	return r
}

func loadAnswer(sess *session.Session, dir string, i int, a session.Answer, opts Options) Answer {
	row := Answer{
		N:          i + 1,
		Kind:       a.Kind,
		Principles: []string{},
		Status:     a.Status,
		Files:      Files{WAV: a.WAV, Timing: a.Timing, Transcript: a.Transcript, Star: a.Star},
		Missing:    []string{},
		Reused:     []Reuse{},
		Overflows:  a.Overflows,
		Warnings:   []string{},
	}
	if row.Kind == "" {
		row.Kind = session.KindAnswer
	}
	if a.Question >= 0 && a.Question < len(sess.Questions) {
		q := sess.Questions[a.Question]
		row.Question = q.Text
		if q.Principles != nil {
			row.Principles = q.Principles
		}
		row.LimitS = q.LimitS
	}
	if row.Kind == session.KindFollowUp {
		row.Prompt = a.Prompt
		row.FollowsUp = a.Parent
	}
	if !(row.LimitS > 0) {
		row.LimitS = sess.Settings.LimitS
	}
	if !(row.LimitS > 0) {
		row.LimitS = star.DefaultLimitS
	}
	warn := func(format string, args ...any) { row.Warnings = append(row.Warnings, fmt.Sprintf(format, args...)) }
	missing := func(what string) { row.Missing = append(row.Missing, what) }

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
	wavThere := wavPath != "" && fileExists(wavPath)
	if !wavThere {
		missing("recording")
		warn("recording missing: %s", orNotMade(a.WAV))
	}

	// Timing: the saved analysis, else the recording analysed now.
	var tm *analyze.Result
	if a.Timing != "" {
		var res analyze.Result
		if err := readJSON(filepath.Join(dir, a.Timing), &res); err != nil {
			warn("%s", err)
		} else {
			tm = &res
		}
	}
	measuredNow := false
	if tm == nil && wavThere {
		if res, err := analyzeFile(wavPath, row.LimitS); err != nil {
			warn("%s: %v", a.WAV, err)
		} else {
			tm, measuredNow = &res, true
			warn("timing measured from the recording for this report")
		}
	}
	if tm == nil {
		missing("timing")
		if a.Timing == "" {
			warn("no timing: the recording was not analysed")
		}
	} else {
		row.Timing = timingOf(*tm, row.LimitS)
		row.Timing.MeasuredNow = measuredNow
		row.RecordingS = tm.DurationS
		row.Gaps = tm.Gaps
		for _, w := range tm.Warnings {
			warn("%s", w)
		}
	}

	// Transcript and the figures made from it.
	var tr *transcript.Transcript
	if a.Transcript != "" {
		path := filepath.Join(dir, a.Transcript)
		if err := withFile(path, func(f *os.File) error {
			t, err := transcript.Decode(f)
			tr = t
			return err
		}); err != nil {
			warn("%s", err)
			tr = nil
		}
	}
	if tr == nil {
		missing("transcript")
		if a.Transcript == "" && a.Status != session.StatusFailed {
			warn("no transcript: run 'starcoach transcribe --session %s'", sess.ID)
		}
	} else {
		speaking := 0.0
		if tm != nil {
			speaking = tm.SpeakingS
		}
		f := speech.Measure(tr, speaking, opts.Speech)
		row.Speech = &Speech{Words: f.Words, WPM: f.WPM, Pace: f.Pace, Fillers: f.Fillers.Count, FillersPerMin: f.Fillers.PerMin, I: f.I, We: f.We}
		row.Text = tr.Text
	}

	// STAR check: the saved one, else made now from the transcript.
	var sr *star.Result
	var starErr error
	if a.Star != "" {
		var res star.Result
		if starErr = readJSON(filepath.Join(dir, a.Star), &res); starErr == nil {
			sr = &res
		}
	}
	checkedNow := false
	if sr == nil && tr != nil {
		res := star.Check(tr, assess.StarTiming(tm, row.LimitS), opts.Star)
		sr, checkedNow = &res, true
		if starErr != nil {
			warn("%s; the STAR check was made again from the transcript", starErr)
		}
	} else if starErr != nil {
		warn("%s", starErr)
	}
	if sr == nil {
		missing("star")
	} else {
		row.Star = starOf(*sr)
		row.Star.CheckedNow = checkedNow
		row.Sections = sr.Sections
		row.Findings = sr.Findings
		row.scoreParts = sr.ScoreParts
	}
	if tr != nil {
		row.Passages = passages(tr.Text, sr, opts.Speech)
	}

	if a.Overflows > 0 {
		warn("audio was lost %d %s while recording (input overflow): close busy programs or record with a larger buffer", a.Overflows, plural(a.Overflows, "time", "times"))
	}
	if opts.EnvelopePoints > 0 && wavThere {
		hint := int64(0)
		if tm != nil {
			hint = tm.Frames
		}
		env, err := envelopeFile(wavPath, opts.EnvelopePoints, hint)
		if err != nil {
			warn("%s: no level envelope: %v", a.WAV, err)
		} else {
			row.Envelope = env
			if row.RecordingS == 0 {
				row.RecordingS = a.DurationS
			}
		}
	}
	return row
}

func orNotMade(name string) string {
	if name == "" {
		return "none was saved"
	}
	return name
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func timingOf(r analyze.Result, limitS float64) *Timing {
	t := &Timing{
		DurationS:     r.AnswerS,
		RecordingS:    round(r.DurationS, 3),
		Verdict:       r.Verdict,
		FirstWordS:    r.SpeechStartS,
		SpeakingS:     r.SpeakingS,
		LongestPauseS: r.LongestGapS,
		SpeechFound:   r.SpeechFound,
	}
	for _, g := range r.Gaps {
		if g.DurationS >= LongPauseS {
			t.LongPauses++
		}
	}
	// The saved analysis was timed against the limit in force then; the
	// report times it against the question's own, by the analysis's rules.
	if limitS > 0 && r.LimitS != limitS {
		switch {
		case !r.SpeechFound:
			t.Verdict = analyze.Short
		case r.AnswerS > limitS:
			t.Verdict = analyze.Over
		case r.AnswerS >= limitS-r.NearS:
			t.Verdict = analyze.Near
		case r.AnswerS < r.ShortS:
			t.Verdict = analyze.Short
		default:
			t.Verdict = analyze.OK
		}
	}
	if r.SpeechFound && r.AnswerS > limitS {
		t.OverByS = round(r.AnswerS-limitS, 3)
	}
	return t
}

func starOf(r star.Result) *Star {
	s := &Star{Missing: []string{}, Findings: []string{}, Score: r.Score, Timed: r.Timed}
	sh := r.Shares()
	s.Shares = Shares{round(sh[star.S], 3), round(sh[star.T], 3), round(sh[star.A], 3), round(sh[star.R], 3)}
	var b strings.Builder
	for l := star.S; l <= star.R; l++ {
		if slices.Contains(r.Missing, l) {
			b.WriteByte('-')
			s.Missing = append(s.Missing, l.Name())
		} else {
			b.WriteString(l.String())
		}
	}
	s.Coverage = b.String()
	s.Complete = len(s.Missing) == 0
	for _, f := range r.Findings {
		s.Findings = append(s.Findings, f.Message)
	}
	return s
}

// markReuse compares the main answers' transcripts with each other; a
// follow-up continues its answer's story by design and is left out.
func markReuse(rows []Answer, threshold float64) {
	ix := story.NewIndex(story.Options{MaxShared: 4})
	byID := map[string]int{}
	for i, r := range rows {
		if r.Kind == session.KindFollowUp || strings.TrimSpace(r.Text) == "" {
			continue
		}
		id := fmt.Sprint(r.N)
		byID[id] = i
		ix.Add(story.Doc{ID: id, Text: r.Text})
	}
	for _, m := range ix.Pairs(threshold) {
		a, b := byID[m.A], byID[m.B]
		score := round(m.Score, 2)
		rows[a].Reused = append(rows[a].Reused, Reuse{Answer: rows[b].N, Score: score, Shared: m.Shared})
		rows[b].Reused = append(rows[b].Reused, Reuse{Answer: rows[a].N, Score: score, Shared: m.Shared})
	}
	for i := range rows {
		for _, u := range rows[i].Reused {
			msg := fmt.Sprintf("looks like the same story as answer %d", u.Answer)
			if len(u.Shared) > 0 {
				msg += ": " + strings.Join(u.Shared, ", ")
			}
			rows[i].Warnings = append(rows[i].Warnings, msg)
		}
	}
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// withFile opens path and hands it to read; errors name the file.
func withFile(path string, read func(*os.File) error) error {
	f, err := safefile.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %s", filepath.Base(path), describeOpenError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > maxFileBytes {
		return fmt.Errorf("%s: too large (%d bytes) for an answer's file", filepath.Base(path), st.Size())
	}
	if err := read(f); err != nil {
		return fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	return nil
}

func describeOpenError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "missing"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	var nr *safefile.NotRegularError
	switch {
	case errors.As(err, &nr):
		return nr.Err.Error()
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

func readJSON(path string, v any) error {
	return withFile(path, func(f *os.File) error {
		if err := json.NewDecoder(f).Decode(v); err != nil {
			return fmt.Errorf("not readable JSON (%v)", err)
		}
		return nil
	})
}

func analyzeFile(path string, limitS float64) (analyze.Result, error) {
	f, err := safefile.Open(path)
	if err != nil {
		return analyze.Result{}, errors.New(describeOpenError(err))
	}
	defer f.Close()
	o := analyze.DefaultOptions()
	o.LimitS = limitS
	return analyze.Stream(f, o)
}

func round(v float64, places int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// Passage is a stretch of an answer's transcript: one STAR section's words
// (Label "S", "T", "A" or "R"), or the whole text (no label) when there is
// no STAR check, cut into pieces with each filler apart.
type Passage struct {
	Label  string
	Pieces []speech.Piece
}

// passages cuts the transcript text into its STAR sections, whose texts
// together are every word of it, falling back to the whole text.
func passages(text string, sr *star.Result, lex *speech.Lexicon) []Passage {
	var out []Passage
	if sr != nil {
		for _, sec := range sr.Sections {
			if strings.TrimSpace(sec.Text) != "" {
				out = append(out, Passage{Label: sec.Label.String(), Pieces: speech.MarkFillers(sec.Text, lex)})
			}
		}
	}
	if len(out) == 0 && strings.TrimSpace(text) != "" {
		out = []Passage{{Pieces: speech.MarkFillers(text, lex)}}
	}
	return out
}

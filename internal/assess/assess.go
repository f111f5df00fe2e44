// Package assess owns the assessment of one answer: the limit that applies
// to it, its time verdict, its pauses on the pause scale, its speech
// figures (pace, fillers, "I" against "we"), its STAR result, and where its
// files are. Every command that shows an answer (the practice summary,
// sessions show, import, star, compare, report, history, replay) renders
// an Answer made here, so a figure reads the same whichever command shows
// it.
//
// What an answer is judged on is kept beside its recording as it is made:
// the timing analysis (answer.wav.timing.json) and the STAR check
// (answer.star.json). Build reads them back; only what is missing is
// worked out again (the timing from the recording, the STAR check from the
// transcript), and the Answer says so.
package assess

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/jsonfile"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
)

// Schema is the version of the answer shape (Answer as JSON) that every
// command's --json prints. It changes when a field changes meaning or is
// removed; new fields may be added without a change.
const Schema = 1

// Limits.
const (
	// DefaultLimitS is an answer's limit when neither its question nor
	// its session sets one: two minutes, the usual target.
	DefaultLimitS float64 = star.DefaultLimitS
	// FollowUpLimitS is the limit of a reply to a follow-up push: a push
	// calls for a short, direct answer.
	FollowUpLimitS = 60.0
)

// Pause scale, in seconds: see analyze.PauseS and analyze.LongPauseS.
const (
	PauseS     = analyze.PauseS
	LongPauseS = analyze.LongPauseS
)

// Pause classes.
const (
	ClassPause = "pause"
	ClassLong  = "long"
)

// Files are the names of the files kept beside a recording. They are
// built the same way from a bare name ("01-own-1.wav") or a path.
type Files struct {
	WAV        string `json:"wav"`
	Timing     string `json:"timing"`
	Transcript string `json:"transcript"`
	Star       string `json:"star"`
}

// Paths returns the files kept beside the recording wav. The transcript
// and the STAR check drop a ".wav" ending ("take.wav" ->
// "take.transcript.json"); any other name keeps all of it ("take.WAV" ->
// "take.WAV.transcript.json"), so recordings whose names differ in the
// case or the kind of their extension never share a file. The one pair
// left, a name and the same name with ".wav" added ("take" and
// "take.wav"), is what SharedWith finds. The timing file always keeps the
// whole name.
func Paths(wav string) Files {
	base := wav
	if strings.HasSuffix(wav, ".wav") {
		base = strings.TrimSuffix(wav, ".wav")
	}
	return Files{
		WAV:        wav,
		Timing:     wav + ".timing.json",
		Transcript: base + ".transcript.json",
		Star:       base + ".star.json",
	}
}

// SharedWith returns the other recording beside wavPath whose transcript
// and STAR check would have the same names as its own (see Paths), when
// there is one: "take" for "take.wav", "take.WAV.wav" for "take.WAV".
// Writing either's files would hand the other its words.
func SharedWith(wavPath string) (string, bool) {
	other := wavPath + ".wav"
	if strings.HasSuffix(wavPath, ".wav") {
		other = strings.TrimSuffix(wavPath, ".wav")
	}
	if other == "" || Paths(other).Transcript != Paths(wavPath).Transcript {
		return "", false
	}
	if st, err := os.Lstat(other); err != nil || !st.Mode().IsRegular() {
		return "", false
	}
	return other, true
}

// Limit is the time limit that applies to answer a of session s: a
// follow-up has FollowUpLimitS; an answer has its question's limit as the
// session keeps it (a session started with --limit keeps that limit in
// every question it asks, see SessionQuestion), else the session's, else
// DefaultLimitS.
func Limit(s *session.Session, a session.Answer) float64 {
	if a.Kind == session.KindFollowUp {
		return FollowUpLimitS
	}
	if s != nil && a.Question >= 0 && a.Question < len(s.Questions) && s.Questions[a.Question].LimitS > 0 {
		return s.Questions[a.Question].LimitS
	}
	if s != nil && s.Settings.LimitS > 0 {
		return s.Settings.LimitS
	}
	return DefaultLimitS
}

// SessionQuestion is q as session s keeps it: with the session's own
// limit when it was started with one.
func SessionQuestion(s *session.Session, q session.Question) session.Question {
	if s != nil && s.Settings.LimitS > 0 {
		q.LimitS = s.Settings.LimitS
	}
	return q
}

// Verdict judges a timing against limitS by the one rule (analyze.Judge)
// with the thresholds the timing was measured with. overBy is how far past
// the limit the answer ran (0 unless over), spare how much was left.
func Verdict(t analyze.Result, limitS float64) (verdict string, overBy, spare float64) {
	d := analyze.DefaultOptions()
	shortS, nearS := t.ShortS, t.NearS
	if !(shortS > 0) {
		shortS = d.ShortS
	}
	if !(nearS > 0) {
		nearS = d.NearS
	}
	verdict = analyze.Judge(t.SpeechFound, t.AnswerS, limitS, shortS, nearS)
	if verdict == analyze.Over {
		overBy = round3(t.AnswerS - limitS)
	} else {
		spare = round3(math.Max(limitS-t.AnswerS, 0))
	}
	return verdict, overBy, spare
}

// Rejudge returns the timing with its verdict, over-by and spare times
// decided against limitS (a timing saved against another limit is judged
// again, never trusted for its verdict).
func Rejudge(t analyze.Result, limitS float64) analyze.Result {
	if t.LimitS == limitS {
		return t
	}
	t.Verdict, t.OverByS, t.SpareS = Verdict(t, limitS)
	t.LimitS = limitS
	t.LimitCrossedS = 0
	if t.Verdict == analyze.Over {
		t.LimitCrossedS = limitS
	}
	return t
}

// Pause is a silence of PauseS or more, with its class on the pause scale.
type Pause struct {
	StartS    float64 `json:"start_s"`
	EndS      float64 `json:"end_s"`
	DurationS float64 `json:"duration_s"`
	Class     string  `json:"class"` // ClassPause or ClassLong
}

// Pauses lists the gaps of PauseS or more, each with its class.
func Pauses(gaps []analyze.Gap) []Pause {
	out := []Pause{}
	for _, g := range gaps {
		if g.DurationS < PauseS {
			continue
		}
		c := ClassPause
		if g.DurationS >= LongPauseS {
			c = ClassLong
		}
		out = append(out, Pause{StartS: g.StartS, EndS: g.EndS, DurationS: g.DurationS, Class: c})
	}
	return out
}

// LongPauses lists the gaps of LongPauseS or more.
func LongPauses(gaps []analyze.Gap) []analyze.Gap {
	var out []analyze.Gap
	for _, g := range gaps {
		if g.DurationS >= LongPauseS {
			out = append(out, g)
		}
	}
	return out
}

// Measure times the recording at wavPath against limitS.
func Measure(wavPath string, limitS float64) (analyze.Result, error) {
	f, err := safefile.Open(wavPath)
	if err != nil {
		return analyze.Result{}, err
	}
	defer f.Close()
	o := analyze.DefaultOptions()
	o.LimitS = limitS
	t, err := analyze.Stream(f, o)
	if err != nil {
		return t, fmt.Errorf("%s: %w", wavPath, err)
	}
	t.File = filepath.Base(wavPath)
	return t, nil
}

// LoadTiming returns the timing saved beside the recording wavPath,
// judged against limitS; when there is no saved timing it measures the
// recording now (measured is then true) without saving anything. A saved
// timing that cannot be read is an error, not a reason to measure.
func LoadTiming(wavPath string, limitS float64) (t analyze.Result, measured bool, err error) {
	return loadTiming(wavPath, Paths(wavPath).Timing, limitS)
}

func loadTiming(wavPath, timingPath string, limitS float64) (analyze.Result, bool, error) {
	t, err := readTiming(timingPath, limitS)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return t, false, err
	}
	t, err = Measure(wavPath, limitS)
	return t, err == nil, err
}

// readTiming reads a saved timing and judges it against limitS.
func readTiming(timingPath string, limitS float64) (analyze.Result, error) {
	var t analyze.Result
	if err := jsonfile.Read(timingPath, &t); err != nil {
		return t, err
	}
	return Rejudge(t, limitS), nil
}

func round3(v float64) float64 { return figure.Round(v, 3) }

// Round3 rounds seconds to the millisecond, as every time is kept.
func Round3(v float64) float64 { return round3(v) }

// Round rounds v to places decimals, as figure.Round.
func Round(v float64, places int) float64 { return figure.Round(v, places) }

// speechOf is the part of the speech figures an answer shows.
// Fillers the engine could not hear are null, with the reason.
func speechOf(f speech.Figures) *Speech {
	h := f.Hedges.Count
	s := &Speech{Words: f.Words, WPM: f.WPM, Pace: f.Pace, I: f.I, We: f.We, FillersNotMeasured: f.Fillers.NotMeasured,
		Hedges: &h, HedgesTop: f.Hedges.Top}
	if s.HedgesTop == nil {
		s.HedgesTop = []speech.Count{}
	}
	if f.Fillers.Measured() {
		n, per := f.Fillers.Count, f.Fillers.PerMin
		s.Fillers, s.FillersPerMin = &n, &per
	}
	return s
}

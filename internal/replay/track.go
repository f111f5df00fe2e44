package replay

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/jsonfile"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/transcript"
	"github.com/starcoach/starcoach/internal/wav"
)

// Track is one answer ready to play: its recording, what to play of it and
// what to show while it plays.
type Track struct {
	Number   int    // 1-based answer number
	Question string // what was asked, for the heading
	WAV      string
	Spans    []Span
	// DurationS is the recording's length: the clock runs on it.
	DurationS float64
	// Time is the answer's time against its limit, as every command says
	// it ("1:10 of 1:00, over by 10 s").
	Time     string
	Sections []Section
	Lines    []Line
}

// Line is a stretch of the transcript with its times.
type Line struct {
	Span
	Text string
}

// SectionAt is the STAR section being spoken at t seconds, "" if unknown.
func (t *Track) SectionAt(sec float64) string {
	for _, s := range t.Sections {
		if s.StartS <= sec && sec < s.EndS {
			return s.Label.Name()
		}
	}
	return ""
}

// LineAt is the transcript line being spoken at sec: the last one started
// by then, "" before the first.
func (t *Track) LineAt(sec float64) string {
	i := sort.Search(len(t.Lines), func(i int) bool { return t.Lines[i].StartS > sec })
	if i == 0 {
		return ""
	}
	return t.Lines[i-1].Text
}

// PlayS is how long the planned spans play.
func (t *Track) PlayS() float64 { return Item{Spans: t.Spans}.DurationS() }

// Loaded is an answer read from a session folder: what the plan needs and
// what the track shows.
type Loaded struct {
	Answer Answer
	Track  Track
}

// LoadAnswer reads what replay needs of answer number n (1-based) of a
// session kept in dir: the recording must be there and readable; timing,
// transcript and STAR check are used when present. The timing is measured
// from the recording when its file is missing.
func LoadAnswer(dir string, sess *session.Session, n int) (Loaded, error) {
	l := Loaded{Answer: Answer{Number: n}, Track: Track{Number: n}}
	if n < 1 || n > len(sess.Answers) {
		return l, fmt.Errorf("session %s has no answer %d", sess.ID, n)
	}
	a := sess.Answers[n-1]
	if a.Question >= 0 && a.Question < len(sess.Questions) {
		l.Track.Question = sess.Questions[a.Question].Text
	}
	if a.Kind == session.KindFollowUp && a.Prompt != "" {
		l.Track.Question = a.Prompt
	}
	if a.WAV == "" {
		return l, fmt.Errorf("answer %d has no recording", n)
	}
	path := filepath.Join(dir, a.WAV)
	l.Track.WAV = path
	limit := assess.Limit(sess, a)
	timing, err := readTiming(path, limit)
	if err != nil {
		return l, err
	}
	judged := assess.ForKind(a.Kind, assess.Rejudge(timing, limit))
	l.Track.Time = assess.Answer{LimitS: limit, Timing: assess.TimingOf(judged, limit)}.TimeText()
	l.Answer.DurationS = timing.DurationS
	l.Track.DurationS = timing.DurationS
	if timing.SpeechFound {
		l.Answer.Speech = Span{timing.SpeechStartS, timing.SpeechEndS}
	}
	for _, g := range timing.Gaps {
		l.Answer.Gaps = append(l.Answer.Gaps, Span{g.StartS, g.EndS})
	}
	if a.Star != "" {
		var res star.Result
		if err := jsonfile.Read(filepath.Join(dir, a.Star), &res); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return l, err
		} else if err == nil && res.Timed {
			l.Answer.Sections = []Section{}
			for _, s := range res.Sections {
				l.Answer.Sections = append(l.Answer.Sections, Section{s.Label, Span{s.StartS, s.EndS}})
			}
			l.Track.Sections = l.Answer.Sections
		}
	}
	if a.Transcript != "" {
		lines, err := readLines(filepath.Join(dir, a.Transcript))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return l, err
		}
		l.Track.Lines = lines
	}
	return l, nil
}

// readTiming reads the answer's timing, or measures it from the recording
// when there is none (assess.LoadTiming), judged against limitS. Either
// way the recording is checked to be readable.
func readTiming(wavPath string, limitS float64) (analyze.Result, error) {
	f, err := safefile.Open(wavPath)
	if errors.Is(err, fs.ErrNotExist) {
		return analyze.Result{}, fmt.Errorf("%s: the recording is missing", wavPath)
	}
	if err != nil {
		return analyze.Result{}, err
	}
	_, err = wav.NewReader(f)
	f.Close()
	if err != nil {
		return analyze.Result{}, fmt.Errorf("%s: %w", wavPath, err)
	}
	r, _, err := assess.LoadTiming(wavPath, limitS)
	return r, err
}

// maxLineWords breaks untimed-segment transcripts into lines a status line
// can show.
const maxLineWords = 12

// readLines turns a transcript into timed lines: its segments, or, when the
// engine gave only words, runs of words broken at pauses.
func readLines(path string) ([]Line, error) {
	t, err := transcript.Load(path)
	if err != nil {
		return nil, err
	}
	return Lines(t), nil
}

// Lines are a transcript's timed lines, in order of time.
func Lines(t *transcript.Transcript) []Line {
	var out []Line
	for _, s := range t.Segments {
		if text := strings.TrimSpace(s.Text); text != "" && s.EndS > s.StartS {
			out = append(out, Line{Span{s.StartS, s.EndS}, text})
		}
	}
	if len(out) == 0 {
		var words []string
		var cur Line
		flush := func() {
			if len(words) > 0 {
				cur.Text = strings.Join(words, " ")
				out = append(out, cur)
			}
			words = nil
		}
		for _, w := range t.Words {
			if len(words) > 0 && (len(words) >= maxLineWords || w.StartS-cur.EndS > 0.5) {
				flush()
			}
			if len(words) == 0 {
				cur = Line{Span: Span{w.StartS, w.EndS}}
			}
			words = append(words, w.Word)
			cur.EndS = w.EndS
		}
		flush()
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartS < out[j].StartS })
	return out
}

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
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/figure"
	"github.com/starcoach/starcoach/internal/quality"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/story"
	"github.com/starcoach/starcoach/internal/storybank"
)

// Options tune Load. The zero value uses the built-in word lists and
// makes no level envelope.
type Options struct {
	// Words are the word lists and follow-up probes every answer is
	// judged with, the user's included; zero fields are the built-in ones.
	Words assess.Options
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

// Answer is the row of one answer: its assessment, in the answer shape
// every command prints, and the answers of the session that look like
// the same story.
type Answer struct {
	assess.Answer
	Reused []Reuse `json:"same_story"`

	// For the HTML timeline and transcript.
	RecordingS float64        `json:"-"`
	Gaps       []analyze.Gap  `json:"-"`
	Sections   []star.Section `json:"-"`
	Envelope   []float64      `json:"-"`
	Text       string         `json:"-"`
	// Passages are the transcript for reading, in its STAR sections when
	// it was checked, with the fillers apart.
	Passages []Passage      `json:"-"`
	Findings []star.Finding `json:"-"`
	// Audio is where the HTML page finds the recording: a path relative
	// to the page, or a data: URL holding it; empty for no player. The
	// caller sets it, knowing where the page is written.
	Audio string `json:"-"`
}

// Timing, Speech and Star are an answer's parts, as assess makes them.
type (
	Timing = assess.Timing
	Speech = assess.Speech
	Star   = assess.Star
	Shares = assess.Shares
)

// Reuse says an answer looks like the same story as another one of the
// session.
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
	if opts.Words.Speech == nil {
		opts.Words.Speech = speech.DefaultLexicon()
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
	row := Answer{Answer: assess.Build(sess, dir, i, opts.Words), Reused: []Reuse{}}
	if tm := row.Analysis; tm != nil {
		row.RecordingS = tm.DurationS
		row.Gaps = tm.Gaps
	}
	if tr := row.Transcript; tr != nil {
		row.Text = tr.Text
	}
	if sr := row.Check; sr != nil {
		row.Sections = sr.Sections
		row.Findings = sr.Findings
		if row.Kind == session.KindFollowUp {
			// A reply is judged against its push, not as a STAR answer:
			// "No Action" or "a full answer runs 60-90 s" is not said of
			// it. Not judged, the first finding says why.
			switch {
			case row.Reply != nil:
				row.Findings = row.Reply.Findings
			case len(sr.Findings) > 0:
				row.Findings = sr.Findings[:1]
			}
		}
	}
	if row.Transcript != nil {
		sections := row.Check
		if row.Kind == session.KindFollowUp {
			sections = nil // a reply is read whole: it has no STAR sections
		}
		row.Passages = passages(row.Text, sections, opts.Words.Speech, row.Speech == nil || row.Speech.FillersNotMeasured == "")
	}
	wavPath := filepath.Join(dir, a.WAV)
	if opts.EnvelopePoints > 0 && a.WAV != "" && !slices.Contains(row.Missing, "recording") {
		hint := int64(0)
		if row.Analysis != nil {
			hint = row.Analysis.Frames
		}
		env, err := envelopeFile(wavPath, opts.EnvelopePoints, hint)
		if err != nil {
			row.Warnings = append(row.Warnings, fmt.Sprintf("%s: no level envelope: %v", a.WAV, err))
		} else {
			row.Envelope = env
			if row.RecordingS == 0 {
				row.RecordingS = a.DurationS
			}
		}
	}
	return row
}

// markReuse compares the main answers' transcripts with each other; a
// follow-up continues its answer's story by design and is left out.
func markReuse(rows []Answer, threshold float64) {
	ix := story.NewIndex(story.Options{MaxShared: 4})
	byID := map[string]int{}
	for i, r := range rows {
		if !r.Counted || strings.TrimSpace(r.Text) == "" {
			continue // follow-ups, earlier takes, takes with no speech
		}
		if r.Check != nil && !r.Check.Judged() {
			continue // words the transcript looks to have got wrong share nothing
		}
		id := fmt.Sprint(r.N)
		byID[id] = i
		text := r.Text
		if r.Transcript != nil {
			// Only the words the engine was sure of are evidence.
			text = quality.SureText(r.Transcript)
		}
		ix.Add(story.Doc{ID: id, Text: text})
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

func round(v float64, places int) float64 { return figure.Round(v, places) }

// Passage is a stretch of an answer's transcript: one STAR section's words
// (Label "S", "T", "A" or "R"), or the whole text (no label) when there is
// no STAR check, cut into pieces with each filler apart.
type Passage struct {
	Label  string
	Pieces []speech.Piece
}

// passages cuts the transcript text into its STAR sections, whose texts
// together are every word of it, falling back to the whole text. Fillers
// are marked only when they were measured: a word marked where the engine
// could not hear the others would read as the whole count.
func passages(text string, sr *star.Result, lex *speech.Lexicon, measured bool) []Passage {
	mark := speech.MarkFillers
	if !measured {
		mark = func(text string, _ *speech.Lexicon) []speech.Piece { return []speech.Piece{{Text: text}} }
	}
	var out []Passage
	if sr != nil {
		for _, sec := range sr.Sections {
			if strings.TrimSpace(sec.Text) != "" {
				out = append(out, Passage{Label: sec.Label.String(), Pieces: mark(sec.Text, lex)})
			}
		}
	}
	if len(out) == 0 && strings.TrimSpace(text) != "" {
		out = []Passage{{Pieces: mark(text, lex)}}
	}
	return out
}

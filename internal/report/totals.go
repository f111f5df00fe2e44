package report

import (
	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/session"
)

// Totals are the session's totals and averages over its main answers;
// follow-ups are short by design and are listed but not averaged. Each
// average is over the answers that have the figure, counted beside it.
type Totals struct {
	Answers   int `json:"answers"`    // main answers
	FollowUps int `json:"follow_ups"` // follow-up answers, not in the figures below
	// Takes are the answers that do not count: earlier takes of a
	// question taken again and takes with no speech, not in the figures
	// below.
	Takes int `json:"uncounted_takes"`
	Timed int `json:"timed"` // answers with a timing
	// TotalS is the time of all the answers (start to last word).
	TotalS              float64 `json:"total_s"`
	AverageS            float64 `json:"average_s"`
	OverLimit           int     `json:"over_limit"`
	OverShare           float64 `json:"over_share"`  // of the timed answers
	Pauses              int     `json:"pause_count"` // pauses of 1 s or more, long ones included
	PausesPerAnswer     float64 `json:"pauses_per_answer"`
	LongPauses          int     `json:"long_pause_count"` // pauses of 3 s or more
	LongPausesPerAnswer float64 `json:"long_pauses_per_answer"`
	AverageFirstWordS   float64 `json:"average_first_word_s"`

	Transcribed int     `json:"transcribed"` // answers with a transcript
	AverageWPM  float64 `json:"average_wpm"`
	// AverageFillersPerMin is the mean over FillersMeasured answers; null
	// when no answer's fillers were measured (an engine that leaves them
	// out), never 0.
	AverageFillersPerMin *float64 `json:"average_fillers_per_min"`
	FillersMeasured      int      `json:"fillers_measured"`
	// Hedges are counted over the HedgesCounted answers whose transcript
	// was judged (see assess.Speech).
	Hedges        int `json:"hedges"`
	HedgesCounted int `json:"hedges_counted"`
	I             int `json:"i"`
	We            int `json:"we"`

	Checked           int     `json:"checked"` // answers with a STAR check
	StarComplete      int     `json:"star_complete"`
	StarCompleteShare float64 `json:"star_complete_share"` // of the checked answers
	AverageScore      float64 `json:"average_score"`
	Scored            int     `json:"scored"` // answers judged, whose scores are averaged

	Reused    int   `json:"reused"`    // answers that look like another's story
	Overflows int64 `json:"overflows"` // audio lost, over all answers
	Missing   int   `json:"missing"`   // answers with a file missing
}

// totals is the one place the session figures are computed from the rows.
func totals(rows []Answer) Totals {
	var t Totals
	var firstWord, wpm, fillers, score float64
	// Fillers and scores withheld from unreliable transcripts are left
	// out of their means.
	var fillerN, scoreN int
	for _, r := range rows {
		t.Overflows += r.Overflows
		if len(r.Missing) > 0 {
			t.Missing++
		}
		if r.Kind == session.KindFollowUp {
			t.FollowUps++
			continue
		}
		if !r.Counted {
			// An earlier take of a question taken again, or a take with
			// no speech: listed, never averaged (session.Counts).
			t.Takes++
			continue
		}
		t.Answers++
		if len(r.Reused) > 0 {
			t.Reused++
		}
		if tm := r.Timing; tm != nil {
			t.Timed++
			t.TotalS += tm.AnswerS
			if tm.Verdict == analyze.Over {
				t.OverLimit++
			}
			t.Pauses += tm.PauseCount
			t.LongPauses += tm.LongCount
			firstWord += tm.FirstWordS
		}
		if s := r.Speech; s != nil {
			t.Transcribed++
			wpm += s.WPM
			if s.FillersPerMin != nil {
				fillers += *s.FillersPerMin
				fillerN++
			}
			if s.Hedges != nil {
				t.Hedges += *s.Hedges
				t.HedgesCounted++
			}
			t.I += s.I
			t.We += s.We
		}
		if s := r.Star; s != nil {
			t.Checked++
			if s.Complete {
				t.StarComplete++
			}
			if s.Score != nil {
				score += float64(*s.Score)
				scoreN++
			}
		}
	}
	mean := func(sum float64, n int, places int) float64 {
		if n == 0 {
			return 0
		}
		return round(sum/float64(n), places)
	}
	t.TotalS = round(t.TotalS, 3)
	t.AverageS = mean(t.TotalS, t.Timed, 1)
	t.OverShare = mean(float64(t.OverLimit), t.Timed, 3)
	t.PausesPerAnswer = mean(float64(t.Pauses), t.Timed, 2)
	t.LongPausesPerAnswer = mean(float64(t.LongPauses), t.Timed, 2)
	t.AverageFirstWordS = mean(firstWord, t.Timed, 1)
	t.AverageWPM = mean(wpm, t.Transcribed, 0)
	t.FillersMeasured = fillerN
	if fillerN > 0 {
		v := mean(fillers, fillerN, 1)
		t.AverageFillersPerMin = &v
	}
	t.StarCompleteShare = mean(float64(t.StarComplete), t.Checked, 3)
	t.AverageScore = mean(score, scoreN, 1)
	t.Scored = scoreN
	return t
}

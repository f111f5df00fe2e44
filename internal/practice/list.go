package practice

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
)

// ListSessions is every session of st, in the order they were made, each
// with its counts and mean score judged with words. A session that cannot
// be read is listed with the reason, not left out: a user must not take it
// for gone.
func ListSessions(st *session.Store, words assess.Options) ([]SessionRow, error) {
	ids, skipped, err := st.Scan()
	if errors.Is(err, session.ErrNoDataDir) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("list sessions in %s: %w", st.Dir, err)
	}
	rows := []SessionRow{}
	for _, id := range ids {
		s, err := st.Load(id)
		if err != nil {
			rows = append(rows, SessionRow{ID: id, Error: err.Error()})
			continue
		}
		rows = append(rows, rowOf(st, s, words))
	}
	for _, u := range skipped {
		rows = append(rows, SessionRow{ID: u.ID, Error: u.Error()})
	}
	return rows, nil
}

// SessionRow is one session as 'sessions list' shows it.
type SessionRow struct {
	ID          string    `json:"id"`
	Created     time.Time `json:"created"`
	Bank        string    `json:"bank,omitempty"`
	Questions   int       `json:"questions"`
	Answered    int       `json:"answered"`
	FollowUps   int       `json:"follow_ups"`
	Transcribed int       `json:"transcribed"`
	Failed      int       `json:"failed"`
	Finished    bool      `json:"finished"`
	MeanScore   *float64  `json:"mean_score"`
	Error       string    `json:"error,omitempty"`
}

func rowOf(st *session.Store, s *session.Session, words assess.Options) SessionRow {
	r := SessionRow{ID: s.ID, Created: s.Created, Bank: s.Settings.Bank, Questions: len(s.Questions), Finished: s.Finished}
	sum := Figures(st.SessionDir(s.ID), s, words)
	total, scored := 0, 0
	for _, a := range sum.Answers {
		if a.Kind == session.KindFollowUp {
			r.FollowUps++
		}
		switch a.Status {
		case session.StatusTranscribed:
			r.Transcribed++
		case session.StatusFailed:
			r.Failed++
		}
		if a.Star != nil && a.Star.Score != nil && a.Kind == session.KindAnswer {
			total += *a.Star.Score
			scored++
		}
	}
	r.Answered = sum.Answered
	if scored > 0 {
		m := float64(total) / float64(scored)
		r.MeanScore = &m
	}
	return r
}

// WriteSessionTable writes the rows as the table 'sessions list' prints.
func WriteSessionTable(w io.Writer, rows []SessionRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SESSION\tBANK\tANSWERED\tTRANSCRIBED\tSCORE\tSTATE")
	for _, r := range rows {
		if r.Error != "" {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\tunreadable: %s\n", r.ID, r.Error)
			continue
		}
		bank := r.Bank
		if bank == "" {
			bank = "-"
		}
		answered := fmt.Sprintf("%d/%d", r.Answered, r.Questions)
		if r.FollowUps > 0 {
			answered += fmt.Sprintf(" +%d", r.FollowUps)
		}
		transcribed := fmt.Sprintf("%d", r.Transcribed)
		if r.Failed > 0 {
			transcribed += fmt.Sprintf(" (%d failed)", r.Failed)
		}
		score := "-"
		if r.MeanScore != nil {
			score = fmt.Sprintf("%.0f", *r.MeanScore)
		}
		state := "finished"
		if !r.Finished {
			state = "stopped (practice --resume)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, bank, answered, transcribed, score, state)
	}
	return tw.Flush()
}

package prompts

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/starcoach/starcoach/internal/timefmt"
	"github.com/starcoach/starcoach/internal/ui"
)

// This file holds the views of the question banks that `prompts list`
// and `prompts show` print.

// BankSummary is one bank in a list of banks: how many of its questions
// a filter selects.
type BankSummary struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Source      string `json:"source"`
	Count       int    `json:"count"`
}

// Summaries are the library's banks, each with how many questions f
// selects from it.
func (l *Library) Summaries(f Filter) []BankSummary {
	var sums []BankSummary
	for _, b := range l.Banks() {
		sums = append(sums, BankSummary{b.Name, b.Title, b.Description, b.Source, len(b.Select(f))})
	}
	return sums
}

// WriteBanks prints the banks as a table or as a JSON array.
func WriteBanks(w io.Writer, sums []BankSummary, asJSON bool) error {
	if asJSON {
		return ui.WriteJSON(w, sums)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BANK\tQUESTIONS\tTITLE\tSOURCE")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", s.Name, s.Count, s.Title, s.Source)
	}
	return tw.Flush()
}

// WriteQuestions prints questions as a table, one a line.
func WriteQuestions(w io.Writer, qs []Question) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tLIMIT\tPRINCIPLES\tQUESTION")
	for _, q := range qs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", q.ID, q.Level, timefmt.Clock(q.LimitS), principleList(q.Principles), q.Text)
	}
	return tw.Flush()
}

// WriteQuestion prints one question in full, with its follow-ups and
// what an answer to it is listened for (listens, see
// SignalSet.ListensFor), or as JSON.
func WriteQuestion(w io.Writer, q Question, listens []Signal, asJSON bool) error {
	if asJSON {
		return ui.WriteJSON(w, struct {
			Question
			ListensFor []Signal `json:"listens_for"`
		}{q, listens})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n%s\n\n", q.ID, q.Bank, q.Text)
	fmt.Fprintf(&b, "principles  %s\n", principleList(q.Principles))
	fmt.Fprintf(&b, "level       %s\n", q.Level)
	fmt.Fprintf(&b, "limit       %s\n", timefmt.Clock(q.LimitS))
	fmt.Fprintf(&b, "source      %s\n", q.Source)
	if len(q.FollowUps) > 0 {
		b.WriteString("\nfollow-ups\n")
		for _, f := range q.FollowUps {
			fmt.Fprintf(&b, "  - %s\n", f)
		}
	}
	if len(listens) > 0 {
		b.WriteString("\nlistens for (how the answer's fit is judged)\n")
		for _, sig := range listens {
			fmt.Fprintf(&b, "  - %s\n", sig.Says)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// principleList joins principle names with a separator none of them
// contains.
func principleList(ps []string) string {
	if len(ps) == 0 {
		return "-"
	}
	return strings.Join(ps, " + ")
}

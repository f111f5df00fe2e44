package report

import "fmt"

// Only narrows the report to answer n (1-based, as the report numbers
// answers), its totals made again from that answer alone.
func (r *Report) Only(n int) error {
	if n < 1 || n > len(r.Answers) {
		return fmt.Errorf("session %s has %d answers, not %d", r.Session, len(r.Answers), n)
	}
	r.Answers = r.Answers[n-1 : n]
	r.Totals = totals(r.Answers)
	return nil
}

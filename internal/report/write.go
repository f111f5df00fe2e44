package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/starcoach/starcoach/internal/analyze"
)

// Formats lists the formats Write knows, as --format takes them.
var Formats = []string{"text", "md", "csv", "json", "html"}

// Write writes the report in format: text, md, csv, json or html.
func Write(w io.Writer, r *Report, format string) error {
	switch format {
	case "text":
		return WriteText(w, r)
	case "md", "markdown":
		return WriteMarkdown(w, r)
	case "csv":
		return WriteCSV(w, r)
	case "json":
		return WriteJSON(w, r)
	case "html":
		return WriteHTML(w, r)
	}
	return fmt.Errorf("unknown report format %q: use %s", format, strings.Join(Formats, ", "))
}

// WriteJSON writes the report as one indented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// header is the line that names the session.
func header(r *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "session %s", r.Session)
	if !r.Created.IsZero() {
		fmt.Fprintf(&b, ", %s", r.Created.Format("Mon 2 Jan 2006 15:04"))
	}
	if r.Bank != "" {
		fmt.Fprintf(&b, ", bank %s", r.Bank)
	}
	if r.Engine != "" {
		fmt.Fprintf(&b, ", transcribed by %s", r.Engine)
	}
	if !r.Finished {
		b.WriteString(" (not finished)")
	}
	return b.String()
}

// WriteText writes the report for a terminal: the answer table, then each
// answer's question and warnings, then the session's totals.
func WriteText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, header(r))
	fmt.Fprintln(bw)
	if len(r.Answers) == 0 {
		fmt.Fprintln(bw, "no answers recorded yet")
		return bw.Flush()
	}
	rows := [][]string{append([]string{"#"}, heads()...)}
	for i := range r.Answers {
		a := &r.Answers[i]
		n := strconv.Itoa(a.N)
		if a.FollowsUp > 0 {
			n += "f"
		}
		row := []string{n}
		for _, c := range tableColumns {
			row = append(row, c.cell(a))
		}
		rows = append(rows, row)
	}
	writeAligned(bw, rows)
	fmt.Fprintln(bw, keyOf(r))
	fmt.Fprintln(bw)
	for i := range r.Answers {
		a := &r.Answers[i]
		line := fmt.Sprintf("%s. %s", a.label(), a.title())
		if p := principles(a); p != "" {
			line += " [" + p + "]"
		}
		fmt.Fprintln(bw, line)
		if a.Reply != nil {
			fmt.Fprintf(bw, "   reply: %s\n", a.Reply.Text())
		}
		if a.Fit != nil {
			fmt.Fprintf(bw, "   %s\n", a.Fit.Line())
		}
		for _, m := range a.Warnings {
			fmt.Fprintf(bw, "   ! %s\n", m)
		}
	}
	fmt.Fprintln(bw)
	lines := totalLines(r.Totals)
	width := 0
	for _, l := range lines {
		width = max(width, len(l[0]))
	}
	for _, l := range lines {
		fmt.Fprintf(bw, "%-*s  %s\n", width+1, l[0]+":", l[1])
	}
	return bw.Flush()
}

// tableKey explains the table's short forms under it; followUpKey is
// added when the session has follow-ups (see keyOf).
var tableKey = `STAR: the sections found, Situation, Task, Action, Result, "-" for one missing (S-AR: no Task)
S/T/A/R %: each section's share of the answer · I:we: how often you said "I" and "we"
long: pauses of ` + analyze.LongPauseLabel() + ` or more`

const followUpKey = " · 5f: answer 5 is a follow-up"

// keyOf is the table's key for report r: follow-ups are explained only
// when the session has some.
func keyOf(r *Report) string {
	for i := range r.Answers {
		if r.Answers[i].FollowsUp > 0 {
			return tableKey + followUpKey
		}
	}
	return tableKey
}

func heads() []string {
	out := make([]string, len(tableColumns))
	for i, c := range tableColumns {
		out[i] = c.head
	}
	return out
}

// writeAligned writes rows as columns two spaces apart, text on the left
// and figures on the right of their column.
func writeAligned(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
			b.WriteString(c)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// WriteMarkdown writes the report as a Markdown document: a heading, the
// answer table with the questions, the notes per answer and the totals.
func WriteMarkdown(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Practice session %s\n\n", mdEscape(r.Session))
	fmt.Fprintf(bw, "%s\n\n", mdEscape(header(r)))
	if len(r.Answers) == 0 {
		fmt.Fprintln(bw, "No answers recorded yet.")
		return bw.Flush()
	}
	cols := append([]string{"#", "question", "principle"}, heads()...)
	fmt.Fprintf(bw, "| %s |\n", strings.Join(cols, " | "))
	align := make([]string, len(cols))
	for i := range align {
		align[i] = "---:"
	}
	align[1], align[2] = "---", "---"
	fmt.Fprintf(bw, "|%s|\n", strings.Join(align, "|"))
	for i := range r.Answers {
		a := &r.Answers[i]
		q := a.title()
		if a.FollowsUp > 0 {
			q = fmt.Sprintf("follow-up to %d: %s", a.FollowsUp, q)
		}
		cells := []string{strconv.Itoa(a.N), mdEscape(q), mdEscape(principles(a))}
		for _, c := range tableColumns {
			cells = append(cells, mdEscape(c.cell(a)))
		}
		fmt.Fprintf(bw, "| %s |\n", strings.Join(cells, " | "))
	}
	fmt.Fprintln(bw)
	for _, l := range strings.Split(tableKey, "\n") {
		fmt.Fprintf(bw, "%s  \n", mdEscape(l))
	}
	fmt.Fprintln(bw)
	notes := false
	for i := range r.Answers {
		a := &r.Answers[i]
		if len(a.Warnings) == 0 && a.Reply == nil && a.Fit == nil {
			continue
		}
		if !notes {
			fmt.Fprint(bw, "## Notes\n\n")
			notes = true
		}
		if a.Reply != nil {
			// A follow-up is judged as a reply to its push, here as in
			// every view.
			fmt.Fprintf(bw, "- answer %d: reply: %s\n", a.N, mdEscape(a.Reply.Text()))
		}
		if a.Fit != nil {
			fmt.Fprintf(bw, "- answer %d: %s\n", a.N, mdEscape(a.Fit.Line()))
		}
		for _, m := range a.Warnings {
			fmt.Fprintf(bw, "- answer %d: %s\n", a.N, mdEscape(m))
		}
	}
	if notes {
		fmt.Fprintln(bw)
	}
	fmt.Fprint(bw, "## Totals\n\n")
	for _, l := range totalLines(r.Totals) {
		fmt.Fprintf(bw, "- %s: %s\n", l[0], mdEscape(l[1]))
	}
	return bw.Flush()
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "\n", " ", "\r", " ",
)

// mdEscape makes text safe in a Markdown table cell or list item: no
// markup, no HTML, no line breaks.
func mdEscape(s string) string { return mdReplacer.Replace(s) }

// csvHeads are the CSV columns before and after the table's figures.
var (
	csvLead  = []string{"session", "n", "kind", "follows_up", "question_id", "question", "principles", "status", "verdict", "over_limit"}
	csvTrail = []string{"star_complete", "reused_with", "overflows", "missing", "warnings"}
)

// WriteCSV writes one row per answer with the figures as plain numbers
// (seconds, shares from 0 to 1; over_limit and star_complete are 1 or 0),
// then a row of kind "session" with the session's averages over its main
// answers, and its counts of answers over the limit and with every STAR
// section, and its totals of "I", "we" and lost audio. A number column
// holds only numbers; a figure not measured is empty.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	head := append([]string{}, csvLead...)
	for _, c := range tableColumns {
		head = append(head, c.csv...)
	}
	head = append(head, csvTrail...)
	if err := cw.Write(head); err != nil {
		return err
	}
	for i := range r.Answers {
		a := &r.Answers[i]
		verdict, over := "", ""
		if a.Timing != nil {
			verdict, over = a.Timing.Verdict, "0"
			if verdict == analyze.Over {
				over = "1"
			}
		}
		complete := ""
		if a.Star != nil {
			complete = "0"
			if a.Star.Complete {
				complete = "1"
			}
		}
		follows := ""
		if a.FollowsUp > 0 {
			follows = strconv.Itoa(a.FollowsUp)
		}
		row := []string{r.Session, strconv.Itoa(a.N), a.Kind, follows, csvSafe(a.QuestionID), csvSafe(a.title()), csvSafe(strings.Join(a.Principles, " | ")), a.Status, verdict, over}
		for _, c := range tableColumns {
			v := c.raw(a)
			if v == nil {
				v = unknown(len(c.csv))
			}
			row = append(row, v...)
		}
		var reused []string
		for _, u := range a.Reused {
			reused = append(reused, strconv.Itoa(u.Answer))
		}
		row = append(row, complete, strings.Join(reused, ";"), strconv.FormatInt(a.Overflows, 10), strings.Join(a.Missing, ";"), csvSafe(strings.Join(a.Warnings, "; ")))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	t := r.Totals
	avg := map[string]string{}
	if t.Timed > 0 {
		avg["answer_s"] = num(t.AverageS, 1)
		avg["first_word_s"] = num(t.AverageFirstWordS, 1)
		avg["pause_count"] = num(t.PausesPerAnswer, 2)
		avg["long_pause_count"] = num(t.LongPausesPerAnswer, 2)
		avg["over_limit"] = strconv.Itoa(t.OverLimit)
	}
	if t.Transcribed > 0 {
		avg["wpm"] = num(t.AverageWPM, 0)
		avg["fillers_per_min"] = optNum(t.AverageFillersPerMin, 1)
		if t.HedgesCounted > 0 {
			avg["hedges"] = strconv.Itoa(t.Hedges)
		}
		avg["i"], avg["we"] = strconv.Itoa(t.I), strconv.Itoa(t.We)
	}
	if t.Checked > 0 {
		avg["star_complete"] = strconv.Itoa(t.StarComplete)
		if t.Scored > 0 {
			avg["score"] = num(t.AverageScore, 1)
		}
	}
	avg["session"] = r.Session
	avg["kind"] = "session"
	avg["overflows"] = strconv.FormatInt(t.Overflows, 10)
	row := make([]string, len(head))
	for i, h := range head {
		row[i] = avg[h]
	}
	if err := cw.Write(row); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a transcript's or question's
// text as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

package report

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/ui"
)

// Request is what the report command writes.
type Request struct {
	// Session is an id, a start of one, or latest; Answer, when set, names
	// one answer instead (SESSION:N or its recording).
	Session string
	Answer  string
	Format  string // one of Formats
	// Output is the file written; "" or "-" is standard output. Force
	// lets it replace a file that is not a report, never one in DataDir.
	Output  string
	Force   bool
	DataDir string
	// History adds the trend over the Last sessions.
	History bool
	Last    int
	// EmbedAudio puts each recording into the HTML page.
	EmbedAudio bool
	Words      assess.Options
	// Stories loads the story bank, which the html and json formats carry.
	Stories func() (storybank.Bank, error)
}

// CheckFormat says what is wrong with a report's format and what goes
// with it before anything is read: a format Write does not know
// ("markdown" is taken for md), the trend over the last sessions in a
// format that cannot show it or over fewer than one, audio embedded in
// anything but the page. It returns the format as Write takes it.
func CheckFormat(format string, history, embedAudio bool, last int) (string, error) {
	if format == "markdown" {
		format = "md"
	}
	switch {
	case !slices.Contains(Formats, format):
		return format, fmt.Errorf("--format %q: use one of %s", format, strings.Join(Formats, ", "))
	case history && format != "html" && format != "json":
		return format, errors.New("--history goes with --format html or json; for a table of the trend use 'starcoach history'")
	case embedAudio && format != "html":
		return format, errors.New("--embed-audio goes with --format html")
	case last < 1:
		return format, errors.New("--last must be 1 or more")
	}
	return format, nil
}

// Run writes the report req asks for from the store: to streams.Out, or
// to req.Output, replaced whole and private like the answers it quotes.
// What is left out of it, and why, is said on streams.Err.
func Run(store *session.Store, req Request, streams *ui.Streams) error {
	toFile := req.Output != "" && req.Output != "-"
	if toFile {
		if err := CheckOutput(req.Output, req.DataDir, req.Force); err != nil {
			return err
		}
	}
	lo := Options{Words: req.Words}
	if req.Format == "html" {
		lo.EnvelopePoints = HTMLEnvelopePoints
	}
	id, n := req.Session, 0
	if req.Answer != "" {
		var err error
		if id, n, err = answerref.SessionAnswer(store, req.Answer, "not an answer of a session; for a single recording use starcoach star or starcoach analyze"); err != nil {
			return err
		}
	}
	r, err := Load(store, id, lo)
	if err != nil {
		return err
	}
	if n > 0 {
		if err := r.Only(n); err != nil {
			return err
		}
	}
	if req.Format == "html" {
		if err := r.LinkAudio(store.SessionDir(r.Session), req.Output, req.EmbedAudio, streams.Err); err != nil {
			return err
		}
	}
	if err := addExtras(store, r, req, lo, streams); err != nil {
		return err
	}
	if !toFile {
		bw := bufio.NewWriter(streams.Out)
		if err := Write(bw, r, req.Format); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := WriteFile(req.Output, r, req.Format); err != nil {
		return err
	}
	if streams.IsStderrTTY() {
		fmt.Fprintf(streams.Err, "wrote %s\n", req.Output)
	}
	return nil
}

// addExtras adds the trend over the last sessions when asked, and the
// story bank to the HTML and JSON formats.
func addExtras(store *session.Store, r *Report, req Request, lo Options, streams *ui.Streams) error {
	if req.History {
		points, notes, err := History(store, r.Session, req.Last, lo)
		if err != nil {
			return err
		}
		for _, n := range notes {
			fmt.Fprintf(streams.Err, "starcoach: %s\n", n)
		}
		r.History = points
	}
	if (req.Format == "html" || req.Format == "json") && req.Stories != nil {
		// The story bank spans every session; without it the report is
		// still worth having.
		b, err := req.Stories()
		if err != nil {
			fmt.Fprintf(streams.Err, "starcoach: the story bank is left out of the report: %v\n", err)
			return nil
		}
		for _, w := range b.Warnings {
			fmt.Fprintf(streams.Err, "starcoach: %s\n", w)
		}
		r.Stories = &b
	}
	return nil
}

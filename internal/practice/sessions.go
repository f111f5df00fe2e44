package practice

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/ui"
)

// List prints every session of the store, oldest first, as a table or as
// JSON; with none yet, it says where it looked and how to start one.
func List(st *session.Store, words assess.Options, streams *ui.Streams, asJSON bool) error {
	rows, err := ListSessions(st, words)
	if err != nil {
		return err
	}
	if asJSON {
		return ui.WriteJSON(streams.Out, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintf(streams.Err, "starcoach: no sessions yet in %s; start one with 'starcoach practice'\n", st.Dir)
		return nil
	}
	return WriteSessionTable(streams.Out, rows)
}

// Show prints the summary of the session id (anything Store.Load takes),
// with the stories of the sessions before it, as text or JSON.
func Show(st *session.Store, id string, words assess.Options, streams *ui.Streams, asJSON bool) error {
	s, err := st.Load(id)
	if err != nil {
		return err
	}
	sum, err := Summarize(st.SessionDir(s.ID), s, History(st, s.ID), words)
	if err != nil {
		return err
	}
	return Write(streams.Out, sum, asJSON)
}

// Delete removes the sessions named, each with its recordings. Every name
// is resolved first, so that a typo deletes nothing. Unless yes, each is
// asked about on streams.Err with the answer read from streams.In, and
// kept unless the answer is y or yes. A session that cannot be deleted
// (one in use) is said and the others still go; Delete then returns
// ui.ErrReported.
func Delete(st *session.Store, names []string, yes bool, streams *ui.Streams) error {
	var ids []string
	for _, name := range names {
		id, err := st.Resolve(name)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	in := bufio.NewReader(streams.In)
	failed := false
	for _, id := range ids {
		if !yes {
			n := 0
			if s, err := st.Load(id); err == nil {
				n = len(s.Answers)
			}
			fmt.Fprintf(streams.Err, "delete session %s and its %d recordings? [y/N] ", id, n)
			line, _ := in.ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
				fmt.Fprintf(streams.Err, "kept %s\n", id)
				continue
			}
		}
		if err := st.Delete(id); err != nil {
			fmt.Fprintf(streams.Err, "starcoach: %v\n", err)
			failed = true
			continue
		}
		fmt.Fprintf(streams.Out, "deleted %s\n", id)
	}
	if failed {
		return ui.ErrReported
	}
	return nil
}

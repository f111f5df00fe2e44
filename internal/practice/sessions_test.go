package practice

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/ui"
)

func TestListAndShow(t *testing.T) {
	st := session.NewStore(t.TempDir())
	streams, _, out, errOut := ui.Test()
	if err := List(st, assess.Options{}, streams, false); err != nil || out.Len() != 0 || !strings.Contains(errOut.String(), "no sessions yet in "+st.Dir) {
		t.Fatalf("no sessions: %v, stdout %q, stderr %q", err, out, errOut)
	}
	h := newSession(t, st, 2)
	h.Close()
	streams, _, out, _ = ui.Test()
	if err := List(st, assess.Options{}, streams, true); err != nil {
		t.Fatal(err)
	}
	var rows []SessionRow
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil || len(rows) != 1 || rows[0].ID != h.ID {
		t.Errorf("rows %+v, %v", rows, err)
	}
	streams, _, out, _ = ui.Test()
	if err := Show(st, "latest", assess.Options{}, streams, false); err != nil || !strings.Contains(out.String(), h.ID) {
		t.Errorf("show: %v\n%s", err, out)
	}
	if err := Show(st, "1999", assess.Options{}, streams, false); err == nil {
		t.Error("show of no such session: no error")
	}
}

// Only a yes deletes; a name that matches no session deletes nothing,
// not even the sessions named before it.
func TestDelete(t *testing.T) {
	st := session.NewStore(t.TempDir())
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Minute); return clock }
	var ids []string
	for range 3 {
		h, err := st.Create(session.Settings{Count: 1}, questions(1), now)
		if err != nil {
			t.Fatal(err)
		}
		h.Close()
		ids = append(ids, h.ID)
	}
	streams, _, _, _ := ui.Test()
	if err := Delete(st, []string{ids[0], "1999"}, true, streams); err == nil {
		t.Fatal("a name matching no session: no error")
	}
	there := func(id string) bool { _, err := os.Stat(st.SessionDir(id)); return err == nil }
	if !there(ids[0]) {
		t.Fatal("deleted before every name was resolved")
	}

	streams, in, out, errOut := ui.Test()
	in.WriteString("n\nYes\n")
	if err := Delete(st, ids[:2], false, streams); err != nil {
		t.Fatal(err)
	}
	if !there(ids[0]) || there(ids[1]) || !strings.Contains(errOut.String(), "kept "+ids[0]) || out.String() != "deleted "+ids[1]+"\n" {
		t.Errorf("after no, yes: stdout %q, stderr %q", out, errOut)
	}
	streams, _, out, _ = ui.Test()
	if err := Delete(st, []string{ids[2]}, true, streams); err != nil || there(ids[2]) {
		t.Errorf("--yes: %v, %q", err, out)
	}
}

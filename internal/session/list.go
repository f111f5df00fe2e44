package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/safefile"
)

// IDs lists session ids, oldest first (see Scan). A missing store is
// empty.
func (s *Store) IDs() ([]string, error) {
	ids, _, err := s.Scan()
	return ids, err
}

// Scan lists session ids, oldest first, and says why each folder that
// looks like a session but cannot be opened is left out: an unreadable
// folder, a link in the store (one is never followed: it could lead
// anywhere). A folder without session.json is not a session (one being
// made has none yet) and is left out without a word.
//
// Sessions are in the order they were created, by the time kept in
// session.json, not by their ids' text: "…-10" sorts before "…-9", and
// an id names the local time, which a change of time zone or of summer
// time turns back. A session without that time, or whose file cannot be
// read, is placed by the time its id names.
func (s *Store) Scan() (ids []string, skipped []*Unopened, err error) {
	if s.Dir == "" {
		return nil, nil, ErrNoDataDir
	}
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var found []listed
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		dir := filepath.Join(s.Dir, name)
		if e.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				skipped = append(skipped, &Unopened{ID: name, Path: dir, Err: errLinkedFolder})
			}
			continue
		}
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(dir, FileName)
		_, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			skipped = append(skipped, &Unopened{ID: name, Path: dir, Err: fmt.Errorf("cannot be opened: %w", bare(err))})
			continue
		}
		found = append(found, listed{id: name, created: created(path, name), seq: seqOf(name)})
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if !a.created.Equal(b.created) {
			return a.created.Before(b.created)
		}
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return a.id < b.id
	})
	for _, f := range found {
		ids = append(ids, f.id)
	}
	return ids, skipped, nil
}

// Unopened is a folder in the store that looks like a session but cannot
// be opened.
type Unopened struct {
	ID   string
	Path string
	Err  error
}

func (u *Unopened) Error() string { return u.Path + ": " + u.Err.Error() }
func (u *Unopened) Unwrap() error { return u.Err }

var errLinkedFolder = errors.New("is a link to a folder, not a session folder: starcoach does not follow links among its sessions; move the folder itself here")

// ErrNoDataDir is a store with no folder: there was no usable place to
// keep sessions in.
var ErrNoDataDir = errors.New("no folder to keep sessions in: HOME is not set to an absolute path, nor XDG_DATA_HOME; set one of them or STARCOACH_HOME, or give --data-dir")

type listed struct {
	id      string
	created time.Time
	seq     int // the n of an id "…-n", made when ids collide; 1 for none
}

// idLayout is how an id names the local time its session was created.
const idLayout = "2006-01-02T15-04-05"

// created is when the session in the file at path was created: its
// "created" field, else the time its id names.
func created(path, id string) time.Time {
	if t, ok := createdField(path); ok {
		return t
	}
	t, err := time.ParseInLocation(idLayout, id[:min(len(id), len(idLayout))], time.Local)
	if err != nil {
		return time.Time{}
	}
	return t
}

// createdField reads the top-level "created" of a session file. It is
// written near the start, so the read stops there instead of decoding
// every answer.
func createdField(path string) (time.Time, bool) {
	f, err := safefile.Open(path)
	if err != nil {
		return time.Time{}, false
	}
	defer f.Close()
	dec := json.NewDecoder(safefile.LimitReader(f, path, MaxFileBytes))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return time.Time{}, false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return time.Time{}, false
		}
		if key != "created" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return time.Time{}, false
			}
			continue
		}
		var t time.Time
		if err := dec.Decode(&t); err != nil || t.IsZero() {
			return time.Time{}, false
		}
		return t, true
	}
	return time.Time{}, false
}

// seqOf is the n of an id "2026-11-23T09-15-04-n", 1 for one without.
func seqOf(id string) int {
	if len(id) > len(idLayout)+1 && id[len(idLayout)] == '-' {
		if n, err := strconv.Atoi(id[len(idLayout)+1:]); err == nil && n > 0 {
			return n
		}
	}
	return 1
}

// bare is err without the path an *fs.PathError adds: the message names
// the folder already.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Resolve turns what a user typed into a session id: the full id, "latest"
// (or "last": the one created last), or a unique prefix such as
// "2026-11-23".
func (s *Store) Resolve(id string) (string, error) {
	ids, skipped, err := s.Scan()
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		if u := named(skipped, id); u != nil {
			return "", u
		}
		if len(skipped) > 0 {
			return "", fmt.Errorf("%q: %w (no session in %s can be opened; %d cannot: %v)", id, ErrNotFound, s.Dir, len(skipped), skipped[0])
		}
		return "", fmt.Errorf("%q: %w (there are no sessions yet in %s)", id, ErrNotFound, s.Dir)
	}
	if id == "latest" || id == "last" {
		return ids[len(ids)-1], nil
	}
	var matches []string
	for _, c := range ids {
		if c == id {
			return c, nil
		}
		if strings.HasPrefix(c, id) {
			matches = append(matches, c)
		}
	}
	switch {
	case len(matches) == 1:
		return matches[0], nil
	case len(matches) > 1:
		sort.Strings(matches)
		return "", fmt.Errorf("%q matches %d sessions (%s ...): give more of the id", id, len(matches), strings.Join(matches[:min(3, len(matches))], ", "))
	}
	if u := named(skipped, id); u != nil {
		return "", u
	}
	return "", fmt.Errorf("%q: %w (see 'starcoach sessions list')", id, ErrNotFound)
}

// named is the folder that cannot be opened which id names, or nil.
func named(skipped []*Unopened, id string) *Unopened {
	for _, u := range skipped {
		if id != "" && strings.HasPrefix(u.ID, id) {
			return u
		}
	}
	return nil
}

// Sweep removes what writes cut short by a crash or a kill left in the
// session folders: their hidden temporary files (see atomicfile.Sweep).
// Folders are not followed through links.
func (s *Store) Sweep(now time.Time) {
	if s.Dir == "" {
		return
	}
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() {
			atomicfile.Sweep(filepath.Join(s.Dir, e.Name()), now)
		}
	}
}

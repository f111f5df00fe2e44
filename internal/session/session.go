// Package session keeps practice sessions on disk: one folder per session
// holding session.json and, beside it, every answer's recording, timing,
// transcript and STAR check. session.json is replaced atomically and a lock
// keeps two processes from writing one session.
package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/safefile"
)

// SchemaVersion is the version of session.json this code writes. Older
// versions are read; newer ones are refused with a clear message.
const SchemaVersion = 1

// FileName is the session's own file inside its folder.
const FileName = "session.json"

const lockName = ".lock"

// Session is the record of one practice session.
type Session struct {
	Schema    int        `json:"schema"`
	ID        string     `json:"id"`
	Created   time.Time  `json:"created"`
	Updated   time.Time  `json:"updated"`
	Settings  Settings   `json:"settings"`
	Questions []Question `json:"questions"`
	Answers   []Answer   `json:"answers"`
	Engine    string     `json:"engine,omitempty"`
	// Finished is set when every question has been answered; a session
	// stopped early can be resumed.
	Finished bool `json:"finished"`
}

// Settings are the choices the session was started with, kept so that
// --resume carries on the same way.
type Settings struct {
	Bank       string   `json:"bank,omitempty"`
	Count      int      `json:"count,omitempty"`
	Principles []string `json:"principles,omitempty"`
	Level      string   `json:"level,omitempty"`
	Seed       int64    `json:"seed,omitempty"`
	FollowUp   bool     `json:"follow_up,omitempty"`
	LimitS     float64  `json:"limit_s,omitempty"`
	Device     string   `json:"device,omitempty"`
	SampleRate int      `json:"sample_rate,omitempty"`
}

// Question is a question as it was asked in this session.
type Question struct {
	ID         string   `json:"id"`
	Bank       string   `json:"bank,omitempty"`
	Text       string   `json:"text"`
	Principles []string `json:"principles,omitempty"`
	Level      string   `json:"level,omitempty"`
	LimitS     float64  `json:"limit_s"`
	FollowUps  []string `json:"follow_ups,omitempty"`
}

// Answer kinds.
const (
	KindAnswer   = "answer"
	KindFollowUp = "follow-up"
)

// Answer states, in the order an answer goes through them.
const (
	StatusRecording   = "recording"   // capture under way (or cut off by a crash)
	StatusRecorded    = "recorded"    // audio and timing saved
	StatusTranscribed = "transcribed" // transcript and STAR check saved
	StatusFailed      = "failed"      // transcription failed; audio and timing kept
)

// Answer is one recorded answer and the files made from it. File fields
// hold names relative to the session folder; empty means not made yet.
type Answer struct {
	Question   int       `json:"question"` // index into Questions
	Kind       string    `json:"kind"`
	Prompt     string    `json:"prompt,omitempty"` // the follow-up push, for follow-ups
	Parent     int       `json:"parent,omitempty"` // for follow-ups: index of the answer it follows, plus one
	Recorded   time.Time `json:"recorded"`
	Status     string    `json:"status"`
	Error      string    `json:"error,omitempty"`
	WAV        string    `json:"wav"`
	Timing     string    `json:"timing,omitempty"`
	Transcript string    `json:"transcript,omitempty"`
	Star       string    `json:"star,omitempty"`
	DurationS  float64   `json:"duration_s"`
	Overflows  int64     `json:"overflows,omitempty"`
	Imported   string    `json:"imported,omitempty"` // original path, for answers recorded elsewhere
	Story      string    `json:"story,omitempty"`
	// Retake is, for a take of a question already answered, the answer
	// it takes again, plus one (0: a first take). Earlier takes are kept;
	// only the latest take of a question counts (see Counted).
	Retake int `json:"retake,omitempty"`
	// Interrupted is set when Ctrl-C (or a crash) cut the take short:
	// --resume offers to take the question again.
	Interrupted bool `json:"interrupted,omitempty"`
	// NoSpeech is set when the take heard no speech at all: it is kept
	// but never scored nor counted (see Counted).
	NoSpeech bool `json:"no_speech,omitempty"`
}

// Store is the folder that holds every session.
type Store struct {
	Dir string
}

// NewStore returns the store under a data directory. With none ("") it
// is a store every use of which fails with ErrNoDataDir: sessions are
// never written under the current folder for want of a better place.
func NewStore(dataDir string) *Store {
	if dataDir == "" {
		return &Store{}
	}
	return &Store{Dir: filepath.Join(dataDir, "sessions")}
}

// ErrNotFound is returned for a session id that matches nothing.
var ErrNotFound = errors.New("no such session")

// ErrLocked is returned when another process holds a session.
var ErrLocked = errors.New("session is in use by another starcoach process")

// Handle is a session opened for writing. Close releases the lock.
type Handle struct {
	*Session
	dir  string
	lock *os.File
	now  func() time.Time
}

// Create starts a new session folder named after the time, locked for the
// caller. The folders are the owner's alone (see atomicfile.PrivateDir).
// If it fails, no folder is left behind.
func (s *Store) Create(settings Settings, questions []Question, now func() time.Time) (*Handle, error) {
	if s.Dir == "" {
		return nil, ErrNoDataDir
	}
	if err := os.MkdirAll(s.Dir, atomicfile.PrivateDir); err != nil {
		return nil, fmt.Errorf("create session folder: %w", err)
	}
	closeToOthers(s.Dir)
	t := now()
	base := t.Format(idLayout)
	var id string
	for i := 1; ; i++ {
		id = base
		if i > 1 {
			id = fmt.Sprintf("%s-%d", base, i)
		}
		err := os.Mkdir(filepath.Join(s.Dir, id), atomicfile.PrivateDir)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			return nil, fmt.Errorf("create session folder: %w", err)
		}
	}
	h, err := s.lock(id, now)
	if err != nil {
		// The folder is new and has no session.json: nobody else uses it.
		os.Remove(filepath.Join(s.Dir, id, lockName))
		os.Remove(filepath.Join(s.Dir, id))
		return nil, err
	}
	h.Session = &Session{
		Schema:    SchemaVersion,
		ID:        id,
		Created:   t,
		Updated:   t,
		Settings:  settings,
		Questions: questions,
		Answers:   []Answer{},
	}
	if err := h.Save(); err != nil {
		// Not a session yet (no session.json), so no other process opens
		// it: the lock and the folder go.
		os.Remove(filepath.Join(h.dir, lockName))
		h.Close()
		os.Remove(h.dir)
		return nil, err
	}
	return h, nil
}

// closeToOthers takes away others' access to the folder that holds every
// session, made by an older starcoach that left it open to all: the
// sessions inside are then out of their reach, whatever their own modes.
// A link in its place is left alone.
func closeToOthers(dir string) {
	st, err := os.Lstat(dir)
	if err == nil && st.IsDir() && st.Mode().Perm()&0o077 != 0 {
		os.Chmod(dir, st.Mode().Perm()&^0o077)
	}
}

// Open locks an existing session for writing.
func (s *Store) Open(id string, now func() time.Time) (*Handle, error) {
	id, err := s.Resolve(id)
	if err != nil {
		return nil, err
	}
	h, err := s.lock(id, now)
	if err != nil {
		return nil, err
	}
	sess, err := s.Load(id)
	if err != nil {
		h.Close()
		return nil, err
	}
	h.Session = sess
	return h, nil
}

func (s *Store) lock(id string, now func() time.Time) (*Handle, error) {
	dir := filepath.Join(s.Dir, id)
	f, err := lockFile(filepath.Join(dir, lockName))
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("session %s: %w", id, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("lock session %s: %w", id, err)
	}
	return &Handle{dir: dir, lock: f, now: now}, nil
}

// Dir is the session's folder.
func (h *Handle) Dir() string { return h.dir }

// Path returns the path of a file in the session's folder.
func (h *Handle) Path(name string) string { return filepath.Join(h.dir, name) }

// Save writes session.json atomically.
func (h *Handle) Save() error {
	h.Updated = h.now()
	return atomicfile.Write(filepath.Join(h.dir, FileName), atomicfile.PrivateFile, func(w io.Writer) error {
		return Encode(w, h.Session)
	})
}

// Close releases the lock. It does not save.
func (h *Handle) Close() error {
	if h.lock == nil {
		return nil
	}
	err := h.lock.Close()
	h.lock = nil
	return err
}

// Encode writes a session as indented JSON.
func Encode(w io.Writer, s *Session) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// MaxFileBytes bounds session.json: an answer takes about 400 bytes in
// it, so this is room for over 100,000 answers, and anything larger is
// not a session file.
const MaxFileBytes = 64 << 20

// Load reads a session without locking it, for reports and listings.
func (s *Store) Load(id string) (*Session, error) {
	id, err := s.Resolve(id)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(s.Dir, id)
	path := filepath.Join(dir, FileName)
	f, err := safefile.Open(path)
	var nr *safefile.NotRegularError
	if errors.As(err, &nr) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("session %s: %w", id, err)
	}
	defer f.Close()
	sess, err := Decode(safefile.LimitReader(f, path, MaxFileBytes), path)
	if err != nil {
		return nil, err
	}
	// The folder, not what the file says, is where the session lives: a
	// session folder copied or sent from elsewhere must not name another.
	sess.ID = id
	if err := checkLinks(dir, sess); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sess, nil
}

// Decode reads a session file from r, streaming, and checks that every
// file it names is a plain file name inside the session's folder. path is
// the file named in errors.
func Decode(r io.Reader, path string) (*Session, error) {
	var sess Session
	if err := json.NewDecoder(r).Decode(&sess); err != nil {
		var tl *safefile.TooLargeError
		if errors.As(err, &tl) {
			return nil, tl
		}
		return nil, fmt.Errorf("%s: not a readable session file: %v", path, err)
	}
	if sess.Schema > SchemaVersion {
		return nil, fmt.Errorf("%s: written by a newer starcoach (schema %d, this one reads up to %d): upgrade starcoach", path, sess.Schema, SchemaVersion)
	}
	if sess.Answers == nil {
		sess.Answers = []Answer{}
	}
	for i, a := range sess.Answers {
		for _, f := range a.files() {
			if *f.name == "" {
				continue
			}
			if err := safefile.PlainName(*f.name); err != nil {
				return nil, fmt.Errorf("%s: answer %d: %s file %v", path, i+1, f.kind, err)
			}
		}
	}
	return &sess, nil
}

type fileField struct {
	kind string
	name *string
}

// files are the names of the answer's files, all relative to the
// session's folder.
func (a *Answer) files() []fileField {
	return []fileField{{"wav", &a.WAV}, {"timing", &a.Timing}, {"transcript", &a.Transcript}, {"STAR", &a.Star}}
}

// checkLinks refuses a session whose files include a symbolic link out of
// its folder: writing a transcript or repairing a recording would
// otherwise change a file elsewhere.
func checkLinks(dir string, sess *Session) error {
	for i := range sess.Answers {
		for _, f := range sess.Answers[i].files() {
			if *f.name == "" {
				continue
			}
			if _, err := safefile.Within(dir, *f.name); err != nil {
				return fmt.Errorf("answer %d: %s file %v", i+1, f.kind, err)
			}
		}
	}
	return nil
}

// SessionDir returns the folder of the session with the given id.
func (s *Store) SessionDir(id string) string { return filepath.Join(s.Dir, id) }

// Delete removes a session and its recordings. It refuses while another
// process holds the session.
func (s *Store) Delete(id string) error {
	h, err := s.Open(id, time.Now)
	if err != nil {
		return err
	}
	return h.Discard()
}

// Discard removes the session the handle holds, with its recordings, and
// closes the handle. It needs nothing of the session to be readable, so
// a session whose making failed half way can go whole.
func (h *Handle) Discard() error {
	dir := h.dir
	// Remove everything but the lock first, then the lock with the folder,
	// so a concurrent Open never sees a half-deleted session unlocked.
	entries, err := os.ReadDir(dir)
	if err != nil {
		h.Close()
		return err
	}
	for _, e := range entries {
		if e.Name() != lockName {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				h.Close()
				return err
			}
		}
	}
	h.Close()
	return os.RemoveAll(dir)
}

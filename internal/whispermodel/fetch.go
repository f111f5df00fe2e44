package whispermodel

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/starcoach/starcoach/internal/safefile"
)

// Fetcher downloads models. The zero value downloads from DefaultBaseURL.
type Fetcher struct {
	Client  *http.Client // http.DefaultClient when nil
	BaseURL string       // DefaultBaseURL when ""
	// Idle is how long the server may send nothing before the attempt is
	// given up and resumed; 30 s when 0.
	Idle time.Duration
	// Retries is how many times one Fetch resumes a download the server
	// cut off; 3 when 0, none when negative.
	Retries int
	// Backoff is the wait before each resumption; 2 s when 0.
	Backoff time.Duration
	// Progress, when set, is told the bytes on disk and the whole size
	// (-1 while unknown) as the download goes.
	Progress func(done, total int64)
}

// Result says what Fetch did.
type Result struct {
	Path string
	Size int64
	// Reused means the file was already there, whole and checked.
	Reused bool
	// ResumedAt is where the first request started when an earlier,
	// interrupted download was carried on; 0 otherwise.
	ResumedAt int64
	// Requests is how many HTTP requests it took.
	Requests int
}

// Interrupted is returned when the download stopped before the end: the
// bytes so far are kept in Part and the next Fetch carries on from there.
type Interrupted struct {
	Part string
	Kept int64
	Err  error
}

func (e *Interrupted) Error() string {
	return fmt.Sprintf("download stopped with %s kept in %s (run it again to carry on from there): %v", MiBString(e.Kept), e.Part, e.Err)
}

func (e *Interrupted) Unwrap() error { return e.Err }

// MiBString writes a byte count in MiB, as whisper.cpp lists its models.
func MiBString(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// URL is where model m is downloaded from.
func (f *Fetcher) URL(m Model) string {
	base := f.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	return strings.TrimSuffix(base, "/") + "/" + m.File()
}

// Fetch makes sure dir holds model m, whole and with whisper.cpp's hash,
// and returns its path. A file already there is checked, not downloaded
// again; a partial download (m.File() + ".part") is resumed with an HTTP
// Range request. A file whose hash is wrong is removed and refused.
func (f *Fetcher) Fetch(ctx context.Context, m Model, dir string) (Result, error) {
	dest := filepath.Join(dir, m.File())
	res := Result{Path: dest}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	if st, err := os.Lstat(dest); err == nil {
		if !st.Mode().IsRegular() {
			return res, fmt.Errorf("%s: not a regular file; move it away and run again", dest)
		}
		sum, n, err := hashFile(dest, m.limit())
		if err != nil {
			return res, err
		}
		if sum != m.SHA1 {
			return res, fmt.Errorf("%s: already there but its SHA-1 is %s, not %s as whisper.cpp publishes for %s; move it away and run again", dest, sum, m.SHA1, m.Name)
		}
		res.Size, res.Reused = n, true
		return res, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}

	part := dest + ".part"
	file, err := os.OpenFile(part, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
	if err != nil {
		return res, fmt.Errorf("open %s: %w", part, err)
	}
	defer file.Close()
	if st, err := file.Stat(); err != nil || !st.Mode().IsRegular() {
		return res, fmt.Errorf("%s: not a regular file; remove it and run again", part)
	}
	h := sha1.New()
	have, err := io.Copy(h, io.LimitReader(file, m.limit()+1))
	if err != nil {
		return res, fmt.Errorf("read %s: %w", part, err)
	}
	res.ResumedAt = have

	retries := f.Retries
	if retries == 0 {
		retries = 3
	}
	for attempt := 0; ; attempt++ {
		res.Requests++
		done, err := f.attempt(ctx, m, file, h, &have)
		if done {
			break
		}
		var fe fatalError
		if errors.As(err, &fe) && fe.discard {
			file.Close()
			os.Remove(part)
			return res, err
		}
		if ctx.Err() != nil || attempt >= retries || errors.Is(err, errFatal) {
			if have > 0 {
				return res, &Interrupted{Part: part, Kept: have, Err: err}
			}
			return res, err
		}
		if err := sleep(ctx, f.backoff()); err != nil {
			return res, &Interrupted{Part: part, Kept: have, Err: err}
		}
	}

	sum := hex.EncodeToString(h.Sum(nil))
	if sum != m.SHA1 {
		file.Close()
		os.Remove(part)
		return res, fmt.Errorf("%s from %s: SHA-1 is %s but whisper.cpp publishes %s for %s: the file is damaged or not that model, so it was deleted", m.File(), f.URL(m), sum, m.SHA1, m.Name)
	}
	if err := file.Sync(); err != nil {
		return res, fmt.Errorf("write %s: %w", part, err)
	}
	if err := file.Close(); err != nil {
		return res, fmt.Errorf("write %s: %w", part, err)
	}
	if err := os.Rename(part, dest); err != nil {
		return res, err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	res.Size = have
	return res, nil
}

// errFatal marks failures a retry cannot mend (a 404, a file too big).
var errFatal = errors.New("fatal")

type fatalError struct {
	msg string
	// discard means the bytes received are not the model: the partial
	// file is deleted rather than kept for resuming.
	discard bool
}

func (e fatalError) Error() string   { return e.msg }
func (e fatalError) Is(t error) bool { return t == errFatal }

// attempt makes one request, continuing from *have bytes, and appends what
// arrives to file and h. done means the server sent the whole file.
func (f *Fetcher) attempt(ctx context.Context, m Model, file *os.File, h hash.Hash, have *int64) (done bool, err error) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(actx, http.MethodGet, f.URL(m), nil)
	if err != nil {
		return false, fatalError{msg: err.Error()}
	}
	if *have > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(*have, 10)+"-")
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		if cause := context.Cause(actx); cause != nil && ctx.Err() == nil {
			err = cause
		}
		return false, err
	}
	defer resp.Body.Close()

	total := int64(-1)
	switch resp.StatusCode {
	case http.StatusOK:
		if *have > 0 {
			// The server ignores Range: start again from the first byte.
			if err := restart(file, h, have); err != nil {
				return false, err
			}
		}
		total = resp.ContentLength
	case http.StatusPartialContent:
		start, size, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != *have {
			if err := restart(file, h, have); err != nil {
				return false, err
			}
			return false, fmt.Errorf("server answered a resumed download with bytes %q: starting again", resp.Header.Get("Content-Range"))
		}
		total = size
	case http.StatusRequestedRangeNotSatisfiable:
		// Everything was already there; the hash decides.
		return true, nil
	default:
		return false, fatalError{msg: fmt.Sprintf("download %s: the server answered %s", f.URL(m), resp.Status)}
	}
	if total > m.limit() {
		return false, fatalError{msg: fmt.Sprintf("download %s: the server offers %s, far more than the %d MiB of %s", f.URL(m), MiBString(total), m.MiB, m.Name)}
	}
	if _, err := file.Seek(*have, io.SeekStart); err != nil {
		return false, err
	}
	if f.Progress != nil {
		f.Progress(*have, total)
	}

	idle := f.Idle
	if idle == 0 {
		idle = 30 * time.Second
	}
	watchdog := time.AfterFunc(idle, func() {
		cancel(fmt.Errorf("no data from the server for %s", idle))
	})
	defer watchdog.Stop()
	buf := make([]byte, 256<<10)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			watchdog.Reset(idle)
			if *have+int64(n) > m.limit() {
				return false, fatalError{msg: fmt.Sprintf("download %s: more than the %d MiB of %s arrived: not that model, so it was deleted", f.URL(m), m.MiB, m.Name), discard: true}
			}
			if _, err := file.Write(buf[:n]); err != nil {
				return false, fatalError{msg: fmt.Sprintf("write %s: %v", file.Name(), err)}
			}
			h.Write(buf[:n])
			*have += int64(n)
			if f.Progress != nil {
				f.Progress(*have, total)
			}
		}
		if rerr == io.EOF {
			if total >= 0 && *have < total {
				return false, fmt.Errorf("the server closed the connection at %s of %s", MiBString(*have), MiBString(total))
			}
			return true, nil
		}
		if rerr != nil {
			if cause := context.Cause(actx); cause != nil && ctx.Err() == nil {
				rerr = cause
			}
			return false, rerr
		}
	}
}

// limit is the most bytes accepted for m: its listed size and a tenth
// more, so a server sending something else entirely is stopped early.
func (m Model) limit() int64 { return int64(m.MiB+m.MiB/10+1) << 20 }

func restart(file *os.File, h hash.Hash, have *int64) error {
	if err := file.Truncate(0); err != nil {
		return err
	}
	h.Reset()
	*have = 0
	return nil
}

// contentRange reads "bytes START-END/SIZE" (SIZE may be "*").
func contentRange(v string) (start, size int64, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, false
	}
	span, total, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	from, _, found := strings.Cut(span, "-")
	if !found {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(from, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	size = -1
	if total != "*" {
		if size, err = strconv.ParseInt(total, 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return start, size, true
}

func (f *Fetcher) backoff() time.Duration {
	if f.Backoff > 0 {
		return f.Backoff
	}
	return 2 * time.Second
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// hashFile is the SHA-1 of the file at path, read up to limit bytes.
func hashFile(path string, limit int64) (string, int64, error) {
	file, err := safefile.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer file.Close()
	h := sha1.New()
	n, err := io.Copy(h, io.LimitReader(file, limit+1))
	if err != nil {
		return "", 0, fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Check reports whether the file at path is model m as whisper.cpp
// publishes it.
func Check(m Model, path string) (bool, error) {
	sum, _, err := hashFile(path, m.limit())
	return sum == m.SHA1, err
}

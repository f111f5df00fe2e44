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
	"sync/atomic"
	"time"

	"github.com/starcoach/starcoach/internal/safefile"
)

// Fetcher downloads models, or copies them from a folder on this machine.
type Fetcher struct {
	Client *http.Client // http.DefaultClient when nil
	// BaseURL is where the models are, as Source reads it: DefaultBaseURL,
	// a mirror holding the same files, a folder or a file:// URL, or one
	// model file. It must be set: an empty one is refused rather than
	// taken for the internet default.
	BaseURL string
	// Idle is how long the server may go without sending Trickle bytes
	// before the attempt is given up and resumed: while connecting, while
	// it answers and while it sends the file; 30 s when 0.
	Idle time.Duration
	// Trickle is the fewest bytes that must arrive in each Idle period: a
	// server dripping a byte now and then is as good as silent; 16 KiB
	// when 0.
	Trickle int64
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
	// CopiedFrom is the file on this machine the model was copied from,
	// when it was not downloaded.
	CopiedFrom string
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

// byteString writes a byte count that may be far less than a MiB.
func byteString(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return MiBString(n)
}

// URL is where model m comes from, as messages show it: a password or
// token in the address is hidden.
func (f *Fetcher) URL(m Model) string {
	src, err := ParseSource(f.BaseURL)
	if err != nil {
		return Redact(f.BaseURL)
	}
	return src.shown(m)
}

// Fetch makes sure dir holds model m, whole and with whisper.cpp's hash,
// and returns its path. A file already there is checked, not downloaded
// again; a partial download (m.File() + ".part") is resumed with an HTTP
// Range request. A file whose hash is wrong is removed and refused.
//
// From a folder or a file on this machine (see Source) the model is
// copied instead, with the same check; nothing is downloaded.
func (f *Fetcher) Fetch(ctx context.Context, m Model, dir string) (Result, error) {
	dest := filepath.Join(dir, m.File())
	res := Result{Path: dest}
	src, err := ParseSource(f.BaseURL)
	if err != nil {
		return res, err
	}
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
	if src.local != "" {
		return f.copyLocal(ctx, m, src.file(m), res)
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
	// noRanges is set once the server has said it cannot resume.
	noRanges := false
	// stop ends a failed download. The bytes so far are kept only when
	// the next run can carry on from them: an empty file, or one a server
	// that ignores Range would send again from the start, is removed.
	stop := func(err error) (Result, error) {
		if have > 0 && !noRanges {
			return res, &Interrupted{Part: part, Kept: have, Err: err}
		}
		file.Close()
		os.Remove(part)
		switch {
		case have > 0:
			return res, fmt.Errorf("download %s stopped after %s (%v); the server cannot carry on from there, so nothing was kept", src.shown(m), byteString(have), err)
		case errors.Is(err, errFatal):
			return res, err // its message says it all
		case ctx.Err() != nil:
			return res, fmt.Errorf("download %s stopped before any of it arrived: %w", src.shown(m), err)
		}
		if res.Requests > 1 {
			return res, fmt.Errorf("download %s: %w (%d tries)", src.shown(m), err, res.Requests)
		}
		return res, fmt.Errorf("download %s: %w", src.shown(m), err)
	}
	for attempt := 0; ; attempt++ {
		res.Requests++
		done, err := f.attempt(ctx, m, src, file, h, &have, &noRanges)
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
			return stop(err)
		}
		if err := sleep(ctx, f.backoff()); err != nil {
			return stop(err)
		}
	}

	sum := hex.EncodeToString(h.Sum(nil))
	if sum != m.SHA1 {
		file.Close()
		os.Remove(part)
		return res, fmt.Errorf("%s from %s: SHA-1 is %s but whisper.cpp publishes %s for %s: the file is damaged or not that model, so it was deleted", m.File(), src.shown(m), sum, m.SHA1, m.Name)
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
// arrives to file and h. done means the server sent the whole file. A
// watchdog covers the whole exchange, from connecting to the last byte:
// each Idle period must bring Trickle bytes, or the attempt is given up.
func (f *Fetcher) attempt(ctx context.Context, m Model, src Source, file *os.File, h hash.Hash, have *int64, noRanges *bool) (done bool, err error) {
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	shown := src.shown(m)
	req, err := http.NewRequestWithContext(actx, http.MethodGet, src.address(m), nil)
	if err != nil {
		return false, fatalError{msg: fmt.Sprintf("download %s: %v", shown, unwrapURL(err))}
	}
	if *have > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(*have, 10)+"-")
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}

	idle, trickle := f.idle(), f.trickle()
	var answered atomic.Bool
	var got atomic.Int64 // bytes since the watchdog was last reset
	watchdog := time.AfterFunc(idle, func() {
		switch n := got.Load(); {
		case !answered.Load():
			cancel(fmt.Errorf("no answer from the server in %s", idle))
		case n == 0:
			cancel(fmt.Errorf("no data from the server for %s", idle))
		default:
			cancel(fmt.Errorf("only %d bytes from the server in %s", n, idle))
		}
	})
	defer watchdog.Stop()
	// why is what stopped a request: the watchdog's cause rather than
	// the "context canceled" it leads to.
	why := func(err error) error {
		if cause := context.Cause(actx); cause != nil && ctx.Err() == nil {
			return cause
		}
		return err
	}

	resp, err := client.Do(req)
	if err != nil {
		if off := offline(err, src); off != nil && ctx.Err() == nil {
			return false, off
		}
		return false, why(unwrapURL(err))
	}
	defer resp.Body.Close()
	answered.Store(true)
	watchdog.Reset(idle)

	total := int64(-1)
	switch resp.StatusCode {
	case http.StatusOK:
		*noRanges = resp.Header.Get("Accept-Ranges") != "bytes"
		if *have > 0 {
			// The server ignores Range: start again from the first byte.
			if err := restart(file, h, have); err != nil {
				return false, err
			}
		}
		total = resp.ContentLength
	case http.StatusPartialContent:
		*noRanges = false
		start, size, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != *have {
			from := *have
			if err := restart(file, h, have); err != nil {
				return false, err
			}
			return false, fmt.Errorf("the server answered a download resumed at byte %d with bytes %q", from, resp.Header.Get("Content-Range"))
		}
		total = size
	case http.StatusRequestedRangeNotSatisfiable:
		// Everything was already there; the hash decides.
		return true, nil
	default:
		return false, fatalError{msg: fmt.Sprintf("download %s: the server answered %s", shown, resp.Status)}
	}
	if total > m.limit() {
		return false, fatalError{msg: fmt.Sprintf("download %s: the server offers %s, far more than the %d MiB of %s", shown, MiBString(total), m.MiB, m.Name)}
	}
	if _, err := file.Seek(*have, io.SeekStart); err != nil {
		return false, err
	}
	if f.Progress != nil {
		f.Progress(*have, total)
	}

	buf := make([]byte, 256<<10)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if got.Add(int64(n)) >= trickle {
				got.Store(0)
				watchdog.Reset(idle)
			}
			if *have+int64(n) > m.limit() {
				return false, fatalError{msg: fmt.Sprintf("download %s: more than the %d MiB of %s arrived: not that model, so it was deleted", shown, m.MiB, m.Name), discard: true}
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
			return false, why(rerr)
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

func (f *Fetcher) idle() time.Duration {
	if f.Idle > 0 {
		return f.Idle
	}
	return 30 * time.Second
}

func (f *Fetcher) trickle() int64 {
	if f.Trickle > 0 {
		return f.Trickle
	}
	return 16 << 10
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

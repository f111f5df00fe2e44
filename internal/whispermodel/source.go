package whispermodel

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/starcoach/starcoach/internal/atomicfile"
	"github.com/starcoach/starcoach/internal/safefile"
)

// Source is where models come from: a web address holding the ggml-*.bin
// files, or, for a machine offline, a folder or a single model file on
// this machine.
type Source struct {
	base  string // an http or https URL, without the trailing "/"
	local string // a folder or a file on this machine
	isDir bool
}

// ParseSource reads from as a Source: an http:// or https:// URL with a
// host; a file:// URL; or a path to a folder holding ggml-*.bin files or
// to one model file. Anything else is refused here, once, rather than
// tried again and again: an empty address (never taken for the
// default), another scheme, a web address without a host.
func ParseSource(from string) (Source, error) {
	if strings.TrimSpace(from) == "" {
		return Source{}, errors.New("an empty address: give an https:// URL, or a folder or file:// URL holding a ggml-*.bin model")
	}
	if scheme, _, ok := strings.Cut(from, "://"); ok && !strings.ContainsAny(scheme, `/\`) {
		u, err := url.Parse(from)
		if err != nil {
			return Source{}, fmt.Errorf("%s: not a URL (%v)", Redact(from), unwrapURL(err))
		}
		switch strings.ToLower(u.Scheme) {
		case "http", "https":
			if u.Host == "" {
				return Source{}, fmt.Errorf("%s: no server named in it", Redact(from))
			}
			return Source{base: strings.TrimSuffix(from, "/")}, nil
		case "file":
			if u.Host != "" && u.Host != "localhost" {
				return Source{}, fmt.Errorf("%s: a file:// URL names a file on this machine: file:///path", Redact(from))
			}
			return localSource(u.Path)
		default:
			return Source{}, fmt.Errorf("%s: starcoach cannot download by %s: use https://, http://, or a folder or file:// URL", Redact(from), u.Scheme)
		}
	}
	return localSource(from)
}

func localSource(path string) (Source, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Source{}, fmt.Errorf("%s: no such folder or file", path)
		}
		return Source{}, err
	}
	return Source{local: path, isDir: st.IsDir()}, nil
}

// file is the file model m is read from in a local source.
func (s Source) file(m Model) string {
	if s.isDir {
		return filepath.Join(s.local, m.File())
	}
	return s.local
}

// address is where model m is fetched from.
func (s Source) address(m Model) string {
	if s.local != "" {
		return s.file(m)
	}
	return s.base + "/" + m.File()
}

// shown is the address as messages show it.
func (s Source) shown(m Model) string {
	if s.local != "" {
		return s.file(m)
	}
	return Redact(s.address(m))
}

// Redact hides what a URL may carry as a secret: the user name and
// password before the host, and the values after "?". Anything that is
// not a URL is returned as it is.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		if i, j := strings.Index(raw, "://"), strings.LastIndex(raw, "@"); i >= 0 && j > i {
			return raw[:i+3] + "***" + raw[j:] // unparsable, but a secret may be in it
		}
		return raw
	}
	secret := u.User != nil
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = "***"
	}
	s := u.String()
	if secret {
		s = strings.Replace(s, "://", "://***@", 1)
	}
	return s
}

// unwrapURL drops what net/http adds to an error ("Get \"URL\": "): the
// messages name the address themselves, with its password hidden.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// OfflineError means the server could not be reached at all: its name
// could not be looked up, or there is no network route to it. Trying
// again in a second does not help, so it is not retried.
type OfflineError struct {
	Host   string
	Reason string // "no such host", "network is unreachable"
}

func (e *OfflineError) Error() string {
	return fmt.Sprintf("cannot reach %s (%s): this machine looks offline", e.Host, e.Reason)
}

func (e *OfflineError) Is(t error) bool { return t == errFatal }

// offline says whether err, from a request to src, means the server
// cannot be reached from here.
func offline(err error, src Source) *OfflineError {
	host := src.base
	if u, perr := url.Parse(src.base); perr == nil {
		host = u.Hostname()
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		reason := dns.Err
		if dns.IsNotFound {
			reason = "no such host"
		}
		return &OfflineError{Host: host, Reason: reason}
	}
	for _, errno := range []syscall.Errno{syscall.ENETUNREACH, syscall.EHOSTUNREACH} {
		if errors.Is(err, errno) {
			return &OfflineError{Host: host, Reason: errno.Error()}
		}
	}
	return nil
}

// copyLocal installs model m from the file at path on this machine into
// res.Path: copied (the file given is only read), checked against the
// published SHA-1 and put in place whole, or not at all.
func (f *Fetcher) copyLocal(ctx context.Context, m Model, path string, res Result) (Result, error) {
	in, err := safefile.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return res, fmt.Errorf("%s: no such file", path)
		}
		return res, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return res, err
	}
	if st.Size() > m.limit() {
		return res, fmt.Errorf("%s: %s, far more than the %d MiB of %s: not that model", path, MiBString(st.Size()), m.MiB, m.Name)
	}
	// refused is a failure of the file given, said as it is rather than
	// as a failure to write the model.
	var refused error
	var done int64
	err = atomicfile.Write(res.Path, 0o644, func(w io.Writer) error {
		h := sha1.New()
		buf := make([]byte, 1<<20)
		for {
			if err := ctx.Err(); err != nil {
				refused = err
				return err
			}
			n, rerr := in.Read(buf)
			if n > 0 {
				if done+int64(n) > m.limit() {
					refused = fmt.Errorf("%s: more than the %d MiB of %s: not that model", path, m.MiB, m.Name)
					return refused
				}
				if _, err := w.Write(buf[:n]); err != nil {
					return err
				}
				h.Write(buf[:n])
				done += int64(n)
				if f.Progress != nil {
					f.Progress(done, st.Size())
				}
			}
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				refused = fmt.Errorf("read %s: %w", path, unwrapPath(rerr))
				return refused
			}
		}
		if sum := hex.EncodeToString(h.Sum(nil)); sum != m.SHA1 {
			refused = fmt.Errorf("%s: SHA-1 is %s but whisper.cpp publishes %s for %s: the file is damaged or not that model, so nothing was installed", path, sum, m.SHA1, m.Name)
			return refused
		}
		return nil
	})
	if refused != nil {
		return res, refused
	}
	if err != nil {
		return res, err
	}
	res.Size, res.CopiedFrom = done, path
	return res, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Identify finds which of models the file at path is, by its SHA-1, so a
// model file brought from another machine needs no name.
func Identify(path string, models []Model) (Model, error) {
	var limit int64
	var names []string
	for _, m := range models {
		limit = max(limit, m.limit())
		names = append(names, m.Name)
	}
	sum, _, err := hashFile(path, limit)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Model{}, fmt.Errorf("%s: no such file", path)
		}
		return Model{}, err
	}
	for _, m := range models {
		if m.SHA1 == sum {
			return m, nil
		}
	}
	return Model{}, fmt.Errorf("%s: SHA-1 is %s, none of the models whisper.cpp publishes (%s): the file is damaged or another file", path, sum, strings.Join(names, ", "))
}

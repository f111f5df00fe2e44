package ui

import (
	"io"
	"strings"
)

// Sanitize returns a writer that passes text to w with the control
// characters a terminal would act on replaced by U+FFFD: escape, the other
// C0 controls except tab, newline and carriage return, DEL, and the C1
// controls (U+0080 to U+009F, some terminals take U+009B for an escape
// sequence). Names, questions and transcripts come from files anyone can
// write, so none of them may move the cursor, retitle the window or hide
// text when printed.
func Sanitize(w io.Writer) io.Writer { return &sanitizer{w: w} }

type sanitizer struct {
	w       io.Writer
	pending bool // the last byte written was 0xC2, the lead byte of a C1 control
	buf     []byte
}

var replacement = []byte("\uFFFD")

func (s *sanitizer) Write(p []byte) (int, error) {
	s.buf = s.buf[:0]
	for _, c := range p {
		if s.pending {
			s.pending = false
			if c >= 0x80 && c <= 0x9F {
				s.buf = append(s.buf, replacement...)
				continue
			}
			s.buf = append(s.buf, 0xC2)
		}
		switch {
		case c == 0xC2:
			s.pending = true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7F:
			s.buf = append(s.buf, replacement...)
		default:
			s.buf = append(s.buf, c)
		}
	}
	if _, err := s.w.Write(s.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Clean is s with the characters Sanitize replaces replaced, for one
// message.
func Clean(s string) string {
	var b strings.Builder
	Sanitize(&b).Write([]byte(s))
	return b.String()
}

package ui

import (
	"bytes"
	"testing"
)

func TestSanitize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text, tab\tand lines\r\n", "plain text, tab\tand lines\r\n"},
		{"story \x1b]0;owned\x07 \x1b[2J", "story \uFFFD]0;owned\uFFFD \uFFFD[2J"},
		{"C1 \u009b31m and DEL \x7f", "C1 \uFFFD31m and DEL \uFFFD"},
		{"é ü Ω 😀 \u202e", "é ü Ω 😀 \u202e"},
	} {
		var b bytes.Buffer
		w := Sanitize(&b)
		// Byte by byte, so a character split across writes is handled too.
		for i := range len(c.in) {
			if n, err := w.Write([]byte{c.in[i]}); n != 1 || err != nil {
				t.Fatal(n, err)
			}
		}
		if b.String() != c.want {
			t.Errorf("%q: got %q, want %q", c.in, b.String(), c.want)
		}
	}
}

func TestClean(t *testing.T) {
	if got := Clean("f\x1b[2J.wav: no such file"); got != "f\uFFFD[2J.wav: no such file" {
		t.Errorf("got %q", got)
	}
}

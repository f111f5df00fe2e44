package transcript

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestBudgetFor(t *testing.T) {
	for _, c := range []struct {
		seconds float64
		words   int
	}{{0, MaxWords}, {-1, MaxWords}, {1, MinWords}, {25, MinWords}, {120, 960}, {3600, 28800}, {4 * 3600, MaxWords}} {
		b := BudgetFor(c.seconds)
		if b.Words != c.words || b.Bytes != c.words*BytesPerWord {
			t.Errorf("BudgetFor(%v) = %+v, want %d words", c.seconds, b, c.words)
		}
	}
}

func TestCheckSize(t *testing.T) {
	words := func(n int) []Word {
		ws := make([]Word, n)
		for i := range ws {
			ws[i] = Word{Word: "we"}
		}
		return ws
	}
	ok := &Transcript{DurationS: 120, Text: strings.Repeat("we shipped it ", 300), Words: words(900)}
	if err := ok.CheckSize(); err != nil {
		t.Errorf("two minutes, 900 words: %v", err)
	}
	for name, c := range map[string]struct {
		t    *Transcript
		want string
	}{
		"a million words":      {&Transcript{DurationS: 4, Text: strings.Repeat("word ", 1000000)}, "more than 200 words in 0:04 of audio"},
		"many words, no bytes": {&Transcript{DurationS: 120, Text: strings.Repeat("a ", 961)}, "more than 960 words in 2:00 of audio, faster than anyone speaks"},
		"15 MiB of <":          {&Transcript{DurationS: 4, Text: strings.Repeat("<", 15<<20)}, "more than 4800 bytes of text in 0:04 of audio"},
		"word timings":         {&Transcript{DurationS: 120, Words: words(961)}, "more than 960 words"},
		"segments":             {&Transcript{DurationS: 120, Segments: make([]Segment, 961)}, "more than 960 segments"},
		"long segment texts":   {&Transcript{DurationS: 4, Segments: []Segment{{Text: strings.Repeat("x", 4000)}, {Text: strings.Repeat("x", 801)}}}, "more than 4800 bytes of text"},
		"long words":           {&Transcript{DurationS: 4, Words: []Word{{Word: strings.Repeat("x", 4801)}}}, "more than 4800 bytes of text"},
		"no length, hard cap":  {&Transcript{Text: strings.Repeat("a ", MaxWords+1)}, "more than 30000 words, far longer than any answer"},
	} {
		t.Run(name, func(t *testing.T) {
			err := c.t.CheckSize()
			var tl *TooLongError
			if !errors.As(err, &tl) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want a *TooLongError saying %q", err, c.want)
			}
		})
	}
}

// A transcript over its budget is refused when read, and never written:
// whatever is written, Load reads back.
func TestBudgetOnReadAndWrite(t *testing.T) {
	big := &Transcript{Engine: "command", DurationS: 4, Text: strings.Repeat("word ", 201)}
	var buf bytes.Buffer
	if err := big.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	var tl *TooLongError
	if _, err := Decode(bytes.NewReader(buf.Bytes())); !errors.As(err, &tl) {
		t.Errorf("Decode: got %v, want a *TooLongError", err)
	}
	if err := big.EncodeFile(&bytes.Buffer{}); !errors.As(err, &tl) {
		t.Errorf("EncodeFile: got %v, want a *TooLongError", err)
	}
	// Within budget, < and & are written as they are, not six bytes each.
	lt := &Transcript{Engine: "command", DurationS: 60, Text: strings.Repeat("<", 4000)}
	buf.Reset()
	if err := lt.EncodeFile(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(strings.Repeat("<", 4000))) {
		t.Errorf("< escaped:\n%s", buf.Bytes())
	}
	if back, err := Decode(bytes.NewReader(buf.Bytes())); err != nil || back.Text != lt.Text {
		t.Errorf("read back %v", err)
	}
}

func TestCappedWriter(t *testing.T) {
	var buf bytes.Buffer
	c := &cappedWriter{w: &buf, left: 10}
	if _, err := c.Write([]byte("0123456789")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("x")); err == nil || buf.Len() != 10 {
		t.Errorf("wrote past the cap: %v, %q", err, buf.String())
	}
}

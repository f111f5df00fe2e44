package phones

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestAlikeHearsMisrecognitions(t *testing.T) {
	s := New(CueWords(), mustParse(t, `chest CH EH S T
checked CH EH K T
out AW T
checkout CH EH K AW T
iran IH R AA N
iran(2) AY R AE N
ran R AE N
goal G OW L
gold G OW L D
coal K OW L
banana B AH N AE N AH
`))
	for _, c := range []struct {
		heard, said string
		min, max    float64
	}{
		{"checked out", "checkout", 0.8, 0.9},
		{"iran", "i ran", 0.99, 1},
		{"gold", "goal", 0.7, 0.8},
		{"coal", "goal", 0.85, 0.95},
		{"chest", "task", 0.4, 0.7},
		{"banana", "task", 0, 0.3},
		{"task", "task", 1, 1},
	} {
		got := s.Alike(strings.Fields(c.heard), strings.Fields(c.said))
		if got < c.min || got > c.max {
			t.Errorf("Alike(%q, %q) = %.2f, want %.2f-%.2f", c.heard, c.said, got, c.min, c.max)
		}
	}
}

func mustParse(t *testing.T, s string) *Dict {
	t.Helper()
	d, err := Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseSkipsWhatItCannotRead(t *testing.T) {
	d := mustParse(t, ";;; comment\n# comment\nTask  T AE1 S K\nbad XX YY\nlonely\n")
	if !d.Has("task") || !d.Has("TASK") || d.Has("bad") || d.Has("lonely") {
		t.Errorf("parsed %v", d.index)
	}
	if got := d.lookup("task")[0]; len(got) != 4 || arpabet[got[1]] != "AE" {
		t.Errorf("task = %v: stress digits should be dropped", got)
	}
}

// The spelling fallback must come near the dictionary on ordinary words,
// or a word no dictionary holds could never sound like a cue.
func TestSpellingComesNearTheDictionary(t *testing.T) {
	cues := CueWords()
	spelledOnly := New()
	n, near := 0, 0
	for _, w := range cues.all() {
		ps := cues.lookup(w)
		n++
		if similarity(spell(w), ps[0]) >= 0.6 {
			near++
		}
	}
	if n < 200 || float64(near) < 0.8*float64(n) {
		t.Errorf("spelling within 0.6 of the dictionary for %d of %d cue words, want 80%%", near, n)
	}
	if spelledOnly.Known("task") || spelledOnly.Alike([]string{"task"}, []string{"tasks"}) < 0.7 {
		t.Errorf("a word no dictionary holds must still be compared by its spelling")
	}
}

// The embedded table is the system dictionary's own entries, where that
// is installed.
func TestCueWordsAreTheSystemDictionarys(t *testing.T) {
	if _, err := os.Stat(DictPath); err != nil {
		t.Skipf("%s not installed: nothing to compare the embedded table with", DictPath)
	}
	sys := System()
	if sys == nil {
		t.Fatalf("%s is installed but could not be read", DictPath)
	}
	for _, w := range CueWords().all() {
		ps, want := CueWords().lookup(w), sys.lookup(w)
		if len(want) != len(ps) || similarity(want[0], ps[0]) != 1 {
			t.Errorf("%s: embedded %v, system %v", w, ps, want)
		}
	}
}

// all is every word of d.
func (d *Dict) all() []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range d.index {
		line := d.data[e.off:]
		if j := bytes.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		w := strings.ToLower(string(headWord(line)))
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func TestEndsWith(t *testing.T) {
	s := New(CueWords(), mustParse(t, "by B AY\nmy M AY\nbuy B AY\neye AY\nbite B AY T\n"))
	for _, c := range []struct {
		heard, said string
		want        bool
	}{{"by", "i", true}, {"my", "i", true}, {"eye", "i", false}, {"bite", "i", false}, {"i", "by", false}} {
		if got := s.EndsWith(c.heard, c.said); got != c.want {
			t.Errorf("EndsWith(%q, %q) = %v, want %v", c.heard, c.said, got, c.want)
		}
	}
}

package story

import (
	"bytes"
	"compress/gzip"
	"testing"
)

func TestBackgroundVocabulary(t *testing.T) {
	bg := loadBackground()
	for _, w := range []string{"dashboard", "reconciliation", "migrated", "friday", "spanish", "latency", "team"} {
		if !bg.known(stem(w)) {
			t.Errorf("%q not in the background vocabulary", w)
		}
	}
	for _, w := range []string{"priya", "finlo", "kafka", "rabbitmq", "kubernetes", "pixelnest"} {
		if bg.known(stem(w)) {
			t.Errorf("%q taken for ordinary vocabulary", w)
		}
	}
	// Workplace words are commonest, then common English, then rarer
	// English, then words no dictionary knows.
	order := []string{"team", "deploy", "black", "migration", "reconciliation", "idempotent", "priya"}
	for i := 1; i < len(order); i++ {
		a, b := bg.prior(stem(order[i-1])), bg.prior(stem(order[i]))
		if a < b {
			t.Errorf("prior(%s) %.4f < prior(%s) %.4f", order[i-1], a, order[i], b)
		}
	}
}

func TestParseBackgroundRejectsBadLists(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	for name, data := range map[string][]byte{
		"not gzip":   []byte("10 word\n"),
		"no level":   gz("word\n"),
		"bad level":  gz("x word\n"),
		"zero level": gz("0 word\n"),
		"empty":      gz("# only a comment\n"),
	} {
		if _, err := parseBackground(data); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
	bg, err := parseBackground(gz("# c\n35 migration\n10 migrated\n"))
	if err != nil || bg.level["migrat"] != 10 {
		t.Errorf("smallest level of a stem: %v %v", bg, err)
	}
}

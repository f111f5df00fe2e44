package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	builtinprompts "github.com/starcoach/starcoach/prompts"
)

func TestDefaultSignalsCoverEveryPrinciple(t *testing.T) {
	set := DefaultSignals()
	for _, p := range Principles() {
		l, ok := set.For(p)
		if !ok {
			t.Errorf("%s has no signals", p)
			continue
		}
		if l.Ask == "" || !strings.HasSuffix(l.Ask, "?") {
			t.Errorf("%s: ask %q should be a question", p, l.Ask)
		}
		if len(l.Signals) < 3 {
			t.Errorf("%s has %d signals, want at least 3", p, len(l.Signals))
		}
	}
	dc, _ := set.For("Have Backbone; Disagree and Commit")
	var ids []string
	for _, s := range dc.Signals {
		ids = append(ids, s.ID)
	}
	if got := strings.Join(ids, ","); got != "disagreed,evidence,case,decision,committed" {
		t.Errorf("Disagree and Commit signals = %s", got)
	}
}

func TestParseSignalsErrorsNameFileAndLine(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"unknown principle", "[[principle]]\nname = \"Dive Deeper Still\"\n", "s.toml:1: "},
		{"bad cue", "[[principle]]\nname = \"Dive Deep\"\n\n[[principle.signal]]\nid = \"x\"\nsays = \"y\"\ncues = [\n  \"fine\",\n  \"#nope\",\n]\n", "s.toml:9: signal \"x\": phrase \"#nope\": unknown #nope"},
		{"no cues", "[[principle]]\nname = \"Dive Deep\"\n[[principle.signal]]\nid = \"x\"\nsays = \"y\"\n", "s.toml:3: signal \"x\" has no cues"},
		{"unknown key", "[[principle]]\nname = \"Dive Deep\"\n[[principle.signal]]\nid = \"x\"\nsays = \"y\"\ncue = [\"a\"]\n", "s.toml:6: unknown key"},
		{"syntax", "[[principle]]\nname = \n", "s.toml:2: "},
		{"twice", "[[principle]]\nname = \"Dive Deep\"\n[[principle]]\nname = \"dive deep\"\n", "s.toml:3: Dive Deep is listed twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSignals([]byte(tc.data), "s.toml")
			var fe *FileError
			if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error = %v, want prefix %q", err, tc.want)
			}
		})
	}
}

func TestLoadSignalsAddsAndReplacesTheUsers(t *testing.T) {
	dir := t.TempDir()
	user := `[[principle]]
name = "disagree and commit"
ask = "Mine?"

[[principle.signal]]
id = "disagreed"
says = "you said no"
cues = ["i said no"]

[[principle.signal]]
id = "escalated"
says = "you escalated"
cues = ["escalated"]
`
	if err := os.WriteFile(filepath.Join(dir, SignalsFileName), []byte(user), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := LoadSignals(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := set.For("Have Backbone; Disagree and Commit")
	if l.Ask != "Mine?" || l.Signals[0].Says != "you said no" || l.Signals[len(l.Signals)-1].ID != "escalated" || len(l.Signals) != 6 {
		t.Errorf("merged = %+v", l)
	}
	if dd, _ := set.For("Dive Deep"); len(dd.Signals) == 0 {
		t.Error("the built-in signals of other principles were lost")
	}
	if _, err := LoadSignals(t.TempDir()); err != nil {
		t.Errorf("no user file: %v", err)
	}
}

func TestSignalsFileIsNotABank(t *testing.T) {
	lib, err := Load(builtinprompts.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Bank("signals"); err == nil {
		t.Error("signals.toml was read as a bank")
	}
}

func TestQuestionSignals(t *testing.T) {
	bank := `[[question]]
id = "mine-1"
text = "Tell me about a trade-off."
principles = ["Dive Deep"]
signals = [
  { says = "you named the trade-off", cues = ["trade off", "gave up"] },
  { id = "cost", says = "what it cost", cues = "cost" },
]
`
	bf, err := decodeBank("mine", "mine.toml", "mine.toml", []byte(bank))
	if err != nil {
		t.Fatal(err)
	}
	sigs := bf.bank.Questions[0].Signals
	if len(sigs) != 2 || sigs[0].ID != "q1" || sigs[0].Cues[1] != "gave up" || sigs[1].ID != "cost" || sigs[1].Cues[0] != "cost" {
		t.Errorf("signals = %+v", sigs)
	}
	bad := strings.Replace(bank, `"gave up"`, `"#what"`, 1)
	if _, err := decodeBank("mine", "mine.toml", "mine.toml", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "mine.toml:6: ") {
		t.Errorf("bad cue: %v", err)
	}
	bad = strings.Replace(bank, `says = "what it cost", `, "", 1)
	if _, err := decodeBank("mine", "mine.toml", "mine.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "mine.toml:5: ") || !strings.Contains(err.Error(), "has no says") {
		t.Errorf("no says: %v", err)
	}
}

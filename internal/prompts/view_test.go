package prompts

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	builtin "github.com/starcoach/starcoach/prompts"
)

func TestViewsOfTheBuiltInBanks(t *testing.T) {
	lib, err := Load(builtin.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	all := lib.Summaries(Filter{})
	if len(all) == 0 {
		t.Fatal("no banks")
	}
	var b bytes.Buffer
	if err := WriteBanks(&b, all, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != len(all)+1 || !strings.HasPrefix(lines[0], "BANK") || !strings.HasPrefix(lines[1], all[0].Name+" ") {
		t.Errorf("bank table:\n%s", b.String())
	}
	b.Reset()
	if err := WriteBanks(&b, all, true); err != nil {
		t.Fatal(err)
	}
	var back []BankSummary
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back) != len(all) || back[0].Count != all[0].Count {
		t.Errorf("bank JSON: %v %s", err, b.String())
	}

	q := lib.Banks()[0].Questions[0]
	b.Reset()
	if err := WriteQuestions(&b, []Question{q}); err != nil || !strings.Contains(b.String(), q.ID) || !strings.Contains(b.String(), q.Text) {
		t.Errorf("question table: %v\n%s", err, b.String())
	}
	b.Reset()
	if err := WriteQuestion(&b, q, nil, false); err != nil || !strings.HasPrefix(b.String(), q.ID+" ("+q.Bank+")\n"+q.Text+"\n") {
		t.Errorf("question: %v\n%s", err, b.String())
	}
	if got := principleList(nil); got != "-" {
		t.Errorf("no principles: %q", got)
	}
}

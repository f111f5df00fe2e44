package prompts

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	builtin "github.com/starcoach/starcoach/prompts"
)

func TestList(t *testing.T) {
	lib, err := Load(builtin.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out, warn bytes.Buffer
	if err := lib.List(&out, &warn, "", Filter{}, false); err != nil || !strings.Contains(out.String(), "amazon-lp") {
		t.Fatalf("banks: %v\n%s", err, &out)
	}
	out.Reset()
	f := Filter{Principles: []string{"Dive Deep"}}
	if err := lib.List(&out, &warn, "amazon-lp", f, true); err != nil {
		t.Fatal(err)
	}
	var b Bank
	if err := json.Unmarshal(out.Bytes(), &b); err != nil || len(b.Questions) == 0 {
		t.Fatalf("bank JSON %v:\n%s", err, &out)
	}
	for _, q := range b.Questions {
		if !strings.Contains(strings.Join(q.Principles, ","), "Dive Deep") {
			t.Errorf("%s does not test Dive Deep: %v", q.ID, q.Principles)
		}
	}
	// A bank the filter leaves empty: [] as JSON, a line on warn as text.
	out.Reset()
	none := Filter{Principles: []string{"Frugality"}}
	if err := lib.List(&out, &warn, "openers", none, true); err != nil || !strings.Contains(out.String(), `"questions": []`) {
		t.Errorf("empty JSON: %v\n%s", err, &out)
	}
	out.Reset()
	if err := lib.List(&out, &warn, "openers", none, false); err != nil || out.Len() != 0 || !strings.Contains(warn.String(), `bank "openers" has no questions`) {
		t.Errorf("empty text: %v, stdout %q, stderr %q", err, &out, &warn)
	}
	if err := lib.List(&out, &warn, "nope", Filter{}, false); err == nil || !strings.Contains(err.Error(), `no bank called "nope"`) {
		t.Errorf("unknown bank: %v", err)
	}
}

func TestShow(t *testing.T) {
	lib, err := Load(builtin.Builtin(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := lib.Show(&out, "about-you", nil, true); err != nil {
		t.Fatal(err)
	}
	var q Question
	if err := json.Unmarshal(out.Bytes(), &q); err != nil || q.ID != "about-you" {
		t.Errorf("%+v, %v", q, err)
	}
	if err := lib.Show(&out, "no-such-id", nil, false); err == nil || !strings.HasSuffix(err.Error(), "list them with: starcoach prompts list --bank BANK") {
		t.Errorf("unknown id: %v", err)
	}
}

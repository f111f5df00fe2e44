package prompts

import (
	"strings"
	"testing"
)

func TestParseFilter(t *testing.T) {
	f, err := ParseFilter([]string{"dd,ownership", "Dive Deep"}, "senior")
	if err != nil || strings.Join(f.Principles, "|") != "Dive Deep|Ownership" || f.Level != "senior" {
		t.Errorf("got %+v, %v; want Dive Deep and Ownership once each, at senior", f, err)
	}
	if f, err := ParseFilter(nil, ""); err != nil || len(f.Principles) != 0 {
		t.Errorf("no flags: %+v, %v", f, err)
	}
	if _, err := ParseFilter([]string{"teamwork"}, ""); err == nil || !strings.HasPrefix(err.Error(), "--lp: ") {
		t.Errorf("unknown principle: %v", err)
	}
	if _, err := ParseFilter(nil, "intern"); err == nil || !strings.HasPrefix(err.Error(), "--level: ") {
		t.Errorf("unknown level: %v", err)
	}
}

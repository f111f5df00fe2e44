package prompts

import (
	"strings"
	"testing"
)

func TestMatchPrinciple(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dive Deep", "Dive Deep"},
		{"dive deep", "Dive Deep"},
		{"DIVE-DEEP", "Dive Deep"},
		{"ownership", "Ownership"},
		{"own", "Ownership"},
		{"cust", "Customer Obsession"},
		{"dd", "Dive Deep"},
		{"DR", "Deliver Results"},
		{"lbc", "Learn and Be Curious"},
		{"labc", "Learn and Be Curious"},
		{"hdb", "Hire and Develop the Best"},
		{"Learn & Be Curious", "Learn and Be Curious"},
		{"are right a lot", "Are Right, A Lot"},
		{"Are Right, A Lot", "Are Right, A Lot"},
		{"highest", "Insist on the Highest Standards"},
		{"highest standards", "Insist on the Highest Standards"},
		{"disagree and commit", "Have Backbone; Disagree and Commit"},
		{"Have Backbone", "Have Backbone; Disagree and Commit"},
		{"backbone", "Have Backbone; Disagree and Commit"},
		{"commit", "Have Backbone; Disagree and Commit"},
		{"earth", "Strive to be Earth's Best Employer"},
		{"earths best employer", "Strive to be Earth's Best Employer"},
		{"Earth’s Best Employer", "Strive to be Earth's Best Employer"},
		{"scale", "Success and Scale Bring Broad Responsibility"},
		{"frugal", "Frugality"},
		{"trust", "Earn Trust"},
		{"bias", "Bias for Action"},
		{"think big", "Think Big"},
		{"invent", "Invent and Simplify"},
	}
	for _, tt := range tests {
		got, err := MatchPrinciple(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("MatchPrinciple(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestMatchPrincipleErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"best", `"best" could be "Hire and Develop the Best" or "Strive to be Earth's Best Employer": give more of the name`},
		{"d", `"d" could be "Dive Deep", "Have Backbone; Disagree and Commit" or "Deliver Results": give more of the name`},
		{"Dive Depp", `unknown principle "Dive Depp" (did you mean "Dive Deep"?)`},
		{"Customer Obsesion", `unknown principle "Customer Obsesion" (did you mean "Customer Obsession"?)`},
		{"teamwork", `unknown principle "teamwork": the principles are "Customer Obsession", "Ownership", `},
		{"", `empty principle name: give one of "Customer Obsession"`},
		{" ,;", `empty principle name`},
	}
	for _, tt := range tests {
		_, err := MatchPrinciple(tt.in)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("MatchPrinciple(%q) error %v; want %s", tt.in, err, tt.want)
		}
	}
}

func TestMatchPrinciples(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ownership,Dive Deep", "Ownership|Dive Deep"},
		{"ownership, dive deep, ownership", "Ownership|Dive Deep"},
		{"Are Right, A Lot,Ownership", "Are Right, A Lot|Ownership"},
		{"ownership,Are Right, A Lot", "Ownership|Are Right, A Lot"},
		{"dd,", "Dive Deep"},
		{"Have Backbone; Disagree and Commit", "Have Backbone; Disagree and Commit"},
	}
	for _, tt := range tests {
		got, err := MatchPrinciples(tt.in)
		if err != nil || strings.Join(got, "|") != tt.want {
			t.Errorf("MatchPrinciples(%q) = %q, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	if _, err := MatchPrinciples("ownership,teamwork"); err == nil || !strings.Contains(err.Error(), `unknown principle "teamwork"`) {
		t.Errorf("MatchPrinciples with an unknown name: %v", err)
	}
	if _, err := MatchPrinciples(" , "); err == nil {
		t.Error("MatchPrinciples of nothing: no error")
	}
}

// Every short form names one principle only, so initials never guess.
func TestShortFormsAreUnambiguous(t *testing.T) {
	owner := map[string]string{}
	for _, p := range principles {
		for _, name := range namesOf(p) {
			for _, s := range shortForms(name) {
				if o, ok := owner[s]; ok && o != p {
					t.Errorf("short form %q of both %q and %q", s, o, p)
				}
				owner[s] = p
				if got, err := MatchPrinciple(s); err != nil || got != p {
					t.Errorf("MatchPrinciple(%q) = %q, %v; want %q", s, got, err, p)
				}
			}
		}
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]string{
		"": LevelAny, "any": LevelAny, "new-grad": LevelNewGrad, "New grad": LevelNewGrad,
		"newgrad": LevelNewGrad, "new_grad": LevelNewGrad, "Senior": LevelSenior, "manager": LevelManager,
	} {
		if got, err := ParseLevel(in); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseLevel("staff"); err == nil || err.Error() != `unknown level "staff": use new-grad, senior, manager or any` {
		t.Errorf("ParseLevel(staff): %v", err)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"dive deep", "dive depp", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"earth’s", "earth's", 1}} {
		if got := editDistance(tt.a, tt.b); got != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

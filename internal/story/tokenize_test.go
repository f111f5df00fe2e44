package story

import (
	"reflect"
	"strings"
	"testing"
)

// numbersIn returns the numbers of a text as the package shows them.
func numbersIn(text string) []string {
	var out []string
	for _, t := range tokenize(text) {
		if t.isNum {
			out = append(out, formatNumber(t.num, t.kind))
		}
	}
	return out
}

func TestNumbersMeetWhateverTheWording(t *testing.T) {
	cases := []struct {
		texts []string
		want  string
	}{
		{[]string{"40 percent", "forty percent", "40%", "forty per cent", "Forty Percent"}, "40%"},
		{[]string{"twenty two percent", "22%", "22 percent"}, "22%"},
		{[]string{"$2 million", "two million dollars", "$2M", "2 million dollars", "$2,000,000"}, "$2 million"},
		{[]string{"$400,000", "four hundred thousand dollars", "$400k", "400 thousand dollars"}, "$400,000"},
		{[]string{"$1.2 million", "1.2 million dollars", "one point two million dollars"}, "$1.2 million"},
		{[]string{"3x", "three times", "3 times"}, "3 times"},
		{[]string{"a hundred and forty", "140", "one hundred forty"}, "140"},
		{[]string{"2,000", "two thousand"}, "2000"},
		{[]string{"12,000", "twelve thousand"}, "12,000"},
		{[]string{"3 million", "three million"}, "3 million"},
		{[]string{"point nine five", "0.95", ".95"}, "0.95"},
		{[]string{"503s", "503"}, "503"},
		{[]string{"fifty", "50"}, "50"},
	}
	for _, c := range cases {
		for _, text := range c.texts {
			got := numbersIn(text)
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("numbers in %q = %q, want [%q]", text, got, c.want)
			}
		}
	}
}

func TestNumbersInContext(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"the split was 52/48 instead of 50/50", []string{"52", "48", "50", "50"}},
		{"fifty two to forty eight", []string{"52", "48"}},
		{"the one I'd pick is one of the hardest", nil},
		{"two three four", []string{"2", "3", "4"}},
		{"fifteen two", []string{"15", "2"}},
		{"in Q3 we moved S3 buckets", nil},
		{"at 9 a.m. errors hit 40%.", []string{"9", "40%"}},
		{"from 40% to under 1% in forty minutes", []string{"40%", "1%", "40"}},
		{"satisfaction went from 2.1 to 4 out of 5", []string{"2.1", "4", "5"}},
		{"we cut $400,000, about 35 percent of our bill", []string{"$400,000", "35%"}},
		{"forty. percent", []string{"40"}}, // a sentence end parts them
	}
	for _, c := range cases {
		if got := numbersIn(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("numbers in %q = %q, want %q", c.text, got, c.want)
		}
	}
}

// wordsIn returns the non-number tokens of a text.
func wordsIn(text string) []string {
	var out []string
	for _, t := range tokenize(text) {
		if !t.isNum {
			out = append(out, t.word)
		}
	}
	return out
}

func TestTokenizeNormalises(t *testing.T) {
	cases := []struct {
		text string
		want string
	}{
		{"We didn't wait; Priya's fix can't land.", "we did wait priya fix can land"},
		{"it’s the team’s call", "it the team call"}, // curly apostrophes
		{"on-call, route-optimization", "on call route optimization"},
		{"um so uh you know I mean it was kind of sort of like fine", "um so uh it was like fine"},
		{"an s r m check on the c d n", "an srm check on the cdn"},
		{"the a u c was high", "the auc was high"},
		{"an A/B test I ran", "an ab test i ran"},
		{"so i went", "so i went"},
		{"players' scores", "players scores"},
	}
	for _, c := range cases {
		if got := strings.Join(wordsIn(c.text), " "); got != c.want {
			t.Errorf("tokenize(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestFillersAndStopWordsMakeNoTerms(t *testing.T) {
	d := extractTerms("Um, so, uh, you know, I mean, like, basically it was, uh, kind of what we did, right?")
	if len(d.count) != 0 {
		t.Errorf("terms of fillers and stop words = %v, want none", d.count)
	}
}

func TestNamesFromCapitals(t *testing.T) {
	names := func(text string) []string {
		var out []string
		for _, tk := range tokenize(text) {
			if tk.name {
				out = append(out, tk.word)
			}
		}
		return out
	}
	cases := []struct {
		text string
		want []string
	}{
		// A capital inside a sentence, or after a comma, marks a name.
		{"On Black Friday I paged Priya at Finlo.", []string{"black", "friday", "priya", "finlo"}},
		{"Our architect, Gareth, disagreed.", []string{"gareth"}},
		// The first word of a sentence and the pronoun I are not names.
		{"Gareth disagreed. Then I wrote a doc.", nil},
		// Capitals in a word: acronyms are names in a text with case.
		{"We used the CDN and the AWS bill went down.", []string{"cdn", "aws"}},
		// A text without case, or in capitals only, says nothing by case.
		{"on black friday i paged priya at finlo", nil},
		{"ON BLACK FRIDAY I PAGED PRIYA AT FINLO", nil},
		{"On Black Friday I Paged Priya At Finlo", nil},
	}
	for _, c := range cases {
		if got := names(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("names in %q = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestTermsAndBigrams(t *testing.T) {
	d := extractTerms("We migrated the payment service. Migrating it, the migration took 3 weeks")
	for _, want := range []string{"migrat", "payment", "servic", "payment servic", "#3", "#3 week", "migrat payment"} {
		if d.count[want] == 0 {
			t.Errorf("term %q missing from %v", want, d.count)
		}
	}
	if d.count["migrat"] != 3 {
		t.Errorf("migrated/migrating/migration counted %d times, want 3", d.count["migrat"])
	}
	// No bigram across a sentence end or a comma.
	for _, no := range []string{"servic migrat", "migrat migrat"} {
		if d.count[no] != 0 {
			t.Errorf("bigram %q across a boundary", no)
		}
	}
	if d.surface["payment servic"] != "payment service" || d.surface["#3 week"] != "3 weeks" {
		t.Errorf("surfaces = %q, %q", d.surface["payment servic"], d.surface["#3 week"])
	}
}

func TestJoinsMeetSplitWords(t *testing.T) {
	d := extractTerms("we moved off rabbit m q and the leader board")
	for _, want := range []string{"rabbitmq", "leaderboard"} {
		if _, ok := d.joins[want]; !ok {
			t.Errorf("join %q missing from %v", want, d.joins)
		}
	}
	if d.joins["leaderboard"] != "leader board" {
		t.Errorf("join surface = %q", d.joins["leaderboard"])
	}
}

func TestLexNeverLosesOrInventsDigits(t *testing.T) {
	for _, text := range []string{"", "   ", "$", "%", "$.", "1.", ".5", "1,,2", "1..2", "$$3", "'''", "3%%", "12.34.56", "1e9", "∞ 9\u00a0%"} {
		for _, tk := range tokenize(text) {
			if tk.isNum && (tk.num != tk.num || tk.num < 0) {
				t.Errorf("tokenize(%q): bad number %v", text, tk.num)
			}
		}
	}
}

package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	builtin "github.com/starcoach/starcoach/prompts"
)

func loadBuiltin(t *testing.T) *Library {
	t.Helper()
	lib, err := Load(builtin.Builtin(), "")
	if err != nil {
		t.Fatalf("built-in banks: %v", err)
	}
	return lib
}

func TestBuiltinBanksLoad(t *testing.T) {
	lib := loadBuiltin(t)
	var names []string
	for _, b := range lib.Banks() {
		names = append(names, b.Name)
		if b.Title == "" || b.Description == "" {
			t.Errorf("bank %s has no title or description", b.Name)
		}
		if b.Source != SourceBuiltin {
			t.Errorf("bank %s source %q", b.Name, b.Source)
		}
		for _, q := range b.Questions {
			if q.Bank != b.Name || q.Source != SourceBuiltin {
				t.Errorf("%s: bank %q source %q", q.ID, q.Bank, q.Source)
			}
			if !strings.HasSuffix(q.Text, "?") && !strings.HasSuffix(q.Text, ".") {
				t.Errorf("%s: text does not end a sentence: %q", q.ID, q.Text)
			}
			for _, f := range q.FollowUps {
				if !strings.HasSuffix(f, "?") && !strings.HasSuffix(f, ".") {
					t.Errorf("%s: follow-up does not end a sentence: %q", q.ID, f)
				}
			}
		}
	}
	if want := []string{"amazon-lp", "bar-raiser", "behavioral", "openers"}; !slices.Equal(names, want) {
		t.Errorf("banks %v, want %v", names, want)
	}
}

func TestBuiltinLimits(t *testing.T) {
	lib := loadBuiltin(t)
	want := map[string]float64{"amazon-lp": 120, "behavioral": 120, "openers": 120, "bar-raiser": 60}
	for name, limit := range want {
		b, err := lib.Bank(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range b.Questions {
			if q.LimitS != limit {
				t.Errorf("%s/%s: limit %v s, want %v s", name, q.ID, q.LimitS, limit)
			}
		}
	}
}

func TestOpenersAreThere(t *testing.T) {
	lib := loadBuiltin(t)
	for _, id := range []string{"about-you", "why-company"} {
		q, err := lib.Find(id)
		if err != nil {
			t.Fatal(err)
		}
		if q.Bank != "openers" {
			t.Errorf("%s in bank %s", id, q.Bank)
		}
	}
}

// Every principle has at least three questions that test it first, at
// more than one level, and each question comes with its own follow-ups.
func TestAmazonLPCoversEveryPrinciple(t *testing.T) {
	lib := loadBuiltin(t)
	b, err := lib.Bank("amazon-lp")
	if err != nil {
		t.Fatal(err)
	}
	main := map[string]int{}
	levels := map[string]map[string]bool{}
	for _, q := range b.Questions {
		if len(q.Principles) == 0 {
			t.Errorf("%s tests no principle", q.ID)
			continue
		}
		main[q.Principles[0]]++
		if levels[q.Principles[0]] == nil {
			levels[q.Principles[0]] = map[string]bool{}
		}
		levels[q.Principles[0]][q.Level] = true
		if len(q.FollowUps) < 2 {
			t.Errorf("%s has %d follow-ups, want at least 2", q.ID, len(q.FollowUps))
		}
	}
	for _, p := range Principles() {
		if main[p] < 3 {
			t.Errorf("%q is the main principle of %d questions, want at least 3", p, main[p])
		}
		if len(levels[p]) < 3 {
			t.Errorf("%q questions are for only %d levels", p, len(levels[p]))
		}
	}
	byLevel := map[string]int{}
	for _, q := range b.Questions {
		byLevel[q.Level]++
	}
	for _, l := range append(Levels(), LevelAny) {
		if byLevel[l] < 8 {
			t.Errorf("%d questions for level %s, want at least 8", byLevel[l], l)
		}
	}
}

func TestIDsUniqueAcrossBanks(t *testing.T) {
	lib := loadBuiltin(t)
	seen := map[string]string{}
	total := 0
	for _, b := range lib.Banks() {
		for _, q := range b.Questions {
			total++
			if other, ok := seen[q.ID]; ok {
				t.Errorf("id %s in %s and %s", q.ID, other, b.Name)
			}
			seen[q.ID] = b.Name
			if got, err := lib.Find(q.ID); err != nil || got.Text != q.Text {
				t.Errorf("Find(%s) = %q, %v", q.ID, got.Text, err)
			}
		}
	}
	if total < 80 {
		t.Errorf("only %d questions in all", total)
	}
}

// The sixteen names are Amazon's, spelled as it spells them.
func TestPrinciples(t *testing.T) {
	want := "Customer Obsession; Ownership; Invent and Simplify; Are Right, A Lot; Learn and Be Curious; " +
		"Hire and Develop the Best; Insist on the Highest Standards; Think Big; Bias for Action; Frugality; " +
		"Earn Trust; Dive Deep; Have Backbone; Disagree and Commit; Deliver Results; " +
		"Strive to be Earth's Best Employer; Success and Scale Bring Broad Responsibility"
	got := Principles()
	if len(got) != 16 || strings.Join(got, "; ") != want {
		t.Errorf("Principles() = %d names %q", len(got), strings.Join(got, "; "))
	}
	got[0] = "changed"
	if Principles()[0] != "Customer Obsession" {
		t.Error("Principles returns the package's own slice")
	}
}

func writeUserBank(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUserBanksMerge(t *testing.T) {
	dir := t.TempDir()
	ext := writeUserBank(t, dir, "amazon-lp.toml", `
[[question]]
id = "ownership-1"
text = "My own wording of the ownership question."
principles = ["ownership"]
limit = "1:30"

[[question]]
id = "mine-extra"
text = "An extra Leadership Principle question."
principles = ["Dive Deep"]
level = "senior"
`)
	mine := writeUserBank(t, dir, "mine.toml", `
title = "Mine"
limit = 75
[[question]]
id = "mine-1"
text = "Tell me about the project you would show a friend."
`)
	writeUserBank(t, dir, "notes.txt", "not a bank")
	if err := os.Mkdir(filepath.Join(dir, "old.toml"), 0o755); err != nil {
		t.Fatal(err)
	}

	base := loadBuiltin(t)
	baseLP, _ := base.Bank("amazon-lp")
	lib, err := Load(builtin.Builtin(), dir)
	if err != nil {
		t.Fatal(err)
	}
	lp, err := lib.Bank("amazon-lp")
	if err != nil {
		t.Fatal(err)
	}
	if len(lp.Questions) != len(baseLP.Questions)+1 {
		t.Errorf("amazon-lp has %d questions, want %d", len(lp.Questions), len(baseLP.Questions)+1)
	}
	if lp.Title != baseLP.Title {
		t.Errorf("title %q replaced though the user's file has none", lp.Title)
	}
	if lp.Source != SourceBuiltin+" + "+ext {
		t.Errorf("source %q", lp.Source)
	}
	// Replaced in place, keeping the bank's order.
	at := slices.IndexFunc(baseLP.Questions, func(q Question) bool { return q.ID == "ownership-1" })
	got := lp.Questions[at]
	if got.ID != "ownership-1" || got.Text != "My own wording of the ownership question." ||
		got.LimitS != 90 || got.Source != ext || !slices.Equal(got.Principles, []string{"Ownership"}) {
		t.Errorf("replaced question = %+v", got)
	}
	if last := lp.Questions[len(lp.Questions)-1]; last.ID != "mine-extra" || last.Bank != "amazon-lp" || last.LimitS != DefaultLimitS {
		t.Errorf("added question = %+v", last)
	}
	if q, err := lib.Find("ownership-1"); err != nil || q.Source != ext {
		t.Errorf("Find(ownership-1) = %+v, %v", q, err)
	}

	m, err := lib.Bank("mine")
	if err != nil {
		t.Fatal(err)
	}
	if m.Title != "Mine" || m.Source != mine || len(m.Questions) != 1 || m.Questions[0].LimitS != 75 || m.Questions[0].Level != LevelAny {
		t.Errorf("new bank = %+v", m)
	}
	if len(lib.Banks()) != 5 {
		t.Errorf("%d banks, want 5", len(lib.Banks()))
	}
	// The built-in library is untouched by another load.
	if q, _ := loadBuiltin(t).Find("ownership-1"); q.Source != SourceBuiltin {
		t.Errorf("built-in question changed: %+v", q)
	}
}

func TestMissingUserDirIsNoBanks(t *testing.T) {
	lib, err := Load(builtin.Builtin(), filepath.Join(t.TempDir(), "absent"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lib.Banks()) != 4 {
		t.Errorf("%d banks", len(lib.Banks()))
	}
}

func TestNoBanksAtAll(t *testing.T) {
	if _, err := Load(fstest.MapFS{}, ""); err == nil {
		t.Error("no error for no banks")
	}
}

// Each mistake in a bank is one message naming the file and the line.
func TestMalformedBanks(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"syntax", "title = \"x\"\n[[question]]\nid = \"a\"\ntext = \"unclosed\n", `:4: .*`},
		{"typo in principle", `title = "Mine"

[[question]]
id = "a"
text = "First."
principles = ["Ownership"]

[[question]]
id = "b"
text = "Second."
principles = [
  "Earn Trust",
  "Dive Depp",
]
`, `:13: unknown principle "Dive Depp" \(did you mean "Dive Deep"\?\)$`},
		{"principle far off", "[[question]]\nid = \"a\"\ntext = \"x.\"\nprinciples = [\"Grit\"]\n",
			`:4: unknown principle "Grit": use one of "Customer Obsession", .* or "Success and Scale Bring Broad Responsibility"$`},
		{"principle abbreviated", "[[question]]\nid = \"a\"\ntext = \"x.\"\nprinciples = [\"Backbone\"]\n",
			`:4: unknown principle "Backbone" \(did you mean "Have Backbone; Disagree and Commit"\?\)$`},
		{"unknown key", "[[question]]\nid = \"a\"\ntext = \"x.\"\n\n[[question]]\nid = \"b\"\ntext = \"y.\"\nfollow-ups = [\"Why?\"]\n",
			`:8: unknown key "follow-ups" \(did you mean "follow_ups"\?\)$`},
		{"unknown top key", "title = \"x\"\ndescripton = \"y\"\n[[question]]\nid = \"a\"\ntext = \"x.\"\n",
			`:2: unknown key "descripton" \(did you mean "description"\?\)$`},
		{"level", "[[question]]\nid = \"a\"\ntext = \"x.\"\nlevel = \"junior\"\n",
			`:4: unknown level "junior": use new-grad, senior, manager or any$`},
		{"limit too short", "[[question]]\nid = \"a\"\ntext = \"x.\"\nlimit = 5\n",
			`:4: limit 5.0 s: give between 10 s and 15:00$`},
		{"limit not a time", "limit = \"soon\"\n[[question]]\nid = \"a\"\ntext = \"x.\"\n",
			`:1: limit: "soon" is not a time`},
		{"limit a list", "[[question]]\nid = \"a\"\ntext = \"x.\"\nlimit = [1]\n",
			`:4: limit: should be seconds \(90\) or m:ss \("1:30"\), not a list$`},
		{"no id", "[[question]]\nid = \"a\"\ntext = \"x.\"\n[[question]]\ntext = \"y.\"\n",
			`:4: question has no id$`},
		{"empty text", "[[question]]\nid = \"a\"\ntext = \"  \"\n",
			`:3: text is empty$`},
		{"id with spaces", "[[question]]\nid = \"my question\"\ntext = \"x.\"\n",
			`:2: id "my question": use up to 64 letters`},
		{"duplicate id", "[[question]]\nid = \"a\"\ntext = \"x.\"\n\n[[question]]\nid = \"a\"\ntext = \"y.\"\n",
			`:6: id "a" is used twice in this file \(first at line 2\)`},
		{"principles a number", "[[question]]\nid = \"a\"\ntext = \"x.\"\nprinciples = 3\n",
			`:4: principles: should be a list of strings, like \["a", "b"\], not a number$`},
		{"follow-up not a string", "[[question]]\nid = \"a\"\ntext = \"x.\"\nfollow_ups = [\"Why?\", 2]\n",
			`:4: follow_ups: should be a list of strings, but has a number$`},
		{"title a number", "title = 3\n[[question]]\nid = \"a\"\ntext = \"x.\"\n",
			`:1: title: should be a string in quotes, not a number$`},
		{"no questions", "title = \"x\"\n", `: no questions: add \[\[question\]\] tables`},
		{"question a string", "question = \"x\"\n", `:1: question: should be a list of \[\[question\]\] tables$`},
		{"clash with built-in", "[[question]]\nid = \"x\"\ntext = \"x.\"\n[[question]]\nid = \"dive-deep-1\"\ntext = \"y.\"\n",
			`:5: id "dive-deep-1" is already a question in bank "amazon-lp" \(built-in\); choose another id$`},
		// A header inside a multi-line string is text, not a question.
		{"header in a string", "[[question]]\nid = \"a\"\ntext = \"\"\"\nLine one.\n[[question]]\n\"\"\"\n\n[[question]]\nid = \"b\"\ntext = \"y.\"\nprinciples = [\"Frugal\"]\n",
			`:11: unknown principle "Frugal" \(did you mean "Frugality"\?\)$`},
		{"inline questions", "question = [{id = \"a\", text = \"x.\", level = \"boss\"}]\n",
			`: unknown level "boss"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeUserBank(t, dir, "mine.toml", tt.content)
			_, err := Load(builtin.Builtin(), dir)
			if err == nil {
				t.Fatal("no error")
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != path {
				t.Errorf("error %v (%T) does not name %s", err, err, path)
			}
			if !regexp.MustCompile(regexp.QuoteMeta(path) + tt.want).MatchString(err.Error()) {
				t.Errorf("error\n  %v\nwant\n  %s%s", err, path, tt.want)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error is more than one line: %q", err)
			}
		})
	}
}

func TestBadUserFiles(t *testing.T) {
	dir := t.TempDir()
	path := writeUserBank(t, dir, "my bank.toml", "[[question]]\nid = \"a\"\ntext = \"x.\"\n")
	if _, err := Load(builtin.Builtin(), dir); err == nil || !strings.Contains(err.Error(), path+`: bank name "my bank": name the file`) {
		t.Errorf("bank name with a space: %v", err)
	}

	dir = t.TempDir()
	big := "[[question]]\nid = \"a\"\ntext = \"" + strings.Repeat("x", maxBankBytes) + "\"\n"
	path = writeUserBank(t, dir, "big.toml", big)
	if _, err := Load(builtin.Builtin(), dir); err == nil || !strings.Contains(err.Error(), path+": over 1024 KB") {
		t.Errorf("huge file: %v", err)
	}

	dir = t.TempDir()
	path = writeUserBank(t, dir, "locked.toml", "title = \"x\"\n")
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(path); err == nil {
		f.Close() // running as root: permissions do not apply
	} else if _, err := Load(builtin.Builtin(), dir); err == nil || err.Error() != path+": permission denied" {
		t.Errorf("unreadable file: %v", err)
	}

	// A byte-order mark at the start is not a syntax error.
	dir = t.TempDir()
	writeUserBank(t, dir, "bom.toml", "\uFEFF[[question]]\nid = \"bom-1\"\ntext = \"x.\"\n")
	if _, err := Load(builtin.Builtin(), dir); err != nil {
		t.Errorf("file with a byte-order mark: %v", err)
	}
}

func TestBankAndFindErrors(t *testing.T) {
	lib := loadBuiltin(t)
	_, err := lib.Bank("amazon")
	if err == nil || err.Error() != `no bank called "amazon"; the banks are amazon-lp, bar-raiser, behavioral, openers` {
		t.Errorf("Bank(amazon): %v", err)
	}
	_, err = lib.Bank("openner")
	if err == nil || !strings.HasPrefix(err.Error(), `no bank called "openner" (did you mean "openers"?)`) {
		t.Errorf("Bank(openner): %v", err)
	}
	_, err = lib.Find("dive-deep-9")
	if err == nil || !strings.HasPrefix(err.Error(), `no question with id "dive-deep-9" (did you mean "dive-deep-`) {
		t.Errorf("Find: %v", err)
	}
	_, err = lib.Find("zzzzzzzz")
	if err == nil || err.Error() != `no question with id "zzzzzzzz"` {
		t.Errorf("Find: %v", err)
	}
}

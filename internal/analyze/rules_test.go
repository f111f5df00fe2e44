package analyze

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The verdict words, the pause scale and the near window are this
// package's; every other package reads them from here. A copy drifts: a
// help text said long pauses were "1 s or more" while the scale said 3 s.
// This looks through starcoach's other packages for a copy written out.
func TestRulesAreReadNotCopied(t *testing.T) {
	scale := regexp.MustCompile(fmt.Sprintf(`\b(%g|%g) s( or more|\+)`, PauseS, LongPauseS))
	copies := []struct {
		what string
		re   *regexp.Regexp
	}{
		{"a verdict word compared as a literal (use analyze.Over, Near, Short, OK)",
			regexp.MustCompile(`(==|!=|case)\s*"(` + strings.Join([]string{Short, OK, Near, Over}, "|") + `)"`)},
		{"the pause scale written out (use analyze.PauseLabel, LongPauseLabel)", scale},
		{"the near window written out (use analyze.Judge with the options' NearS)",
			regexp.MustCompile(fmt.Sprintf(`\b%g \* time\.Second`, DefaultOptions().NearS))},
	}
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "analyze" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			line = codeOf(line) // a comment may say what the rule is
			for _, c := range copies {
				if c.re.MatchString(line) {
					t.Errorf("%s:%d: %s:\n\t%s", path, i+1, c.what, strings.TrimSpace(line))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// codeOf is line without a comment at its end: the text from a "//"
// outside any quotes on.
func codeOf(line string) string {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '`':
			quote = r
		case strings.HasPrefix(line[i:], "//"):
			return line[:i]
		}
	}
	return line
}

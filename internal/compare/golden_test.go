package compare

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenDir holds one folder per comparison: a.txt and b.txt (the takes'
// transcripts; b.txt may be missing), a.timing.json and b.timing.json (their
// timing analyses), questions.txt (A's question, then B's), and the
// expected output in compare.golden and compare.json.golden.
var goldenDir = filepath.Join("..", "..", "testdata", "compare")

func loadCase(t *testing.T, dir string) Comparison {
	t.Helper()
	qs, err := os.ReadFile(filepath.Join(dir, "questions.txt"))
	if err != nil {
		t.Fatal(err)
	}
	questions := strings.SplitN(strings.TrimSpace(string(qs)), "\n", 2)
	var takes []Take
	for i, name := range []string{"a", "b"} {
		var timing *analyze.Result
		if data, err := os.ReadFile(filepath.Join(dir, name+".timing.json")); err == nil {
			timing = &analyze.Result{}
			if err := json.Unmarshal(data, timing); err != nil {
				t.Fatal(err)
			}
		}
		var tr *transcript.Transcript
		if data, err := os.ReadFile(filepath.Join(dir, name+".txt")); err == nil {
			tr = &transcript.Transcript{Text: string(data)}
		}
		limit := assess.DefaultLimitS
		if timing != nil && timing.LimitS > 0 {
			limit = timing.LimitS
		}
		a := assess.Of(limit, timing, tr, nil, assess.Options{})
		a.Question = questions[i]
		takes = append(takes, NewTake(name+".wav", a))
	}
	return Compare(takes[0], takes[1])
}

func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(goldenDir, "*"))
	if err != nil || len(dirs) < 3 {
		t.Fatalf("want at least 3 comparisons in %s: %v", goldenDir, err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			c := loadCase(t, dir)
			var text, js bytes.Buffer
			if err := WriteText(&text, c); err != nil {
				t.Fatal(err)
			}
			enc := json.NewEncoder(&js)
			enc.SetIndent("", "  ")
			if err := enc.Encode(c); err != nil {
				t.Fatal(err)
			}
			for name, got := range map[string][]byte{"compare.golden": text.Bytes(), "compare.json.golden": js.Bytes()} {
				path := filepath.Join(dir, name)
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test -update writes it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s--- want\n%s", path, got, want)
				}
			}
		})
	}
}

func TestVerdicts(t *testing.T) {
	improved := loadCase(t, filepath.Join(goldenDir, "improved"))
	for _, m := range []string{"first word", "pauses / long pauses", "STAR shares S/T/A/R", "reflection", "score", "fillers"} {
		if !contains(improved.Improved, m) {
			t.Errorf("improved take: %q not among the improvements %v", m, improved.Improved)
		}
	}
	// 1:36 and 1:01 are both ok against 2:00: no better, no worse.
	if contains(improved.Improved, "duration") {
		t.Errorf("improved take: two ok lengths called a change: %v", improved.Improved)
	}
	if len(improved.Worse) != 0 || !improved.SameQuestion {
		t.Errorf("improved take: worse %v, same question %v", improved.Worse, improved.SameQuestion)
	}
	worse := loadCase(t, filepath.Join(goldenDir, "worse"))
	for _, m := range []string{"duration", "score", "fillers", "missing"} {
		if !contains(worse.Worse, m) {
			t.Errorf("worse take: %q not among %v", m, worse.Worse)
		}
	}
	if worse.SameQuestion {
		t.Error("worse: the questions differ")
	}
	// Against itself nothing changes.
	same := Compare(improved.B, improved.B)
	if len(same.Improved)+len(same.Worse) != 0 {
		t.Errorf("a take against itself: improved %v, worse %v", same.Improved, same.Worse)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

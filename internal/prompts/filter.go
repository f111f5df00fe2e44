package prompts

import (
	"fmt"
	"slices"
)

// ParseFilter reads the --lp lists (principles, comma-separated, each as
// MatchPrinciples takes it; repeats dropped) and the --level value into a
// Filter. Errors name the flag they came from.
func ParseFilter(lps []string, level string) (Filter, error) {
	var f Filter
	for _, list := range lps {
		ps, err := MatchPrinciples(list)
		if err != nil {
			return f, fmt.Errorf("--lp: %w", err)
		}
		for _, p := range ps {
			if !slices.Contains(f.Principles, p) {
				f.Principles = append(f.Principles, p)
			}
		}
	}
	lv, err := ParseLevel(level)
	if err != nil {
		return f, fmt.Errorf("--level: %w", err)
	}
	f.Level = lv
	return f, nil
}

package prompts

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// backbone is the one principle with two halves that people name apart.
const backbone = "Have Backbone; Disagree and Commit"

// principles are Amazon's Leadership Principles, in Amazon's order.
var principles = []string{
	"Customer Obsession",
	"Ownership",
	"Invent and Simplify",
	"Are Right, A Lot",
	"Learn and Be Curious",
	"Hire and Develop the Best",
	"Insist on the Highest Standards",
	"Think Big",
	"Bias for Action",
	"Frugality",
	"Earn Trust",
	"Dive Deep",
	backbone,
	"Deliver Results",
	"Strive to be Earth's Best Employer",
	"Success and Scale Bring Broad Responsibility",
}

// aliases are other full names people use for a principle, normalized.
var aliases = map[string]string{
	"have backbone":       backbone,
	"disagree and commit": backbone,
}

// minorWords are left out of the short form of a name ("LBC", "HDB").
var minorWords = map[string]bool{"and": true, "on": true, "the": true}

// Principles returns the Leadership Principles' names as banks and reports
// spell them.
func Principles() []string { return slices.Clone(principles) }

// dropApostrophes makes "Earth's" and "Earth’s" one word, "earths".
var dropApostrophes = strings.NewReplacer("'", "", "\u2019", "")

// byName maps every normalized name and alias to its principle; it is
// built on first use rather than at start-up.
var byName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, p := range principles {
		m[normalize(p)] = p
	}
	for a, p := range aliases {
		m[a] = p
	}
	return m
})

// normalize reduces a name to lower-case words, so that case, "&" for
// "and", apostrophes and punctuation do not matter.
func normalize(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, "&", " and "))
	s = dropApostrophes.Replace(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// exactPrinciple returns the principle s names in full (any case or
// punctuation), or one of its aliases.
func exactPrinciple(s string) (string, bool) {
	p, ok := byName()[normalize(s)]
	return p, ok
}

// namesOf lists each principle's normalized names: its own and its aliases.
func namesOf(p string) []string {
	names := []string{normalize(p)}
	for a, q := range aliases {
		if q == p {
			names = append(names, a)
		}
	}
	slices.Sort(names[1:])
	return names
}

// shortForms are a name's initials, with and without its minor words:
// "Learn and Be Curious" is "labc" and "lbc".
func shortForms(name string) []string {
	var all, major strings.Builder
	for _, w := range strings.Fields(name) {
		all.WriteByte(w[0])
		if !minorWords[w] {
			major.WriteByte(w[0])
		}
	}
	return []string{all.String(), major.String()}
}

// wordPrefixes reports whether each word of query begins a word of name,
// in order: "highest standards" in "insist on the highest standards".
func wordPrefixes(query, name string) bool {
	words := strings.Fields(name)
	j := 0
	for _, q := range strings.Fields(query) {
		for j < len(words) && !strings.HasPrefix(words[j], q) {
			j++
		}
		if j == len(words) {
			return false
		}
		j++
	}
	return true
}

// MatchPrinciple finds the principle s means: its full name in any case,
// the start of a name ("cust"), its initials ("dd", "lbc"), or words that
// begin the name's words ("highest", "disagree commit"). A name that
// matches nothing, or more than one principle, is an error that says what
// the names are.
func MatchPrinciple(s string) (string, error) {
	if p, ok := exactPrinciple(s); ok {
		return p, nil
	}
	n := normalize(s)
	if n == "" {
		return "", fmt.Errorf("empty principle name: give one of %s", quotedList(principles))
	}
	rules := []func(name string) bool{
		func(name string) bool { return strings.HasPrefix(name, n) },
		func(name string) bool { return slices.Contains(shortForms(name), strings.ReplaceAll(n, " ", "")) },
		func(name string) bool { return wordPrefixes(n, name) },
	}
	for _, rule := range rules {
		var found []string
		for _, p := range principles {
			if slices.ContainsFunc(namesOf(p), rule) {
				found = append(found, p)
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			return "", fmt.Errorf("%q could be %s: give more of the name", s, quotedList(found))
		}
	}
	if p := closePrinciple(n); p != "" {
		return "", fmt.Errorf("unknown principle %q (did you mean %q?)", s, p)
	}
	return "", fmt.Errorf("unknown principle %q: the principles are %s", s, quotedList(principles))
}

// MatchPrinciples reads a comma-separated list of principles as
// MatchPrinciple does, keeping "Are Right, A Lot" whole.
func MatchPrinciples(list string) ([]string, error) {
	parts := strings.Split(list, ",")
	var out []string
	for i := 0; i < len(parts); i++ {
		part := parts[i]
		if i+1 < len(parts) {
			if p, ok := exactPrinciple(part + "," + parts[i+1]); ok {
				out = appendNew(out, p)
				i++
				continue
			}
		}
		if strings.TrimSpace(part) == "" {
			continue
		}
		p, err := MatchPrinciple(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		out = appendNew(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no principle named: give one of %s", quotedList(principles))
	}
	return out, nil
}

// bankPrinciple checks a principle named in a bank, which must be spelled
// out in full; the error suggests the principle that was probably meant.
func bankPrinciple(s string) (string, error) {
	if p, ok := exactPrinciple(s); ok {
		return p, nil
	}
	if p, err := MatchPrinciple(s); err == nil {
		return "", fmt.Errorf("unknown principle %q (did you mean %q?)", s, p)
	}
	if p := closePrinciple(normalize(s)); p != "" {
		return "", fmt.Errorf("unknown principle %q (did you mean %q?)", s, p)
	}
	return "", fmt.Errorf("unknown principle %q: use one of %s", s, quotedList(principles))
}

// closePrinciple is the principle whose name is a small typo away from n.
func closePrinciple(n string) string {
	best, bestD := "", -1
	for _, p := range principles {
		for _, name := range namesOf(p) {
			if d := editDistance(n, name); d <= max(2, len(name)/4) && (bestD < 0 || d < bestD) {
				best, bestD = p, d
			}
		}
	}
	return best
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// quotedList writes names as "A", "B" or "C": the names themselves
// contain commas, so each is quoted.
func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// closest is the candidate nearest to s by edit distance, if it is near
// enough to be a typo of it.
func closest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c)); d <= max(2, len(c)/4) && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Levels are the seniority levels a question can be aimed at; a question
// for LevelAny suits them all.
const (
	LevelNewGrad = "new-grad"
	LevelSenior  = "senior"
	LevelManager = "manager"
	LevelAny     = "any"
)

// Levels returns the levels a question or a practice run can name.
func Levels() []string { return []string{LevelNewGrad, LevelSenior, LevelManager} }

// ParseLevel reads a level ("new-grad", "New grad", "senior", "manager",
// "any"); empty means any.
func ParseLevel(s string) (string, error) {
	n := strings.ReplaceAll(normalize(s), " ", "-")
	switch n {
	case "", LevelAny, "all":
		return LevelAny, nil
	case LevelNewGrad, "newgrad":
		return LevelNewGrad, nil
	case LevelSenior, LevelManager:
		return n, nil
	}
	return "", fmt.Errorf("unknown level %q: use new-grad, senior, manager or any", s)
}

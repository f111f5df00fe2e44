package fit

import "strings"

// stem cuts the common English endings off a matching word, so that a cue
// written "disagree" also hears "disagreed" and "disagreeing", and
// "customer" hears "customers". It is deliberately crude: cue and answer
// are cut by the same rule, so only words that meet at one stem meet, and
// a cue is always tried on the words as said first (stemmed matching
// never takes a match away).
func stem(w string) string {
	if len(w) <= 3 || strings.ContainsAny(w, "0123456789'") {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = w[:len(w)-3]
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "es") && len(w) > 4 && strings.ContainsAny(w[len(w)-3:len(w)-2], "sxz"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	return strings.TrimRight(w, "e")
}

// stemPhrase stems the literal words of a cue, leaving its special words
// (#num, *, ~, ^) as they are.
func stemPhrase(cue string) string {
	f := strings.Fields(cue)
	for i, w := range f {
		if strings.HasPrefix(w, "#") || w == "*" || w == "~" || w == "^" || strings.HasPrefix(w, "^") {
			continue
		}
		f[i] = stem(w)
	}
	return strings.Join(f, " ")
}

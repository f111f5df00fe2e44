package phones

import "strings"

// spelled are letter groups and the phones they usually stand for, longest
// first. English spelling is loose; this is a guess good enough to compare
// a word no dictionary holds with one that sounds like it, never a
// pronunciation to show.
var spelled = []struct {
	letters string
	phones  []string
}{
	{"tion", []string{"SH", "AH", "N"}}, {"sion", []string{"ZH", "AH", "N"}},
	{"igh", []string{"AY"}}, {"tch", []string{"CH"}}, {"dge", []string{"JH"}},
	{"ch", []string{"CH"}}, {"sh", []string{"SH"}}, {"th", []string{"TH"}},
	{"ph", []string{"F"}}, {"ck", []string{"K"}}, {"ng", []string{"NG"}},
	{"qu", []string{"K", "W"}}, {"wh", []string{"W"}}, {"kn", []string{"N"}},
	{"wr", []string{"R"}},
	{"ee", []string{"IY"}}, {"ea", []string{"IY"}}, {"ie", []string{"IY"}},
	{"oo", []string{"UW"}}, {"ou", []string{"AW"}}, {"ow", []string{"OW"}},
	{"ai", []string{"EY"}}, {"ay", []string{"EY"}}, {"oa", []string{"OW"}},
	{"oi", []string{"OY"}}, {"oy", []string{"OY"}}, {"au", []string{"AO"}},
	{"aw", []string{"AO"}}, {"er", []string{"ER"}}, {"ir", []string{"ER"}},
	{"ur", []string{"ER"}}, {"ew", []string{"UW"}},
	{"a", []string{"AE"}}, {"b", []string{"B"}}, {"d", []string{"D"}},
	{"e", []string{"EH"}}, {"f", []string{"F"}}, {"g", []string{"G"}},
	{"h", []string{"HH"}}, {"i", []string{"IH"}}, {"j", []string{"JH"}},
	{"k", []string{"K"}}, {"l", []string{"L"}}, {"m", []string{"M"}},
	{"n", []string{"N"}}, {"o", []string{"AA"}}, {"p", []string{"P"}},
	{"r", []string{"R"}}, {"s", []string{"S"}}, {"t", []string{"T"}},
	{"u", []string{"AH"}}, {"v", []string{"V"}}, {"w", []string{"W"}},
	{"x", []string{"K", "S"}}, {"z", []string{"Z"}},
}

// spell guesses w's phones from its letters: a soft c and g before e, i
// and y, a final silent e, doubled consonants said once, a final y as a
// vowel. Letters it cannot read (digits, apostrophes) are skipped.
func spell(w string) []phone {
	w = strings.ToLower(w)
	if len(w) > 3 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		w = w[:len(w)-1]
	}
	var out []phone
	add := func(names ...string) {
		for _, n := range names {
			p := phoneIndex[n]
			if k := len(out); k > 0 && out[k-1] == p && class[p] != vowel {
				continue // "ll", "ss": one sound
			}
			out = append(out, p)
		}
	}
	for i := 0; i < len(w); {
		c := w[i]
		soft := i+1 < len(w) && strings.IndexByte("eiy", w[i+1]) >= 0
		switch {
		case c == 'c' && soft:
			add("S")
			i++
			continue
		case c == 'c':
			add("K")
			i++
			continue
		case c == 'g' && soft && i+1 < len(w)-1:
			add("JH")
			i++
			continue
		case c == 'y':
			if i == 0 {
				add("Y")
			} else {
				add("IY")
			}
			i++
			continue
		}
		matched := false
		for _, s := range spelled {
			if strings.HasPrefix(w[i:], s.letters) {
				add(s.phones...)
				i += len(s.letters)
				matched = true
				break
			}
		}
		if !matched {
			i++
		}
	}
	return out
}

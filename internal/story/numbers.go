package story

import (
	"math"
	"strconv"
	"strings"

	"github.com/starcoach/starcoach/internal/words"
)

// numKind says what a number measures, so that "40 percent", "forty
// percent" and "40%" meet, and so do "$2 million" and "two million
// dollars", while "40%" and "40 minutes" stay apart.
type numKind uint8

const (
	numPlain numKind = iota
	numPercent
	numMoney
	numTimes // "3x", "three times"
)

// unitWords and tensWords are the number words of package words with
// their values, and the common misspelling "fourty".
var (
	unitWords = words.Ones()
	tensWords = func() map[string]int64 {
		m := words.Tens()
		m["fourty"] = 40
		return m
	}()
)

var scaleWords = map[string]float64{
	"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9,
	"k": 1e3, "m": 1e6, "mm": 1e6, "bn": 1e9, "b": 1e9,
}

// scaleAfterDigits are the scale words that may follow a written number
// ("1.2 million", "400 k"); single letters only count right after "$".
var scaleAfterDigits = map[string]bool{
	"hundred": true, "thousand": true, "million": true, "billion": true,
}

func isNumberWord(w string) bool {
	_, u := unitWords[w]
	_, t := tensWords[w]
	return u || t
}

// parseDigits reads a number written in digits: "40", "2,000", "1.2",
// "$400k", "3x", "40%", "503s". It returns the value and what the
// suffix or prefix says about it; ok is false for anything else
// ("q3", "s3", "2fa").
func parseDigits(s string) (v float64, kind numKind, ok bool) {
	if strings.HasPrefix(s, "$") {
		kind = numMoney
		s = s[1:]
	}
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == ',' || s[end] == '.') {
		end++
	}
	digits := strings.TrimRight(strings.ReplaceAll(s[:end], ",", ""), ".")
	if digits == "" || digits[0] == '.' && len(digits) == 1 {
		return 0, 0, false
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, 0, false
	}
	switch rest := s[end:]; rest {
	case "":
	case "%":
		if kind == numMoney {
			return 0, 0, false
		}
		kind = numPercent
	case "x":
		if kind == numMoney {
			return 0, 0, false
		}
		kind = numTimes
	case "s": // "503s", "1990s"
	case "k", "m", "mm", "b", "bn":
		v *= scaleWords[rest]
	default:
		return 0, 0, false
	}
	return v, kind, true
}

// numberKey is the term a number contributes: the same for every way of
// saying it.
func numberKey(v float64, kind numKind) string {
	s := strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
	switch kind {
	case numPercent:
		return "#" + s + "%"
	case numMoney:
		return "#$" + s
	case numTimes:
		return "#" + s + "x"
	}
	return "#" + s
}

// formatNumber writes a number the way a person would read it back:
// "40%", "$1.2 million", "$400,000", "3x", "2,000".
func formatNumber(v float64, kind numKind) string {
	var s string
	switch {
	case v >= 1e9 && kind == numMoney:
		s = trimFloat(v/1e9) + " billion"
	case v >= 1e6 && kind == numMoney:
		s = trimFloat(v/1e6) + " million"
	case v >= 1e6:
		s = trimFloat(v/1e6) + " million"
	default:
		s = groupThousands(v)
	}
	switch kind {
	case numPercent:
		return s + "%"
	case numMoney:
		return "$" + s
	case numTimes:
		return s + " times"
	}
	return s
}

func trimFloat(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

func groupThousands(v float64) string {
	s := trimFloat(v)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 4 {
		return s
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// spelledNumber reads a number said in words starting at words[i]:
// "forty", "twenty two", "a hundred and forty", "four hundred thousand",
// "point nine five", "one point five". It returns the value and how many
// words it used (0 when words[i] does not start a number). A leading "a"
// counts only before a scale word ("a hundred").
func spelledNumber(words []string, i int) (float64, int) {
	j := i
	var total, group float64
	seen := false
	if j < len(words) && words[j] == "a" && j+1 < len(words) {
		if _, ok := scaleWords[words[j+1]]; ok && scaleAfterDigits[words[j+1]] {
			group, seen = 1, true
			j++
		}
	}
	for j < len(words) {
		w := words[j]
		if u, ok := unitWords[w]; ok {
			// "twenty two" and "a hundred five" are one number; "two
			// three" and "fifteen two" are two.
			if r := int64(group) % 100; seen && r != 0 && !(r%10 == 0 && u > 0 && u < 10) {
				break
			}
			group += float64(u)
			seen = true
			j++
			continue
		}
		if t, ok := tensWords[w]; ok {
			if seen && int64(group)%100 != 0 {
				break
			}
			group += float64(t)
			seen = true
			j++
			continue
		}
		if sc, ok := scaleWords[w]; ok && scaleAfterDigits[w] && seen {
			if sc == 100 {
				group *= 100
			} else {
				total += group * sc
				group = 0
			}
			j++
			continue
		}
		if w == "and" && seen && j+1 < len(words) && isNumberWord(words[j+1]) && (group >= 100 || total > 0) {
			j++
			continue
		}
		break
	}
	// Decimals: "point nine five", "one point five".
	if j < len(words) && words[j] == "point" && j+1 < len(words) {
		if _, ok := unitWords[words[j+1]]; ok {
			frac, scale := 0.0, 0.1
			k := j + 1
			for k < len(words) {
				u, ok := unitWords[words[k]]
				if !ok || u > 9 {
					break
				}
				frac += float64(u) * scale
				scale /= 10
				k++
			}
			group += frac
			seen = true
			j = k
			// "one point five million"
			if j < len(words) && scaleAfterDigits[words[j]] && words[j] != "hundred" {
				total += group * scaleWords[words[j]]
				group = 0
				j++
			}
		}
	}
	if !seen {
		return 0, 0
	}
	return total + group, j - i
}

package prompts

import "strings"

// lineIndex finds where things are in a bank file, for messages. The TOML
// decoder reports where the syntax breaks, but not where a value it
// accepted sits, and within [[question]] tables it cannot tell one
// question's keys from another's.
type lineIndex struct {
	lines []string
	// code[i] is true when line i starts outside a multi-line string, so
	// a header or key there is real.
	code []bool
	// tables are the lines of all table headers; questions those of the
	// [[question]] headers, in order.
	tables    []int
	questions []int
}

func newLineIndex(data []byte) *lineIndex {
	x := &lineIndex{lines: strings.Split(string(data), "\n")}
	x.code = make([]bool, len(x.lines))
	inMultiline := ""
	for i, line := range x.lines {
		x.code[i] = inMultiline == ""
		if x.code[i] {
			t := strings.TrimSpace(line)
			switch {
			case strings.HasPrefix(t, "[["):
				x.tables = append(x.tables, i)
				if headerName(t) == "question" {
					x.questions = append(x.questions, i)
				}
			case strings.HasPrefix(t, "["):
				x.tables = append(x.tables, i)
			}
		}
		inMultiline = scanStrings(line, inMultiline)
	}
	return x
}

// headerName is the table name in a header line: [[ question ]] -> question.
func headerName(t string) string {
	if end := strings.Index(t, "]"); end >= 0 {
		t = t[:end]
	}
	return strings.Trim(strings.TrimLeft(t, "["), " \t\"'")
}

// scanStrings follows TOML strings across one line and returns the
// multi-line string delimiter still open at its end ("" when none).
func scanStrings(line, open string) string {
	i := 0
	for i < len(line) {
		if open != "" {
			end := strings.Index(line[i:], open)
			if open == `"""` {
				end = indexUnescaped(line[i:], open)
			}
			if end < 0 {
				return open
			}
			i += end + len(open)
			open = ""
			continue
		}
		switch rest := line[i:]; {
		case rest[0] == '#':
			return ""
		case strings.HasPrefix(rest, `"""`), strings.HasPrefix(rest, `'''`):
			open = rest[:3]
			i += 3
		case rest[0] == '"':
			end := indexUnescaped(rest[1:], `"`)
			if end < 0 {
				return ""
			}
			i += end + 2
		case rest[0] == '\'':
			end := strings.IndexByte(rest[1:], '\'')
			if end < 0 {
				return ""
			}
			i += end + 2
		default:
			i++
		}
	}
	return open
}

// indexUnescaped is strings.Index skipping matches escaped by a backslash.
func indexUnescaped(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

// block is the range of lines [start, end) of question q's table, or the
// top of the file (before any table) for q < 0. ok is false when the
// questions are not written as [[question]] tables.
func (x *lineIndex) block(q int) (start, end int, ok bool) {
	if q < 0 {
		start, end = 0, len(x.lines)
		if len(x.tables) > 0 {
			end = x.tables[0]
		}
		return start, end, true
	}
	if q >= len(x.questions) {
		return 0, 0, false
	}
	start, end = x.questions[q], len(x.lines)
	for _, t := range x.tables {
		if t > start {
			end = t
			break
		}
	}
	return start, end, true
}

// question is the 1-based line of question q's header, 0 if unknown.
func (x *lineIndex) question(q int) int {
	if q >= 0 && q < len(x.questions) {
		return x.questions[q] + 1
	}
	return 0
}

// key is the 1-based line where key is set in question q (q < 0: at the
// top of the file); the question's header line when it cannot be found.
func (x *lineIndex) key(q int, key string) int {
	start, end, ok := x.block(q)
	if !ok {
		return 0
	}
	for i := start; i < end; i++ {
		if x.code[i] && keyOf(x.lines[i]) == key {
			return i + 1
		}
	}
	return x.question(q)
}

// value is the 1-based line where the string s appears in the value of
// key in question q: the line of one principle in a list over many lines.
func (x *lineIndex) value(q int, key, s string) int {
	at := x.key(q, key)
	_, end, ok := x.block(q)
	if !ok || at == 0 {
		return at
	}
	for _, quoted := range []string{`"` + s + `"`, `'` + s + `'`} {
		for i := at - 1; i < end; i++ {
			if i > at-1 && x.code[i] && keyOf(x.lines[i]) != "" {
				break // the next key: s is not in this value as written
			}
			if strings.Contains(x.lines[i], quoted) {
				return i + 1
			}
		}
	}
	return at
}

// keyOf is the key a line sets ("text = ..." -> text), or "".
func keyOf(line string) string {
	t := strings.TrimSpace(line)
	var name, rest string
	switch {
	case t == "":
		return ""
	case t[0] == '"' || t[0] == '\'':
		end := strings.IndexByte(t[1:], t[0])
		if end < 0 {
			return ""
		}
		name, rest = t[1:end+1], t[end+2:]
	default:
		end := strings.IndexFunc(t, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.')
		})
		if end <= 0 {
			return ""
		}
		name, rest = t[:end], t[end:]
	}
	if !strings.HasPrefix(strings.TrimSpace(rest), "=") {
		return ""
	}
	return name
}

package story

import "strings"

// docTerms is what one text contributes to the index: the count of each
// term, how it was said the first time (for showing shared terms back),
// and whether it was written as a name.
//
// Terms are keyed so that kinds never collide: a word by its Porter stem
// ("migrat"), a number by its canonical value ("#40%", "#$2000000",
// "#3x", "#200"), and a bigram of two adjacent content terms by both keys
// joined with a space ("payment servic", "#40 minut"). Adjacent means
// with only stop words and fillers between, so "rolled back the
// morning's deploy" and "rolled back that deploy" share "back deploy".
type docTerms struct {
	count   map[string]int
	surface map[string]string
	name    map[string]bool
	// joins are two adjacent words written together ("leader board" ->
	// "leaderboard", "rabbit m q" -> "rabbitmq"), keyed by the stem of
	// the joined word: engines split what they do not know into words
	// they do. A join counts as a term only where another text has the
	// joined word itself (see stats).
	joins map[string]string
}

// content is one kept token with its term key.
type content struct {
	key, surface string
	name         bool
	breakBefore  bool // a sentence or clause end since the previous content token
}

func extractTerms(text string) docTerms {
	d := docTerms{
		count:   make(map[string]int),
		surface: make(map[string]string),
		name:    make(map[string]bool),
		joins:   make(map[string]string),
	}
	var prev *content
	boundary := false
	var prevWord *token
	for _, t := range tokenize(text) {
		if t.clauseStart {
			boundary = true
			prevWord = nil
		}
		if !t.isNum && !fillers[t.word] && isLetters(t.word) {
			if prevWord != nil && len(prevWord.word)+len(t.word) >= 6 {
				key := stem(prevWord.word + t.word)
				if _, ok := d.joins[key]; !ok {
					d.joins[key] = prevWord.surface + " " + t.surface
				}
			}
			tt := t
			prevWord = &tt
		} else if !fillers[t.word] {
			prevWord = nil
		}
		var c content
		switch {
		case t.isNum:
			c = content{key: numberKey(t.num, t.kind), surface: formatNumber(t.num, t.kind)}
		case len(t.word) < 2 || stopWords[t.word] || fillers[t.word]:
			continue
		default:
			c = content{key: stem(t.word), surface: t.surface, name: t.name}
		}
		c.breakBefore = boundary
		boundary = false
		d.add(c.key, c.surface, c.name)
		if prev != nil && !c.breakBefore && prev.key != c.key {
			d.add(prev.key+" "+c.key, prev.surface+" "+c.surface, prev.name && c.name)
		}
		cc := c
		prev = &cc
	}
	for k := range d.joins {
		if d.count[k] > 0 {
			delete(d.joins, k)
		}
	}
	return d
}

func (d *docTerms) add(key, surface string, name bool) {
	d.count[key]++
	if _, ok := d.surface[key]; !ok {
		d.surface[key] = surface
	}
	if name {
		d.name[key] = true
	}
}

func isBigram(key string) bool { return strings.IndexByte(key, ' ') >= 0 }

func isNumberKey(key string) bool { return strings.HasPrefix(key, "#") }

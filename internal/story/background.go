package story

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:generate ./genvocab.sh vocab.txt.gz

// vocabGz is the background vocabulary: English words by SCOWL size
// level (10 = most common ... 50 = found in ordinary dictionaries); see
// genvocab.sh. A word in no level is taken for a name or a coinage
// ("finlo", "priya", "kafka") when the text has no case to tell.
//
//go:embed vocab.txt.gz
var vocabGz []byte

// background is what is known about words before any answer is seen.
type background struct {
	level     map[string]uint8 // stem -> smallest SCOWL size level of a word with that stem
	workplace map[string]bool  // stems every answer uses
	domain    map[string]bool  // stems of everyday software, data and product work
	calendar  map[string]bool
}

// loadBackground parses the embedded vocabulary once per process: it is
// read-only afterwards and shared by every Index.
var loadBackground = sync.OnceValue(func() *background {
	bg, err := parseBackground(vocabGz)
	if err != nil {
		// The file is part of the binary; a broken one is a build error.
		panic(fmt.Sprintf("story: embedded vocabulary: %v", err))
	}
	return bg
})

func parseBackground(gz []byte) (*background, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	bg := &background{
		level:     make(map[string]uint8, 40000),
		workplace: stemSet(workplaceWords),
		domain:    stemSet(domainWords),
		calendar:  stemSet(calendarWords),
	}
	sc := bufio.NewScanner(zr)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || s[0] == '#' {
			continue
		}
		lvl, word, ok := strings.Cut(s, " ")
		n, err := strconv.Atoi(lvl)
		if !ok || err != nil || n <= 0 || n > 100 {
			return nil, fmt.Errorf("line %d: want \"<level> <word>\", got %q", line, s)
		}
		st := stem(word)
		if old, seen := bg.level[st]; !seen || uint8(n) < old {
			bg.level[st] = uint8(n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(bg.level) == 0 {
		return nil, fmt.Errorf("no words")
	}
	return bg, nil
}

func stemSet(words map[string]bool) map[string]bool {
	m := make(map[string]bool, len(words))
	for w := range words {
		m[stem(w)] = true
	}
	return m
}

// Prior document frequencies: the chance that an interview answer of a
// couple of hundred words uses a term, before any of the user's own
// answers are counted. Rough by design; the user's history soon
// outweighs them.
const (
	pWorkplace   = 0.25
	pDomain      = 0.08
	pLevel10     = 0.04
	pLevel20     = 0.01
	pLevel35     = 0.003
	pLevel50     = 0.0015
	pUnknown     = 0.001
	pSmallNumber = 0.05
	pNumber      = 0.004
	pMeasure     = 0.002 // percentages, money, multiples
)

// prior returns the background document frequency of a word stem.
func (bg *background) prior(st string) float64 {
	switch {
	case bg.workplace[st]:
		return pWorkplace
	case bg.domain[st]:
		return pDomain
	}
	switch lvl, ok := bg.level[st]; {
	case !ok:
		return pUnknown
	case lvl <= 10:
		return pLevel10
	case lvl <= 20:
		return pLevel20
	case lvl <= 35:
		return pLevel35
	default:
		return pLevel50
	}
}

// known reports whether a stem is ordinary vocabulary rather than a name
// or a coinage.
func (bg *background) known(st string) bool {
	if bg.workplace[st] || bg.domain[st] || bg.calendar[st] {
		return true
	}
	_, ok := bg.level[st]
	return ok
}

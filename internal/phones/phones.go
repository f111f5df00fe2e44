package phones

import (
	"bytes"
	"cmp"
	_ "embed"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/starcoach/starcoach/internal/safefile"
)

// DictPath is where Debian's pocketsphinx-en-us puts the CMU dictionary,
// beside the acoustic model PocketSphinx loads by default.
const DictPath = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"

// maxDictBytes bounds a dictionary read: the CMU dictionary is 3.6 MB.
const maxDictBytes = 64 << 20

// phone is an ARPAbet phone's index in arpabet.
type phone uint8

// arpabet lists the phones, grouped by manner; class gives each its group.
var arpabet = []string{
	// vowels
	"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW",
	// stops
	"P", "B", "T", "D", "K", "G",
	// affricates
	"CH", "JH",
	// fricatives
	"F", "V", "TH", "DH", "S", "Z", "SH", "ZH", "HH",
	// nasals
	"M", "N", "NG",
	// liquids and glides
	"L", "R", "W", "Y",
}

const (
	vowel = iota
	stop
	affricate
	fricative
	nasal
	liquid
)

var (
	phoneIndex = map[string]phone{}
	class      []int
)

func init() {
	bounds := []struct{ from, class int }{{0, vowel}, {15, stop}, {21, affricate}, {23, fricative}, {32, nasal}, {35, liquid}}
	for i, name := range arpabet {
		phoneIndex[name] = phone(i)
		c := vowel
		for _, b := range bounds {
			if i >= b.from {
				c = b.class
			}
		}
		class = append(class, c)
	}
}

// voicing pairs differ only in voicing: the cheapest confusion.
var voicing = map[[2]string]bool{
	{"P", "B"}: true, {"T", "D"}: true, {"K", "G"}: true, {"F", "V"}: true,
	{"TH", "DH"}: true, {"S", "Z"}: true, {"SH", "ZH"}: true, {"CH", "JH"}: true,
}

// Dict holds words' pronunciations: the dictionary's text and an index of
// its lines sorted by the hash of their word, so that reading the CMU
// dictionary costs one pass over its bytes, and a word's phones are read
// from its line when they are asked for.
type Dict struct {
	data  []byte
	index []entry
}

type entry struct {
	hash uint64
	off  uint32 // where the line starts in data
}

// Parse reads a dictionary in the CMU format ("word(2)  W ER D", ";;;"
// and "#" comments, stress digits ignored), at most maxDictBytes of it.
// Lines it cannot read give the word no pronunciation.
func Parse(r io.Reader) (*Dict, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxDictBytes))
	if err != nil {
		return nil, err
	}
	return parse(data), nil
}

func parse(data []byte) *Dict {
	d := &Dict{data: data, index: make([]entry, 0, bytes.Count(data, []byte{'\n'})+1)}
	for off := 0; off < len(data); {
		line := data[off:]
		next := len(data)
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], off+i+1
		}
		if len(line) > 0 && line[0] != '#' && line[0] != ';' {
			if w := headWord(line); len(w) > 0 {
				d.index = append(d.index, entry{hashLower(w), uint32(off)})
			}
		}
		off = next
	}
	// By hash, then by place, so a word's pronunciations keep their order.
	slices.SortFunc(d.index, func(a, b entry) int {
		if c := cmp.Compare(a.hash, b.hash); c != 0 {
			return c
		}
		return cmp.Compare(a.off, b.off)
	})
	return d
}

// headWord is a line's word, without its "(2)".
func headWord(line []byte) []byte {
	if i := bytes.IndexAny(line, " \t"); i >= 0 {
		line = line[:i]
	} else {
		return nil // a word with no phones
	}
	if i := bytes.IndexByte(line, '('); i > 0 {
		line = line[:i]
	}
	return line
}

// hashLower is FNV-1a of the word in lower case.
func hashLower(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// lookup is w's pronunciations, in the dictionary's order.
func (d *Dict) lookup(w string) [][]phone {
	if d == nil {
		return nil
	}
	h := hashLower([]byte(w))
	var out [][]phone
	for i := sort.Search(len(d.index), func(i int) bool { return d.index[i].hash >= h }); i < len(d.index) && d.index[i].hash == h; i++ {
		line := d.data[d.index[i].off:]
		if j := bytes.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		if !strings.EqualFold(string(headWord(line)), w) {
			continue // another word with the same hash
		}
		fields := strings.Fields(string(line))
		ps := make([]phone, 0, len(fields)-1)
		for _, f := range fields[1:] {
			p, ok := phoneIndex[strings.TrimRight(f, "012")]
			if !ok {
				ps = nil
				break
			}
			ps = append(ps, p)
		}
		if len(ps) > 0 {
			out = append(out, ps)
		}
	}
	return out
}

// Has reports whether the dictionary knows w.
func (d *Dict) Has(w string) bool { return len(d.lookup(w)) > 0 }

//go:embed cuewords.dict
var cueWords string

var (
	cueOnce sync.Once
	cueDict *Dict
)

// CueWords is the embedded table of the STAR check's built-in cue words.
func CueWords() *Dict {
	cueOnce.Do(func() {
		cueDict, _ = Parse(strings.NewReader(cueWords))
	})
	return cueDict
}

var (
	sysOnce sync.Once
	sysDict *Dict
)

// System is the CMU dictionary at DictPath, read once; nil when it is
// missing or is not a regular file of a dictionary's size.
func System() *Dict {
	sysOnce.Do(func() {
		f, err := safefile.Open(DictPath)
		if err != nil {
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() || st.Size() > maxDictBytes {
			return
		}
		// Read at once at its known size: no buffer grown and copied.
		data := make([]byte, st.Size())
		if _, err := io.ReadFull(f, data); err != nil {
			return
		}
		if d := parse(data); len(d.index) > 0 {
			sysDict = d
		}
	})
	return sysDict
}

// Sounds finds words' phones: in its dictionaries, in order, and else from
// the word's spelling.
type Sounds struct {
	dicts []*Dict
}

// New returns Sounds that looks words up in dicts in order (nil ones are
// skipped).
func New(dicts ...*Dict) *Sounds {
	s := &Sounds{}
	for _, d := range dicts {
		if d != nil {
			s.dicts = append(s.dicts, d)
		}
	}
	return s
}

// Default looks words up in the system dictionary when installed, then in
// the embedded cue words, then spells them out.
func Default() *Sounds { return New(System(), CueWords()) }

// Known reports whether a dictionary holds w (its phones are not guessed
// from its spelling).
func (s *Sounds) Known(w string) bool {
	for _, d := range s.dicts {
		if d.Has(w) {
			return true
		}
	}
	return false
}

// pronunciations are w's phones, every way the dictionary says it.
func (s *Sounds) pronunciations(w string) [][]phone {
	for _, d := range s.dicts {
		if ps := d.lookup(w); len(ps) > 0 {
			return ps
		}
	}
	if p := spell(w); len(p) > 0 {
		return [][]phone{p}
	}
	return nil
}

// Alike is how alike the words heard and said sound, from 0 to 1: one
// less the phone edit distance, weighed by how easily each phone is
// confused with another, over the longer of the two. "heard" and "said"
// may each be several words ("checked out", "checkout"). The best of
// their pronunciations counts.
func (s *Sounds) Alike(heard, said []string) float64 {
	hs, ss := s.joined(heard), s.joined(said)
	best := 0.0
	for _, h := range hs {
		for _, w := range ss {
			if v := similarity(h, w); v > best {
				best = v
			}
		}
	}
	return best
}

// EndsWith reports whether heard, said as one word, is said's phones after
// one consonant more: "by" (B AY) ends with "I" (AY). An engine often runs
// the last consonant of a word into a short word that follows it, then
// hears the two as another word.
func (s *Sounds) EndsWith(heard, said string) bool {
	for _, h := range s.pronunciations(heard) {
		for _, w := range s.pronunciations(said) {
			if len(h) == len(w)+1 && class[h[0]] != vowel && slices.Equal(h[1:], w) {
				return true
			}
		}
	}
	return false
}

// Phones is how many phones the words have, said one after the other
// (the fewest of their pronunciations); 0 when one cannot be read.
func (s *Sounds) Phones(ws []string) int {
	n := 0
	for i, p := range s.joined(ws) {
		if i == 0 || len(p) < n {
			n = len(p)
		}
	}
	return n
}

// joined is every pronunciation of the words said one after the other
// (at most a few: the first two of each word).
func (s *Sounds) joined(ws []string) [][]phone {
	out := [][]phone{nil}
	for _, w := range ws {
		ps := s.pronunciations(w)
		if len(ps) == 0 {
			return nil
		}
		if len(ps) > 2 {
			ps = ps[:2]
		}
		var next [][]phone
		for _, o := range out {
			for _, p := range ps {
				next = append(next, append(append([]phone(nil), o...), p...))
			}
		}
		out = next
	}
	return out
}

// similarity is 1 - distance/longer length.
func similarity(a, b []phone) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 0
	}
	return max(0, 1-distance(a, b)/float64(n))
}

// distance is the weighted edit distance between two phone strings.
func distance(a, b []phone) float64 {
	prev := make([]float64, len(b)+1)
	cur := make([]float64, len(b)+1)
	for j := range prev {
		prev[j] = 0
		for k := 0; k < j; k++ {
			prev[j] += indel(b[k])
		}
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = prev[0] + indel(a[i-1])
		for j := 1; j <= len(b); j++ {
			cur[j] = min(
				prev[j-1]+substitute(a[i-1], b[j-1]),
				prev[j]+indel(a[i-1]),
				cur[j-1]+indel(b[j-1]),
			)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// indel is what losing or adding a phone costs: a weak one (a schwa, an
// h, a glide) is often lost in recognition, a stressed vowel or a
// consonant rarely.
func indel(p phone) float64 {
	switch arpabet[p] {
	case "AH", "HH", "Y", "W", "R", "IH":
		return 0.6
	}
	return 1
}

// substitute is what hearing one phone for another costs: less within a
// voicing pair, among vowels, and within a manner of articulation.
func substitute(a, b phone) float64 {
	if a == b {
		return 0
	}
	x, y := arpabet[a], arpabet[b]
	if voicing[[2]string{x, y}] || voicing[[2]string{y, x}] {
		return 0.3
	}
	switch {
	case class[a] == vowel && class[b] == vowel:
		return 0.4
	case class[a] == class[b]:
		return 0.6
	case (class[a] == affricate || class[b] == affricate) &&
		(class[a] == stop || class[b] == stop || class[a] == fricative || class[b] == fricative):
		// CH is T then SH, JH is D then ZH.
		return 0.6
	}
	return 1
}

// Package story finds answers that tell the same story: telling one story
// for two questions of a loop is what interviewers notice when they
// compare notes. It scores how alike two transcripts are by the specific
// things they share (names, systems, events, numbers) rather than by the
// vocabulary of the person's job, and says which shared terms made the
// score, so that a report can say "looks like the same story as answer 2:
// black friday, payment service, 40%".
//
// Texts are weighed against each other: an Index holds the answers of a
// session and of earlier sessions, and a term weighs more the fewer of
// them use it. A background vocabulary built into the package stands in
// for that history while it is short, so that "team" and "customer"
// weigh little even in a first session, and a score means the same
// whether the index holds two answers or two hundred.
//
// The method, in the order a text goes through it:
//
//   - Words are lower-cased, contractions and possessives cut ("didn't",
//     "Priya's"), fillers ("um", "you know", "kind of") and stop words
//     dropped, and the rest reduced to Porter stems, so that "migrated",
//     "migrating" and "migration" meet.
//   - Numbers said in any form become one value with what it measures:
//     "forty percent", "40 percent" and "40%" are one term, "$2 million"
//     and "two million dollars" another, "3x" and "three times" a third.
//     Acronyms spelled by an engine ("s r m", "c d n") are joined, and
//     two words written for one ("leader board", "rabbit m q") meet the
//     whole word when another answer has it.
//   - Terms are the stems, the numbers, and bigrams of neighbouring terms
//     within a clause ("payment service", "40 minutes").
//   - A term's weight is its inverse document frequency among the
//     answers, with the background vocabulary counted as 100 answers that
//     use each word with a prior chance: high for workplace words (team,
//     project, customer), then by how common the word is in English,
//     lowest for names and for words no dictionary knows (Finlo, Priya,
//     Kafka). A word written with a capital inside a sentence, in a text
//     that has case, is a name whatever its spelling; in any text, so is
//     a word outside the vocabulary. Measures ("40%", "$2 million") and
//     numbers of 10 and above are rarer than any common word; "three" on
//     its own is not.
//   - The score is the cosine of the two weighted term vectors, with
//     repeated terms counting less than in proportion.
//
// What tells a retold story from another story of the same person is
// then the weight of what the two share: a retelling shares several
// specific things (a system, an event, a person, a number), while two
// stories of one job share its everyday words and perhaps the company's
// name, which the person's history soon makes common. Scores are small
// numbers: different words for the same story typically score 0.1 to
// 0.4, different stories of the same person below 0.1.
package story

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// DefaultThreshold is the score from which two answers are taken for the
// same story. It was set on part of the labelled tellings in
// testdata/story and measured on the rest; TestLabelledSet prints the
// precision and recall it gives.
const DefaultThreshold = 0.095

// Doc is one answer's transcript.
type Doc struct {
	ID   string // for example "2024-05-01T10-00/3"; unique in an Index
	Text string // the transcript as the engine wrote it
	// Question is the id of the question answered, when known. The index
	// does not read it; it lets a caller tell a take of the same question
	// on another day from a story told again to a different question.
	Question string
}

// Match says two answers look like the same story.
type Match struct {
	A, B  string  // the IDs; in Pairs A was added first, in Against A is the new answer
	Score float64 // in [0, 1]; 1 for the same words
	// Shared are the terms both answers use that weigh most in the score,
	// most telling first, as A said them ("black friday", "payment
	// service"); numbers in one form ("40%", "$2 million", "3 times").
	// A word is not listed again when a listed bigram holds it.
	Shared []string
}

// Options tunes an Index. The zero value is ready to use.
type Options struct {
	// MaxShared limits Match.Shared; 0 means 5.
	MaxShared int
}

// Index holds answers and the document frequencies that make terms rare
// or common among them. It is not safe for concurrent use.
type Index struct {
	bg        *background
	p         params
	maxShared int
	docs      []*entry
	byID      map[string]int
	df        map[string]int // answers using each term
	nameDF    map[string]int // answers writing the term as a name
}

type entry struct {
	id, text string
	terms    docTerms
}

// params are the weights of the method, kept together so that the tests
// can show why each one is what it is.
type params struct {
	background  float64 // how many answers the background vocabulary counts as
	smoothing   float64 // added to every document frequency
	bigramPrior float64 // a bigram's prior: this times the rarer word's
	tfLog       float64 // weight grows by this times ln(count); 0 counts presence only
	minShare    float64 // a shared term is shown if it gives this share of the top one
}

var defaultParams = params{
	background:  100,
	smoothing:   0.5,
	bigramPrior: 0.2,
	tfLog:       0.5,
	minShare:    0.2,
}

// NewIndex returns an empty Index.
func NewIndex(opts Options) *Index {
	ix := &Index{
		bg:        loadBackground(),
		p:         defaultParams,
		maxShared: opts.MaxShared,
		byID:      make(map[string]int),
		df:        make(map[string]int),
		nameDF:    make(map[string]int),
	}
	if ix.maxShared <= 0 {
		ix.maxShared = 5
	}
	return ix
}

// Len returns the number of answers in the index.
func (ix *Index) Len() int { return len(ix.docs) }

// Add puts an answer into the index; an answer with the same ID replaces
// the earlier one.
func (ix *Index) Add(d Doc) {
	e := &entry{id: d.ID, text: d.Text, terms: extractTerms(d.Text)}
	if i, ok := ix.byID[d.ID]; ok {
		ix.count(ix.docs[i].terms, -1)
		ix.docs[i] = e
	} else {
		ix.byID[d.ID] = len(ix.docs)
		ix.docs = append(ix.docs, e)
	}
	ix.count(e.terms, 1)
}

func (ix *Index) count(t docTerms, delta int) {
	for k := range t.count {
		ix.df[k] += delta
		if ix.df[k] == 0 {
			delete(ix.df, k)
		}
	}
	for k := range t.name {
		ix.nameDF[k] += delta
		if ix.nameDF[k] == 0 {
			delete(ix.nameDF, k)
		}
	}
}

// Similarity scores two texts in [0, 1] against what the index knows
// (both texts count as seen, whether or not they were added) and returns
// the shared terms that weigh most, most telling first. An empty Index
// works: the background vocabulary alone then weighs the terms.
func (ix *Index) Similarity(a, b string) (float64, []string) {
	ta, tb := extractTerms(a), extractTerms(b)
	st := ix.stats(ta, tb)
	va, vb := st.vector(ta), st.vector(tb)
	score := cosine(va, vb)
	return score, st.shared(va, vb, ta, ix.maxShared)
}

// Pairs returns every pair of answers in the index whose score is at
// least threshold, best first; with threshold 0, every pair.
func (ix *Index) Pairs(threshold float64) []Match {
	st := ix.stats()
	vecs := make([]vector, len(ix.docs))
	for i, e := range ix.docs {
		vecs[i] = st.vector(e.terms)
	}
	var out []Match
	for i := range vecs {
		for j := i + 1; j < len(vecs); j++ {
			s := cosine(vecs[i], vecs[j])
			if s >= threshold {
				out = append(out, Match{
					A: ix.docs[i].id, B: ix.docs[j].id, Score: s,
					Shared: st.shared(vecs[i], vecs[j], ix.docs[i].terms, ix.maxShared),
				})
			}
		}
	}
	sortMatches(out, ix.byID)
	return out
}

// Against scores one answer against every other answer in the index and
// returns those scoring at least threshold, best first, with the new
// answer as A; with threshold 0, against every other answer. The answer
// need not have been added, and Against does not add it; an answer in
// the index with the same ID is not compared with it. With an index of
// one telling per known story, Against(answer, 0)[0] names the story the
// answer most resembles.
func (ix *Index) Against(d Doc, threshold float64) []Match {
	td := extractTerms(d.Text)
	var st *stats
	if i, in := ix.byID[d.ID]; in && ix.docs[i].text == d.Text {
		st = ix.stats()
	} else {
		st = ix.stats(td)
	}
	vd := st.vector(td)
	var out []Match
	for _, e := range ix.docs {
		if e.id == d.ID {
			continue
		}
		ve := st.vector(e.terms)
		s := cosine(vd, ve)
		if s >= threshold {
			out = append(out, Match{A: d.ID, B: e.id, Score: s, Shared: st.shared(vd, ve, td, ix.maxShared)})
		}
	}
	sortMatches(out, ix.byID)
	return out
}

// maxCandidates is how many other answers AgainstEach compares one answer
// with, at most, when a threshold above 0 lets it choose them. Sessions of
// real answers are far from it; the bound is for a session, however it was
// made, whose thousands of answers share every word.
const maxCandidates = 400

// AgainstEach is Against(d, threshold) for every answer d in the index
// named in ids, in that order, keeping at most max matches for each (0
// keeps all) and only the pairs keep allows (nil allows every pair). The
// statistics and every answer's vector are worked out once, instead of
// once per answer; with a threshold above 0 each answer is compared only
// with answers that share a term, at most maxCandidates of them.
func (ix *Index) AgainstEach(ids []string, threshold float64, max int, keep func(a, b string) bool) [][]Match {
	st := ix.stats()
	vecs := make([]vector, len(ix.docs))
	for i, e := range ix.docs {
		vecs[i] = st.vector(e.terms)
	}
	// Answers that share no term score 0: with a threshold above 0 only
	// those sharing one are compared, found through each term's answers,
	// so that a session of distinct stories costs far less than n².
	var postings map[int32][]int
	var seen []int
	if threshold > 0 {
		postings = make(map[int32][]int)
		for j, v := range vecs {
			for _, t := range v.ids {
				postings[t] = append(postings[t], j)
			}
		}
		seen = make([]int, len(vecs))
	}
	out := make([][]Match, len(ids))
	for k, id := range ids {
		i, ok := ix.byID[id]
		if !ok {
			continue
		}
		better := func(a, b Match) bool {
			if a.Score != b.Score {
				return a.Score > b.Score
			}
			return ix.byID[a.B] < ix.byID[b.B]
		}
		var ms []Match
		try := func(j int) {
			e := ix.docs[j]
			if j == i || (keep != nil && !keep(id, e.id)) {
				return
			}
			s := cosine(vecs[i], vecs[j])
			if s < threshold {
				return
			}
			m := Match{A: id, B: e.id, Score: s}
			if max <= 0 {
				ms = append(ms, m)
				return
			}
			// Keep only the best max, in order, as sortMatches would
			// order them: a session of one story has a match for every
			// answer, and sorting them all costs more than the cosines.
			if len(ms) == max && !better(m, ms[max-1]) {
				return
			}
			if len(ms) < max {
				ms = append(ms, m)
			} else {
				ms[max-1] = m
			}
			for p := len(ms) - 1; p > 0 && better(ms[p], ms[p-1]); p-- {
				ms[p], ms[p-1] = ms[p-1], ms[p]
			}
		}
		if postings == nil {
			for j := range ix.docs {
				try(j)
			}
		} else {
			// The rarest terms first: they weigh most in the cosine, and
			// an answer that retells a story shares them. At most
			// maxCandidates answers are compared with each, so that a
			// session whose answers all share common words costs time in
			// proportion to its size, not its square.
			terms := slices.Clone(vecs[i].ids)
			slices.SortStableFunc(terms, func(a, b int32) int { return len(postings[a]) - len(postings[b]) })
			found := 0
		terms:
			for _, t := range terms {
				for _, j := range postings[t] {
					if seen[j] == k+1 {
						continue
					}
					seen[j] = k + 1
					try(j)
					if found++; found >= maxCandidates {
						break terms
					}
				}
			}
		}
		sortMatches(ms, ix.byID)
		if max > 0 && len(ms) > max {
			ms = ms[:max]
		}
		for m := range ms {
			j := ix.byID[ms[m].B]
			ms[m].Shared = st.shared(vecs[i], vecs[j], ix.docs[i].terms, ix.maxShared)
		}
		out[k] = ms
	}
	return out
}

func sortMatches(ms []Match, order map[string]int) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		if ms[i].A != ms[j].A {
			return order[ms[i].A] < order[ms[j].A]
		}
		return order[ms[i].B] < order[ms[j].B]
	})
}

// stats are the document frequencies in force for one comparison: the
// index's, plus texts being compared that are not in it.
type stats struct {
	ix     *Index
	n      int
	extra  map[string]int // document frequencies of the outside texts and of resolved joins
	extraN map[string]int // name evidence of the outside texts
	cache  map[string]float64
	ids    map[string]int32 // terms numbered, so that vectors merge on integers
}

func (ix *Index) stats(outside ...docTerms) *stats {
	st := &stats{
		ix: ix, n: len(ix.docs) + len(outside),
		extra:  make(map[string]int),
		extraN: make(map[string]int),
		cache:  make(map[string]float64),
		ids:    make(map[string]int32),
	}
	for _, t := range outside {
		for k := range t.count {
			st.extra[k]++
		}
		for k := range t.name {
			st.extraN[k]++
		}
	}
	// Joins resolve against the words as the texts have them, before any
	// join is counted, so that two splits never vouch for each other.
	var resolved []string
	count := func(t docTerms) {
		for k := range t.joins {
			if st.df(k) > 0 {
				resolved = append(resolved, k)
			}
		}
	}
	for _, e := range ix.docs {
		count(e.terms)
	}
	for _, t := range outside {
		count(t)
	}
	for _, k := range resolved {
		st.extra[k]++
	}
	// Number the terms in their sorted order, so that every sum over a
	// vector runs in the same order and a pair scores the same to the
	// last bit whichever way it is asked for.
	var keys []string
	add := func(k string) {
		if _, ok := st.ids[k]; !ok {
			st.ids[k] = 0
			keys = append(keys, k)
		}
	}
	for _, e := range ix.docs {
		for k := range e.terms.count {
			add(k)
		}
	}
	for _, t := range outside {
		for k := range t.count {
			add(k)
		}
	}
	for _, k := range resolved {
		add(k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		st.ids[k] = int32(i)
	}
	return st
}

func (st *stats) df(key string) int { return st.ix.df[key] + st.extra[key] }

// resolvedJoins returns the joins of t that are words elsewhere.
func (st *stats) resolvedJoins(t docTerms) []string {
	var out []string
	for k := range t.joins {
		if st.df(k) > 0 {
			out = append(out, k)
		}
	}
	return out
}

// weight is how telling a term is: its inverse document frequency, with
// the background vocabulary counted as p.background answers that use
// each term with its prior probability.
func (st *stats) weight(key string) float64 {
	if w, ok := st.cache[key]; ok {
		return w
	}
	prior := st.prior(key)
	p := st.ix.p
	df := float64(st.df(key))
	idf := math.Log((float64(st.n) + p.background) / (df + p.background*prior + p.smoothing))
	if idf < 0.05 {
		idf = 0.05
	}
	w := idf
	st.cache[key] = w
	return w
}

// prior returns a term's background document frequency. Names and
// numbers weigh more through it: a name is as rare as a word no
// dictionary knows, whatever its spelling, and a measure ("40%", "$2
// million") or a number of 10 and above is rarer than a common word. A
// bigram's prior is a share of its rarer word's: the chance of the two
// words meeting.
func (st *stats) prior(key string) float64 {
	if a, b, ok := strings.Cut(key, " "); ok {
		prior := math.Min(st.prior(a), st.prior(b))
		if st.isName(key) {
			prior = math.Min(prior, pUnknown)
		}
		return prior * st.ix.p.bigramPrior
	}
	if isNumberKey(key) {
		return numberPrior(key)
	}
	prior := st.ix.bg.prior(key)
	if st.isName(key) {
		prior = math.Min(prior, pUnknown)
	}
	return prior
}

// isName reports whether a term is a name: written with a capital inside
// a sentence somewhere (unless it is a common word like "Black" in "Black
// Friday", where only the bigram is a name), or a word no dictionary
// knows ("finlo", "priya", "rabbitmq").
func (st *stats) isName(key string) bool {
	bg := st.ix.bg
	written := st.ix.nameDF[key]+st.extraN[key] > 0
	if isBigram(key) {
		return written
	}
	if bg.workplace[key] || bg.domain[key] || bg.calendar[key] {
		return false
	}
	if written {
		if lvl, ok := bg.level[key]; !ok || lvl > 10 {
			return true
		}
	}
	return len(key) >= 3 && isLetters(key) && !bg.known(key)
}

// showable reports whether a shared term says something to the user on
// its own: "2" or "1% 40" count in the score but explain nothing.
func showable(key string) bool {
	if a, b, ok := strings.Cut(key, " "); ok {
		return !(isNumberKey(a) && isNumberKey(b))
	}
	return !isNumberKey(key) || numberPrior(key) != pSmallNumber
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// numberPrior: a measure ("40%", "$2 million", "3 times") or a number
// of 10 and above is specific to a story; "three" on its own is not.
func numberPrior(key string) float64 {
	switch {
	case strings.HasSuffix(key, "%"), strings.HasPrefix(key, "#$"), strings.HasSuffix(key, "x"):
		return pMeasure
	}
	v, err := strconv.ParseFloat(key[1:], 64)
	if err == nil && v < 10 && v == math.Trunc(v) {
		return pSmallNumber
	}
	return pNumber
}

// vector is a text's terms with their weights, sorted by term number.
type vector struct {
	ids  []int32
	keys []string
	vals []float64
	norm float64
}

func (st *stats) vector(t docTerms) vector {
	keys := make([]string, 0, len(t.count))
	for k := range t.count {
		keys = append(keys, k)
	}
	keys = append(keys, st.resolvedJoins(t)...)
	v := vector{ids: make([]int32, len(keys)), keys: keys, vals: make([]float64, len(keys))}
	for i, k := range keys {
		v.ids[i] = st.ids[k] // every term of every text compared was numbered
	}
	sort.Sort(byID(v))
	var sum float64
	for i, k := range v.keys {
		n := max(t.count[k], 1)
		w := st.weight(k) * (1 + st.ix.p.tfLog*math.Log(float64(n)))
		v.vals[i] = w
		sum += w * w
	}
	v.norm = math.Sqrt(sum)
	return v
}

// byID sorts a vector's parallel slices by term number.
type byID vector

func (v byID) Len() int           { return len(v.ids) }
func (v byID) Less(i, j int) bool { return v.ids[i] < v.ids[j] }
func (v byID) Swap(i, j int) {
	v.ids[i], v.ids[j] = v.ids[j], v.ids[i]
	v.keys[i], v.keys[j] = v.keys[j], v.keys[i]
	v.vals[i], v.vals[j] = v.vals[j], v.vals[i]
}

func cosine(a, b vector) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	var dot float64
	for i, j := 0, 0; i < len(a.ids) && j < len(b.ids); {
		switch {
		case a.ids[i] < b.ids[j]:
			i++
		case a.ids[i] > b.ids[j]:
			j++
		default:
			dot += a.vals[i] * b.vals[j]
			i++
			j++
		}
	}
	s := dot / (a.norm * b.norm)
	return math.Min(1, math.Max(0, s))
}

// shared lists the terms both vectors hold, by their part in the score,
// as a said them. A word inside a listed bigram is not listed again.
func (st *stats) shared(a, b vector, ta docTerms, max int) []string {
	type part struct {
		key string
		c   float64
	}
	var parts []part
	for i, j := 0, 0; i < len(a.ids) && j < len(b.ids); {
		switch {
		case a.ids[i] < b.ids[j]:
			i++
		case a.ids[i] > b.ids[j]:
			j++
		default:
			parts = append(parts, part{a.keys[i], a.vals[i] * b.vals[j]})
			i++
			j++
		}
	}
	if len(parts) == 0 {
		return nil
	}
	sort.SliceStable(parts, func(i, j int) bool {
		if parts[i].c != parts[j].c {
			return parts[i].c > parts[j].c
		}
		return parts[i].key < parts[j].key
	})
	floor := parts[0].c * st.ix.p.minShare
	var chosen []string
	covered := make(map[string]bool)
	for _, pt := range parts {
		if len(chosen) == max || pt.c < floor {
			break
		}
		if covered[pt.key] || !showable(pt.key) {
			continue
		}
		if x, y, ok := strings.Cut(pt.key, " "); ok {
			covered[x], covered[y] = true, true
			// Drop a word already listed that this bigram now shows.
			kept := chosen[:0]
			for _, c := range chosen {
				if c != x && c != y {
					kept = append(kept, c)
				}
			}
			chosen = kept
		}
		covered[pt.key] = true
		chosen = append(chosen, pt.key)
	}
	out := make([]string, len(chosen))
	for i, k := range chosen {
		s, ok := ta.surface[k]
		if !ok {
			s = ta.joins[k]
		}
		out[i] = s
	}
	return out
}

// SharedText says what two answers that look like one story have in
// common, for a person: the telling words both mention.
func SharedText(shared []string) string {
	if len(shared) == 0 {
		return "their words are much alike"
	}
	return "both mention " + strings.Join(shared, ", ")
}

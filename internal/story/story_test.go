package story

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

const (
	outageWhisper = `On Black Friday I was the on-call engineer for the payment service at Finlo.
Around 9 a.m. checkout errors jumped to 40 percent. I rolled back the morning's deploy,
then found the tokenization client retrying every timeout three times, which exhausted
the connection pool. I capped the retries and we were back to normal in forty minutes.`
	outageSphinx = `so um it was black friday and uh the payment service was failing like forty
percent of checkouts and i looked at the traces and the client was retrying three times
with no back off so the connection pool ran out i capped the retries and errors dropped
in about forty minutes`
	// Same person, same company, same team words: a different story.
	kafka = `At Finlo our ledger service published events through RabbitMQ and we lost messages
whenever a broker restarted. I led the migration to Kafka with dual writes and a shadow
consumer, found two consumers that depended on ordering, and cut over in eleven weeks
with zero lost events. The finance team stopped the weekly reconciliation.`
	mentoring = `Last summer I mentored an intern, Tomas, on the payments team. His pull requests
kept getting rejected for missing tests, so we paired every morning and wrote tests first.
He raised coverage on the refunds module from 35 percent to 80 percent and got a return offer.`
)

func TestSimilarityBounds(t *testing.T) {
	ix := NewIndex(Options{})
	if s, shared := ix.Similarity(outageWhisper, outageWhisper); math.Abs(s-1) > 1e-9 || len(shared) == 0 {
		t.Errorf("a text against itself = %v %q, want 1 and shared terms", s, shared)
	}
	if s, shared := ix.Similarity("Kafka ledger reconciliation", "tulips windmills cheese"); s != 0 || shared != nil {
		t.Errorf("texts with nothing in common = %v %q, want 0 and none", s, shared)
	}
	for _, pair := range [][2]string{{"", outageWhisper}, {"", ""}, {"um uh you know", "like basically"}} {
		if s, shared := ix.Similarity(pair[0], pair[1]); s != 0 || shared != nil {
			t.Errorf("Similarity(%q, ...) = %v %q, want 0", pair[0], s, shared)
		}
	}
}

func TestSameStoryOutscoresSameDomain(t *testing.T) {
	ix := NewIndex(Options{MaxShared: 8})
	same, shared := ix.Similarity(outageWhisper, outageSphinx)
	other, _ := ix.Similarity(outageWhisper, kafka)
	other2, _ := ix.Similarity(outageSphinx, mentoring)
	if same < DefaultThreshold || other >= DefaultThreshold || other2 >= DefaultThreshold {
		t.Errorf("same story %.3f, different stories %.3f and %.3f; threshold %.3f", same, other, other2, DefaultThreshold)
	}
	for _, want := range []string{"black friday", "40%", "payment service"} {
		if !slices.Contains(shared, want) {
			t.Errorf("shared %q lacks %q", shared, want)
		}
	}
}

func TestGenericWordsWeighLittle(t *testing.T) {
	ix := NewIndex(Options{})
	generic, _ := ix.Similarity(
		"I worked with my team and the customer on the project to deliver results for the business.",
		"The team met the customer and the project manager; the business wanted results from the project.")
	specific, _ := ix.Similarity(
		"I worked on the Kafka ledger and the reconciliation with Priya.",
		"priya and i fixed the kafka ledger reconciliation")
	if generic >= specific/2 {
		t.Errorf("generic overlap %.3f, specific overlap %.3f: generic words weigh too much", generic, specific)
	}
	st := ix.stats()
	for _, common := range []string{"team", "project", "custom"} {
		for _, rare := range []string{"kafka", "priya", "reconcili"} {
			if st.weight(stem(common)) >= st.weight(rare) {
				t.Errorf("weight(%s) %.2f >= weight(%s) %.2f", common, st.weight(stem(common)), rare, st.weight(rare))
			}
		}
	}
}

func TestHistoryMakesARepeatedNameCommon(t *testing.T) {
	ix := NewIndex(Options{})
	before := ix.stats().weight("finlo")
	for i, text := range []string{outageWhisper, kafka, "At Finlo I ran the hiring loop.", "At Finlo I owned the dashboards."} {
		ix.Add(Doc{ID: string(rune('a' + i)), Text: text})
	}
	after := ix.stats().weight("finlo")
	if after >= before*0.8 {
		t.Errorf("weight of a company named in every answer: %.2f before history, %.2f after", before, after)
	}
}

func TestSharedMostTellingFirst(t *testing.T) {
	ix := NewIndex(Options{MaxShared: 8})
	_, shared := ix.Similarity(outageWhisper, outageSphinx)
	if len(shared) == 0 || len(shared) > 8 {
		t.Fatalf("shared = %q", shared)
	}
	// A word inside a listed bigram is not listed again.
	for _, word := range []string{"black", "friday", "connection", "pool"} {
		if slices.Contains(shared, word) {
			t.Errorf("shared %q lists %q besides its bigram", shared, word)
		}
	}
	// Specific terms come before generic ones: the last listed may be
	// generic, the first may not.
	for _, generic := range []string{"service", "errors", "client"} {
		if len(shared) > 0 && shared[0] == generic {
			t.Errorf("shared starts with %q: %q", generic, shared)
		}
	}
	// Ordering follows each term's part in the score.
	ta, tb := extractTerms(outageWhisper), extractTerms(outageSphinx)
	st := ix.stats(ta, tb)
	va, vb := st.vector(ta), st.vector(tb)
	part := func(surface string) float64 {
		for i, k := range va.keys {
			s, ok := ta.surface[k]
			if !ok {
				s = ta.joins[k]
			}
			if s == surface {
				if j := slices.Index(vb.keys, k); j >= 0 {
					return va.vals[i] * vb.vals[j]
				}
			}
		}
		t.Fatalf("shared term %q not in both vectors", surface)
		return 0
	}
	for i := 1; i < len(shared); i++ {
		if part(shared[i]) > part(shared[i-1])+1e-12 {
			t.Errorf("shared %q out of order at %d", shared, i)
		}
	}
	if _, few := NewIndex(Options{MaxShared: 2}).Similarity(outageWhisper, outageSphinx); len(few) != 2 {
		t.Errorf("MaxShared 2 gave %q", few)
	}
}

func TestSharedShowsNumbersInOneForm(t *testing.T) {
	ix := NewIndex(Options{})
	_, shared := ix.Similarity("the bill fell by forty percent, four hundred thousand dollars",
		"We cut 40% of the bill: $400k a year.")
	for _, want := range []string{"40%", "$400,000"} {
		if !slices.Contains(shared, want) {
			t.Errorf("shared %q lacks %q", shared, want)
		}
	}
}

func TestSharedShowsSplitWords(t *testing.T) {
	ix := NewIndex(Options{})
	s, shared := ix.Similarity("we moved the ledger off rabbit m q", "We moved the ledger off RabbitMQ.")
	if !slices.Contains(shared, "rabbit mq") || s < 0.5 {
		t.Errorf("split and whole word: score %.3f shared %q", s, shared)
	}
}

func tellingsIndex() *Index {
	ix := NewIndex(Options{})
	ix.Add(Doc{ID: "s1/1", Text: outageWhisper})
	ix.Add(Doc{ID: "s1/2", Text: kafka})
	ix.Add(Doc{ID: "s1/3", Text: mentoring})
	ix.Add(Doc{ID: "s2/1", Text: outageSphinx})
	return ix
}

func TestPairs(t *testing.T) {
	ix := tellingsIndex()
	all := ix.Pairs(0)
	if len(all) != 6 {
		t.Fatalf("Pairs(0) gave %d pairs of 4 answers, want 6", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Errorf("pairs not best first: %v", all)
		}
	}
	flagged := ix.Pairs(DefaultThreshold)
	if len(flagged) != 1 || flagged[0].A != "s1/1" || flagged[0].B != "s2/1" {
		t.Fatalf("Pairs(default) = %+v, want the two outage tellings, earlier first", flagged)
	}
	if flagged[0].Score != all[0].Score || len(flagged[0].Shared) == 0 {
		t.Errorf("flagged pair %+v", flagged[0])
	}
	if got := ix.Pairs(1.01); len(got) != 0 {
		t.Errorf("Pairs above 1 = %v", got)
	}
}

func TestAddReplacesSameID(t *testing.T) {
	ix := tellingsIndex()
	ix.Add(Doc{ID: "s2/1", Text: "We hired six engineers for the grocery contract with a rubric."})
	if ix.Len() != 4 {
		t.Fatalf("Len = %d after replacing, want 4", ix.Len())
	}
	if got := ix.Pairs(DefaultThreshold); len(got) != 0 {
		t.Errorf("replaced answer still matches: %+v", got)
	}
	if ix.df["blackfriday"] != 0 && ix.df["black fridai"] != 1 {
		t.Errorf("document frequency of the replaced text kept: %d", ix.df["black fridai"])
	}
}

func TestAgainst(t *testing.T) {
	ix := tellingsIndex()
	// A new answer not in the index.
	retold := Doc{ID: "s3/1", Text: "so on black friday the payment service hit forty percent errors and the connection pool ran out"}
	got := ix.Against(retold, DefaultThreshold)
	if len(got) != 2 {
		t.Fatalf("Against = %+v, want the two outage tellings", got)
	}
	for _, m := range got {
		if m.A != "s3/1" || (m.B != "s1/1" && m.B != "s2/1") || len(m.Shared) == 0 {
			t.Errorf("match %+v", m)
		}
	}
	if got[0].Score < got[1].Score {
		t.Errorf("not best first: %+v", got)
	}
	if ix.Len() != 4 {
		t.Errorf("Against added the answer: Len %d", ix.Len())
	}
	// An answer already added is not compared with itself.
	for _, m := range ix.Against(Doc{ID: "s1/1", Text: outageWhisper}, 0) {
		if m.B == "s1/1" {
			t.Errorf("answer matched itself: %+v", m)
		}
	}
	if n := len(ix.Against(Doc{ID: "s1/1", Text: outageWhisper}, 0)); n != 3 {
		t.Errorf("Against(added, 0) gave %d matches, want the 3 others", n)
	}
	// An ID in the index with another text: the new text is compared.
	got = ix.Against(Doc{ID: "s1/1", Text: kafka + " " + mentoring}, DefaultThreshold)
	if len(got) != 2 || got[0].B == "s2/1" || got[1].B == "s2/1" {
		t.Errorf("Against(new text under an added ID) = %+v, want the kafka and mentoring answers", got)
	}
	// The same pair scores the same whichever way it is asked for.
	pairScore := ix.Pairs(0)[0].Score
	if m := ix.Against(Doc{ID: "s1/1", Text: outageWhisper}, 0)[0]; m.B != "s2/1" || m.Score != pairScore {
		t.Errorf("Against gave %+v, Pairs %v", m, pairScore)
	}
}

// A story bank: one known telling per story; a new answer is matched to
// the story it most resembles.
func TestAgainstNamesTheStory(t *testing.T) {
	bank := NewIndex(Options{})
	bank.Add(Doc{ID: "black-friday", Text: outageWhisper})
	bank.Add(Doc{ID: "kafka", Text: kafka})
	bank.Add(Doc{ID: "intern", Text: mentoring})
	cases := map[string]string{
		outageSphinx: "black-friday",
		"um the intern tomas his p rs kept failing review so we wrote tests first together and he got the return offer": "intern",
		"we lost messages on rabbit m q so i moved the ledger events to kafka with a shadow consumer":                   "kafka",
	}
	for text, want := range cases {
		got := bank.Against(Doc{ID: "new", Text: text}, 0)
		if len(got) != 3 || got[0].B != want {
			t.Errorf("Against(%.30q...) best = %+v, want %s", text, got, want)
		}
	}
}

func FuzzSimilarity(f *testing.F) {
	for _, s := range []string{outageWhisper, outageSphinx, "", "$", "1.2.3 $4,5.6% 7x", "ʼ’‘ \u0000 \xff", "a b c d e f g"} {
		f.Add(s, kafka)
	}
	ix := tellingsIndex()
	f.Fuzz(func(t *testing.T, a, b string) {
		s, shared := ix.Similarity(a, b)
		if math.IsNaN(s) || s < 0 || s > 1 {
			t.Fatalf("Similarity = %v", s)
		}
		if s == 0 && len(shared) != 0 {
			t.Fatalf("score 0 with shared %q", shared)
		}
		ix.Against(Doc{ID: "x", Text: a}, 0)
	})
}

func TestSharedLeavesOutWhatExplainsNothing(t *testing.T) {
	ix := NewIndex(Options{MaxShared: 20})
	text := "we had 2 teams and 3 goals; errors went from 40% to 1% in 2 weeks at Finlo"
	_, shared := ix.Similarity(text, text)
	for _, no := range []string{"2", "3", "40% 1%"} {
		if slices.Contains(shared, no) {
			t.Errorf("shared %q lists %q", shared, no)
		}
	}
	for _, yes := range []string{"1%", "2 weeks"} {
		if !slices.Contains(shared, yes) {
			t.Errorf("shared %q lacks %q", shared, yes)
		}
	}
}

// AgainstEach gives for every answer what Against gives, from one set of
// statistics.
func TestAgainstEachIsAgainst(t *testing.T) {
	ix := tellingsIndex()
	ids := []string{"s1/1", "s1/2", "s1/3", "s2/1"}
	// At 0 every pair is compared; above it only those sharing a term.
	for _, threshold := range []float64{0, DefaultThreshold, 0.3} {
		each := ix.AgainstEach(ids, threshold, 0, nil)
		for k, id := range ids {
			want := ix.Against(Doc{ID: id, Text: ix.docs[ix.byID[id]].text}, threshold)
			if !reflect.DeepEqual(each[k], want) {
				t.Errorf("%s at %v: AgainstEach %v, Against %v", id, threshold, each[k], want)
			}
			top := ix.AgainstEach([]string{id}, threshold, 2, nil)[0]
			if len(want) > 2 {
				want = want[:2]
			}
			if len(want) > 0 && !reflect.DeepEqual(top, want) {
				t.Errorf("%s at %v, best 2: AgainstEach %v, Against %v", id, threshold, top, want)
			}
		}
	}
	kept := ix.AgainstEach([]string{"s2/1"}, 0, 1, func(a, b string) bool { return b != "s1/1" })
	if len(kept[0]) != 1 || kept[0][0].B == "s1/1" {
		t.Errorf("max 1 without s1/1: %v", kept[0])
	}
}

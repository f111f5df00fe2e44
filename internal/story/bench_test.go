package story

import (
	"fmt"
	"strings"
	"testing"
)

// history builds n answers from the labelled tellings: the k-th copy of
// a telling drops every (k+2)-th word, so that copies differ as retold
// stories do, and a user's whole history can be stood in for.
func history(b *testing.B, n int) []Doc {
	b.Helper()
	ts := loadTellings(b)
	docs := make([]Doc, 0, n)
	for k := 0; len(docs) < n; k++ {
		for _, x := range ts {
			if len(docs) == n {
				break
			}
			words := strings.Fields(x.text)
			kept := words[:0:0]
			for i, w := range words {
				if k == 0 || (i+1)%(k+2) != 0 {
					kept = append(kept, w)
				}
			}
			docs = append(docs, Doc{ID: fmt.Sprintf("%d/%s", k, x.id), Text: strings.Join(kept, " ")})
		}
	}
	return docs
}

// BenchmarkPairs is a report's whole-history check: every pair of 200
// answers.
func BenchmarkPairs(b *testing.B) {
	docs := history(b, 200)
	ix := NewIndex(Options{})
	for _, d := range docs {
		ix.Add(d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ix.Pairs(DefaultThreshold)
	}
}

// BenchmarkAgainst is the check after each answer of a session: one new
// answer against 200.
func BenchmarkAgainst(b *testing.B) {
	docs := history(b, 201)
	ix := NewIndex(Options{})
	for _, d := range docs[:200] {
		ix.Add(d)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ix.Against(docs[200], DefaultThreshold)
	}
}

// BenchmarkAdd is reading 200 answers into a new index, the embedded
// vocabulary already loaded.
func BenchmarkAdd(b *testing.B) {
	docs := history(b, 200)
	loadBackground()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ix := NewIndex(Options{})
		for _, d := range docs {
			ix.Add(d)
		}
	}
}

// BenchmarkLoadBackground is the one-off cost of the embedded vocabulary.
func BenchmarkLoadBackground(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseBackground(vocabGz); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAgainstEachShared is sessions show on a session whose answers
// all share their words: per answer, the time should not grow with the
// session's size (compare the ns/answer of the two sizes).
func BenchmarkAgainstEachShared(b *testing.B) {
	vocab := strings.Fields("team project customer result percent migration latency service deadline manager plan launch data users budget week quarter test review design")
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ix := NewIndex(Options{})
			ids := make([]string, n)
			for i := range n {
				words := make([]string, 12)
				for w := range words {
					words[w] = vocab[(i*7+w*13+i/len(vocab))%len(vocab)]
				}
				ids[i] = fmt.Sprint(i)
				ix.Add(Doc{ID: ids[i], Text: strings.Join(words, " ")})
			}
			b.ResetTimer()
			for b.Loop() {
				ix.AgainstEach(ids, DefaultThreshold, 5, nil)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/answer")
		})
	}
}

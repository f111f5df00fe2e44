package quality

import (
	"hash/fnv"
	"math"
	"math/rand"
	"strings"
)

// orderShuffles is how many random orders of the same words the real
// order is measured against.
const orderShuffles = 64

// smoothing is added to every class-pair count, so a pair the training
// text never had is unlikely rather than impossible.
const smoothing = 0.5

// logP is the log probability of a class given the class one word
// before ([0]) and two words before ([1]).
var logP = func() (lp [2][nClasses][nClasses]float64) {
	for lag := range classPairs {
		for i := range classPairs[lag] {
			row := 0.0
			for _, c := range classPairs[lag][i] {
				row += float64(c)
			}
			for j, c := range classPairs[lag][i] {
				lp[lag][i][j] = math.Log((float64(c) + smoothing) / (row + smoothing*nClasses))
			}
		}
	}
	return lp
}()

// Order is how much more the words' order looks like English than the same
// words in random orders.
type Order struct {
	// Z is the real order's log-likelihood under the class bigram model, in
	// standard deviations above the mean of random orders of the same
	// words: about 0 for word salad or shuffled words, large for English
	// (it grows with the square root of the length).
	Z float64
	// Gain is the same difference per word, in nats.
	Gain float64
}

// MeasureOrder compares the order of words with orderShuffles random
// orders of the same words. The random orders are seeded from the words,
// so the same text always gets the same figures.
func MeasureOrder(words []string) Order {
	n := len(words)
	if n < 3 {
		return Order{}
	}
	cls := make([]int, n)
	for i, w := range words {
		cls[i] = classOf(w)
	}
	real := seqLogP(cls)
	h := fnv.New64a()
	h.Write([]byte(strings.Join(words, " ")))
	rng := rand.New(rand.NewSource(int64(h.Sum64())))
	perm := append([]int(nil), cls...)
	var sum, sumSq float64
	for k := 0; k < orderShuffles; k++ {
		rng.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		v := seqLogP(perm)
		sum += v
		sumSq += v * v
	}
	mean := sum / orderShuffles
	sd := math.Sqrt(math.Max(sumSq/orderShuffles-mean*mean, 1e-9))
	return Order{Z: (real - mean) / sd, Gain: (real - mean) / float64(n-1)}
}

// seqLogP scores a sequence of classes by both tables: each word given the
// word before it and given the one before that.
func seqLogP(cls []int) float64 {
	v := 0.0
	for i := 1; i < len(cls); i++ {
		v += logP[0][cls[i-1]][cls[i]]
		if i > 1 {
			v += logP[1][cls[i-2]][cls[i]]
		}
	}
	return v
}

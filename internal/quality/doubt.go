package quality

import "github.com/starcoach/starcoach/internal/transcript"

// Doubted says, word by word, which of ws the engine itself doubted: under
// the confidence the estimate's doubted share counts, when the engine gave
// confidences at all (none doubted when it gave none). A measure that
// takes words as evidence leaves these out, by the same rule the estimate
// reports.
func Doubted(ws []transcript.Word) []bool {
	out := make([]bool, len(ws))
	any := false
	for _, w := range ws {
		if w.Conf > 0 {
			any = true
			break
		}
	}
	if !any {
		return out
	}
	for i, w := range ws {
		out[i] = w.Conf < doubt
	}
	return out
}

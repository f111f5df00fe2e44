package quality

import (
	"slices"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

func TestDoubted(t *testing.T) {
	ws := []transcript.Word{{Word: "we", Conf: 0.9}, {Word: "shipped", Conf: 0.3}, {Word: "it", Conf: 0}, {Word: "fast", Conf: 0.5}}
	if got := Doubted(ws); !slices.Equal(got, []bool{false, true, true, false}) {
		t.Errorf("Doubted = %v", got)
	}
	// An engine that gives no confidences doubts nothing.
	none := []transcript.Word{{Word: "we"}, {Word: "shipped"}}
	if got := Doubted(none); slices.Contains(got, true) {
		t.Errorf("no confidences: %v", got)
	}
}

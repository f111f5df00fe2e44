package analyze

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// TestNetworkAtOtherRates: the network hears 16 kHz; audio at another rate
// is converted for it as it is fed, so the same speech recorded at 48 or
// 44.1 kHz gets the probabilities it gets at 16 kHz, chunk for chunk, and
// the same pauses.
func TestNetworkAtOtherRates(t *testing.T) {
	testaudio.Need(t, "sox")
	dir := t.TempDir()
	src := filepath.Join(realClipsPath, "arctic.wav")
	at16 := testaudio.Convert(t, dir, src, "-r", "16000", "-b", "16")
	ref, refRes := feedFile(t, openFile(t, at16), DefaultOptions(), 4096)
	want := ref.net.all()
	for _, rate := range []string{"48000", "44100"} {
		a, res := feedFile(t, openFile(t, testaudio.Convert(t, dir, at16, "-r", rate)), DefaultOptions(), 4096)
		got := a.net.all()
		if d := got.n() - want.n(); d < -1 || d > 1 {
			t.Fatalf("%s Hz: %d chunks, at 16 kHz %d", rate, got.n(), want.n())
		}
		var diff float64
		n := min(got.n(), want.n())
		for k := range n {
			diff += math.Abs(float64(got.at(k)) - float64(want.at(k)))
		}
		if mean := diff / float64(n) / maxLevel; mean > 0.03 {
			t.Errorf("%s Hz: probabilities %.3f apart on average from 16 kHz's", rate, mean)
		}
		if res.Pauses.OneSecond != refRes.Pauses.OneSecond || math.Abs(res.SpeechStartS-refRes.SpeechStartS) > 0.05 {
			t.Errorf("%s Hz: %d pauses, first word at %.2f s; at 16 kHz %d, %.2f s",
				rate, res.Pauses.OneSecond, res.SpeechStartS, refRes.Pauses.OneSecond, refRes.SpeechStartS)
		}
	}
}

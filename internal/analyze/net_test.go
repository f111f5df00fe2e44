package analyze

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/vad"
)

// TestNetworkAtOtherRates: the network hears 16 kHz; audio at another rate
// is converted for it as it is fed, so the same speech recorded at 48 or
// 44.1 kHz gets the probabilities it gets at 16 kHz, chunk for chunk, and
// the same pauses: every gap of half a second or more, its ends within
// 0.1 s (where a voice fades out, the network's word decides the end, and
// a chunk's probability may cross the threshold a chunk or two apart). A
// count of the pauses of a second or more would flip on a 0.99 s pause.
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
		if math.Abs(res.SpeechStartS-refRes.SpeechStartS) > 0.05 {
			t.Errorf("%s Hz: first word at %.2f s; at 16 kHz %.2f s", rate, res.SpeechStartS, refRes.SpeechStartS)
		}
		g, w := halfSecondGaps(res), halfSecondGaps(refRes)
		if len(g) != len(w) {
			t.Fatalf("%s Hz: gaps %v; at 16 kHz %v", rate, g, w)
		}
		for i := range g {
			if math.Abs(g[i].StartS-w[i].StartS) > 0.1 || math.Abs(g[i].EndS-w[i].EndS) > 0.1 {
				t.Errorf("%s Hz: gap %.2f-%.2f s; at 16 kHz %.2f-%.2f s", rate, g[i].StartS, g[i].EndS, w[i].StartS, w[i].EndS)
			}
		}
	}
}

func halfSecondGaps(r Result) []Gap {
	var out []Gap
	for _, g := range r.Gaps {
		if g.DurationS >= 0.5 {
			out = append(out, g)
		}
	}
	return out
}

// TestNetGateFall: with a fall, a chunk that follows speech stays speech
// down to the threshold less the fall, as in Silero's own code; a chunk
// as low that follows silence does not start speech, and the first chunk
// under the lower bound ends it. Without a fall only chunks at the
// threshold are speech. One frame a chunk, no hangover.
func TestNetGateFall(t *testing.T) {
	p := []float32{0.1, 0.6, 0.4, 0.36, 0.3, 0.4, 0.45, 0.55, 0.2}
	probs := chunkProbs{kept: &levelRecord{}}
	for _, v := range p {
		probs.tail = append(probs.tail, probStep(v))
	}
	for _, c := range []struct {
		fall float64
		want string
	}{
		{0, "-x-----x-"},
		{0.15, "-xxx---x-"},
	} {
		g := netGate(probs, len(p), vad.ChunkSize, vad.SampleRate, 0.5, c.fall, 0)
		got := ""
		for i := range p {
			if g.passes(i) {
				got += "x"
			} else {
				got += "-"
			}
		}
		if got != c.want {
			t.Errorf("fall %.2f: speech %s, want %s (probabilities %v)", c.fall, got, c.want, p)
		}
	}
}

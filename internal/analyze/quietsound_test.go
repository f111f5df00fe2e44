package analyze

import (
	"bytes"
	"math"
	"path/filepath"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// quietSoundClip is real read speech (testdata/realspeech/arctic.wav,
// peaking at -20 dBFS) after a lead-in of 3 s of a quiet room with a
// kitchen's clatter in it (noise-kitchen.wav), leadDB under the speech's
// RMS, and with bursts of the same clatter, pauseDB under it, through its
// longest pause (19.71 to 22.88 s of the recording). It returns the clip
// and where, in it, the first word and that pause are.
func quietSoundClip(t *testing.T, leadDB, pauseDB float64) (wav []byte, first float64, pause [2]float64) {
	t.Helper()
	testaudio.Need(t, "sox")
	dir := t.TempDir()
	src := filepath.Join(dir, "arctic.wav")
	testaudio.Run(t, "sox", "-D", filepath.Join(realClipsPath, "arctic.wav"), "-r", "16000", "-b", "16", src)
	speech := readClip(t, src)
	scaleToPeak(speech, -20)
	labels := readLabels(t, filepath.Join(realClipsPath, "arctic.txt"))
	var sum float64
	var n int
	for _, s := range labels {
		for _, v := range speech[int(s[0]*16000):min(int(s[1]*16000), len(speech))] {
			sum += v * v
			n++
		}
	}
	speechRMS := math.Sqrt(sum / float64(n))
	kitchen := readClip(t, filepath.Join(realClipsPath, "noise-kitchen.wav"))
	const lead = 3.0
	x := make([]float64, int(lead*16000)+len(speech))
	copy(x[int(lead*16000):], speech)
	// put adds 0.25 s of the clatter from kitchen's sample k at time at,
	// db under the speech's RMS.
	put := func(at float64, k int, db float64) {
		burst := kitchen[k : k+4000]
		g := speechRMS * math.Pow(10, -db/20) / rmsOf(burst)
		for i, v := range burst {
			x[int(at*16000)+i] += g * v
		}
	}
	put(1.0, 16000, leadDB)
	pause = [2]float64{lead + labels[4][1], lead + labels[5][0]}
	for at := pause[0] + 0.3; at+0.25 < pause[1]-0.3; at += 0.6 {
		put(at, int(at*1000)%60000, pauseDB)
	}
	addPink(x, -70, 7)
	f := make([]float32, len(x))
	for i, v := range x {
		f[i] = float32(v)
	}
	return wavBytes(f, 16000), lead + labels[0][0], pause
}

// TestQuietSoundsAreNotTheSpeaker: a clatter 30 dB under the speaker
// before the first word does not start the answer (without the level gate
// it did, at 1.0 s for 3.2 s), and bursts of it 36 dB
// under the speaker do not break up a 3 s pause.
func TestQuietSoundsAreNotTheSpeaker(t *testing.T) {
	checkSoundClip(t, 30, 36, 0.9)
}

// checkSoundClip analyses quietSoundClip(leadDB, pauseDB) and checks that
// the first word is where it is said and that one gap holds at least
// share of the pause.
func checkSoundClip(t *testing.T, leadDB, pauseDB, share float64) {
	t.Helper()
	wav, first, pause := quietSoundClip(t, leadDB, pauseDB)
	r, err := Stream(bytes.NewReader(wav), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.SpeechStartS-first) > edgeOKS {
		t.Errorf("first word at %.2f s, said at %.2f s", r.SpeechStartS, first)
	}
	covered := 0.0
	for _, g := range r.Gaps {
		covered = math.Max(covered, overlap([2]float64{g.StartS, g.EndS}, pause))
	}
	if want := share * (pause[1] - pause[0]); covered < want {
		t.Errorf("the %.2f s pause at %.2f s: at most %.2f s of it reported in one gap, want %.2f s; gaps %v",
			pause[1]-pause[0], pause[0], covered, want, r.Gaps)
	}
}

// TestLoudSoundsThatAreNotSpeech: the same clatter as loud as the speaker
// is past any level gate; the speech network tells it from a voice. Before
// the first word it does not start the answer (with the level gate alone
// the answer started at 1.0 s), and through the 3.2 s pause it leaves most
// of the pause in one gap (with the level alone no gap of it reached
// 0.8 s). The first burst in the pause, 0.3 s into it, still joins the
// word before: the network hears it with the word's end.
func TestLoudSoundsThatAreNotSpeech(t *testing.T) {
	checkSoundClip(t, 0, 0, 0.75)
}

package testaudio

import (
	"math"
	"testing"
)

func TestSilenceAndJoinAreSampleExact(t *testing.T) {
	dir := t.TempDir()
	a := Silence(t, dir, 0.3, Rate)
	b := Silence(t, dir, 1.25, Rate)
	if got := Samples(t, a); got != 4800 {
		t.Fatalf("0.3 s of silence has %d samples, want 4800", got)
	}
	j := Join(t, dir+"/joined.wav", a, b)
	if got := Samples(t, j); got != 4800+20000 {
		t.Fatalf("joined file has %d samples, want %d", got, 24800)
	}
}

func TestSpeakTrimsAndNoiseHasTheAskedLevel(t *testing.T) {
	dir := t.TempDir()
	s := Speak(t, dir, "The problem was that our build took forty minutes.", Rate)
	if n := Samples(t, s); n < Rate/2 || n > 5*Rate {
		t.Fatalf("speech lasts %d samples, want between 0.5 s and 5 s", n)
	}
	speech := RMS(t, s)
	quiet := Silence(t, dir, 2, Rate)
	noisy := AddNoise(t, dir, quiet, speech, 20, Rate)
	got := 20 * math.Log10(speech/RMS(t, noisy))
	if math.Abs(got-20) > 1 {
		t.Fatalf("noise is %.1f dB under the speech, want 20", got)
	}
}

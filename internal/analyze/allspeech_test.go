package analyze

import (
	"os"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// A short recording that is speech from its first sample to its last has
// no room to measure the speech against, and its first seconds' evidence
// was taken against a noise that was speech. Whether speech is found is
// counted on the same evidence segmentation reads (worked out again
// against all of those frames), so such a clip is speech, start to end,
// and not "no speech found". The sentences are spoken by espeak-ng with
// its own silences trimmed off; its digital silence between some words
// made the first of them come out as no speech.
func TestShortClipAllSpeech(t *testing.T) {
	dir := t.TempDir()
	for _, text := range []string{
		"At my last job our deploys took forty minutes and failed every week.",
		"So the first thing I did was measure where the time went.",
		"Sales grew by twelve percent in the quarter after the launch.",
	} {
		path := testaudio.Speak(t, dir, text, 16000)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Stream(f, DefaultOptions())
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !r.SpeechFound || r.SpeechStartS > 0.1 || r.SpeechEndS < r.DurationS-0.2 {
			t.Errorf("%q (%.2f s, all speech): speech found %v, from %.3f to %.3f s; warnings %q",
				text, r.DurationS, r.SpeechFound, r.SpeechStartS, r.SpeechEndS, r.Warnings)
		}
	}
}

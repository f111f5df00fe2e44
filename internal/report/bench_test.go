package report

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// BenchmarkEnvelope measures the level envelope of a ten-minute recording:
// the time the HTML report adds per answer, and that its memory does not
// grow with the recording (see allocs and B/op).
func BenchmarkEnvelope(b *testing.B) {
	dir := b.TempDir()
	speech := testaudio.Speak(b, dir, "I traced the failures to a slow database query and rewrote it with a cache.", testaudio.Rate)
	long := filepath.Join(dir, "long.wav")
	n := testaudio.Samples(b, speech)
	repeats := int(600*testaudio.Rate/n) + 1
	testaudio.Run(b, "sox", speech, long, "repeat", strconv.Itoa(repeats))
	st, err := os.Stat(long)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		f, err := os.Open(long)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Envelope(f, HTMLEnvelopePoints, 0); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

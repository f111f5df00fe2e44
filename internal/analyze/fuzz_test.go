package analyze

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/wav"
)

// FuzzStream feeds any bytes through the WAV reader into the analyzer. It
// must never panic, every number in the result must be finite and in its
// range, the result must print as text and as JSON, and it must be exactly
// what feeding the decoded samples to an Analyzer gives. The seed corpus in
// testdata/fuzz/FuzzStream holds valid files of every sample format and
// malformed ones of many kinds.
func FuzzStream(f *testing.F) {
	f.Add(wavBytes(join(silence(0.05), voiced(0.1, -20, 1), silence(0.05)), testRate), false)
	f.Add(wavFile(3, 1, 8000, 32, floatsLE(0, float32(math.NaN()), float32(math.Inf(1)), -2, 0.5)), true)
	f.Fuzz(func(t *testing.T, data []byte, fixed bool) {
		o := DefaultOptions()
		if fixed {
			o.FixedSilence, o.SilenceDB = true, -40
		}
		a, wr, err := stream(bytes.NewReader(data), o)
		if err != nil {
			// Bytes in memory cannot fail to be read, only to be a WAV file.
			var fe *wav.FormatError
			if !errors.As(err, &fe) || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error %q is not one line about the format", err)
			}
			return
		}
		r := fileResult(a, wr)
		checkResult(t, r)
		// Stream's blocks, workers and 16-bit path change nothing.
		want, wantRes := feedFile(t, bytes.NewReader(data), o, 77)
		if diff := stateDiff(a, want); diff != "" || !reflect.DeepEqual(r, wantRes) {
			t.Fatalf("Stream and Feed differ: %s\n%+v\n%+v", diff, r, wantRes)
		}
	})
}

func checkResult(t *testing.T, r Result) {
	t.Helper()
	nums := map[string]float64{
		"duration": r.DurationS, "speech start": r.SpeechStartS, "speech end": r.SpeechEndS, "speaking": r.SpeakingS,
		"answer": r.AnswerS, "trailing": r.TrailingSilenceS, "over by": r.OverByS, "spare": r.SpareS,
		"spoken after": r.SpokenAfterS, "longest gap": r.LongestGapS, "longest at": r.LongestGapAtS,
		"per minute": r.Pauses.PerMinute, "peak": r.PeakDBFS, "rms": r.RMSDBFS, "clipped": r.ClippedRatio,
		"noise": r.NoiseFloorDBFS, "speech": r.SpeechLevelDBFS, "threshold": r.ThresholdDBFS, "low": r.ThresholdLowDBFS,
	}
	for name, v := range nums {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s is %v", name, v)
		}
	}
	for _, db := range []float64{r.PeakDBFS, r.RMSDBFS, r.NoiseFloorDBFS, r.SpeechLevelDBFS} {
		if db < FloorDBFS || db > 0 {
			t.Fatalf("a level of %v dBFS", db)
		}
	}
	if r.ClippedRatio < 0 || r.ClippedRatio > 1 {
		t.Fatalf("clipped ratio %v", r.ClippedRatio)
	}
	if r.SpeechStartS < 0 || r.SpeechStartS > r.SpeechEndS || r.SpeechEndS > r.DurationS+1e-9 || r.SpeakingS > r.SpeechEndS-r.SpeechStartS+1e-6 {
		t.Fatalf("speech %v-%v (%v s spoken) in %v s", r.SpeechStartS, r.SpeechEndS, r.SpeakingS, r.DurationS)
	}
	for i, g := range r.Gaps {
		if g.StartS < r.SpeechStartS || g.EndS > r.SpeechEndS || g.DurationS < r.MinGapS-0.011 || (i > 0 && g.StartS < r.Gaps[i-1].EndS) {
			t.Fatalf("gap %+v in %+v", g, r.Gaps)
		}
	}
	if !slices.Contains([]string{Short, OK, Near, Over}, r.Verdict) || r.Warnings == nil || r.Gaps == nil {
		t.Fatalf("verdict %q, warnings %v, gaps %v", r.Verdict, r.Warnings, r.Gaps)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := WriteText(&text, r); err != nil || text.Len() == 0 {
		t.Fatalf("text: %v", err)
	}
}

// wavFile builds a WAV file around raw sample bytes.
func wavFile(tag, channels, rate, bits int, data []byte) []byte {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + len(data)))
	b.WriteString("WAVEfmt ")
	align := channels * bits / 8
	le(uint32(16))
	le(uint16(tag))
	le(uint16(channels))
	le(uint32(rate))
	le(uint32(rate * align))
	le(uint16(align))
	le(uint16(bits))
	b.WriteString("data")
	le(uint32(len(data)))
	b.Write(data)
	return b.Bytes()
}

func floatsLE(v ...float32) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, v)
	return b.Bytes()
}

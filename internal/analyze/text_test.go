package analyze

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/text")

// answerWithPauses is about 80 s of voice with the pauses given between
// its stretches, a lead-in and a tail.
func answerWithPauses(lead float64, pauses []float64, tail float64) []float32 {
	parts := [][]float32{silence(lead)}
	talk := 72.0 / float64(len(pauses)+1)
	for i, p := range pauses {
		parts = append(parts, voiced(talk, -22, uint64(i+1)), silence(p))
	}
	parts = append(parts, voiced(talk, -22, 99), silence(tail))
	return mix(join(parts...), hiss(300, -70, 5))
}

// TestWriteTextGolden renders real analyses of made signals; run with
// -update to rewrite testdata/text/*.golden after a deliberate change.
func TestWriteTextGolden(t *testing.T) {
	answer := answerWithPauses(1.2, []float64{0.4, 0.6, 1.4, 3.4, 0.8, 1.1}, 4)
	manyPauses := answerWithPauses(2, []float64{1, 1.5, 2, 1.2, 1.1, 4, 1, 1.3, 2.2, 1, 6, 1.7, 1, 1.4}, 0.2)
	clipped := voiced(30, -3, 1)
	for i := range clipped {
		clipped[i] *= 3
		clipped[i] = max(-1, min(1, clipped[i]))
	}
	cases := []struct {
		name string
		x    []float32
		o    Options
	}{
		{"ok", answer, Options{}},
		{"near", answer, Options{LimitS: 90}},
		{"over", answer, Options{LimitS: 60}},
		{"short", join(silence(0.4), voiced(20, -18, 1), silence(1)), Options{}},
		{"no-speech", hiss(5, -60, 1), Options{}},
		{"digital-silence", silence(5), Options{}},
		{"many-pauses", manyPauses, Options{LimitS: 150}},
		{"clipped", join(silence(1), clipped, silence(1)), Options{}},
		{"too-quiet", join(silence(1), voiced(12, -62, 1), silence(1.5), voiced(12, -62, 2), silence(1)), Options{}},
		{"fixed-threshold", answer, Options{FixedSilence: true, SilenceDB: -45}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := analyze(c.x, c.o)
			r.File, r.Channels, r.Format = c.name+".wav", 1, "16000 Hz mono 16-bit PCM"
			var text bytes.Buffer
			if err := WriteText(&text, r); err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.name+".golden", text.Bytes())
			golden(t, c.name+".json.golden", append(js, '\n'))
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "text", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it after a deliberate change)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

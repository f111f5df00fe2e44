package star

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenDir holds answers (transcripts as engines write them, or plain
// text) and the text output expected for each, in NAME.golden.
var goldenDir = filepath.Join("..", "..", "testdata", "star", "golden")

func TestGoldenText(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(goldenDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range inputs {
		var tr *transcript.Transcript
		switch {
		case strings.HasSuffix(in, ".transcript.json"):
			f, err := os.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			tr, err = transcript.Decode(f)
			f.Close()
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
		case strings.HasSuffix(in, ".txt"):
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			tr = &transcript.Transcript{Text: string(data)}
		default:
			continue
		}
		n++
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(in), ".txt"), ".transcript.json")
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			if err := WriteText(&got, spoken(tr, nil, nil)); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(goldenDir, name+".golden")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s--- want\n%s", golden, got.Bytes(), want)
			}
		})
	}
	if n < 5 {
		t.Errorf("%d golden answers, want at least 5", n)
	}
}

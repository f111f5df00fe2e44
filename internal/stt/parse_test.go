package stt

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

func fixture(t testing.TB, parts ...string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "testdata", "stt"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func words(t *transcript.Transcript) []string {
	out := make([]string, len(t.Words))
	for i, w := range t.Words {
		out[i] = w.Word
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func checkOrdered(t *testing.T, tr *transcript.Transcript) {
	t.Helper()
	for i, w := range tr.Words {
		if w.EndS < w.StartS {
			t.Errorf("word %d %q ends at %v before it starts at %v", i, w.Word, w.EndS, w.StartS)
		}
		if i > 0 && w.StartS < tr.Words[i-1].StartS {
			t.Errorf("word %d %q starts at %v, before the word before it (%v)", i, w.Word, w.StartS, tr.Words[i-1].StartS)
		}
	}
}

func TestParsePocketSphinxRealRun(t *testing.T) {
	tr, err := ParsePocketSphinx(fixture(t, "pocketsphinx", "two-utterances.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := "ah on the total to this ah do and we we we built a week article six units"
	if got := strings.Join(words(tr), " "); got != want {
		t.Errorf("words %q, want %q", got, want)
	}
	if tr.Text != want {
		t.Errorf("text %q, want %q", tr.Text, want)
	}
	if len(tr.Segments) != 2 {
		t.Fatalf("%d segments, want 2 (one per utterance): %+v", len(tr.Segments), tr.Segments)
	}
	s1, s2 := tr.Segments[0], tr.Segments[1]
	if !near(s1.StartS, 0.3) || !near(s1.EndS, 3.69) || !near(s2.StartS, 5.61) || !near(s2.EndS, 8.7) {
		t.Errorf("segments span %v-%v and %v-%v, want 0.3-3.69 and 5.61-8.7", s1.StartS, s1.EndS, s2.StartS, s2.EndS)
	}
	// "the(2) 1.240 1.340 0.290735": the alternate mark goes, the timing stays.
	w := tr.Words[2]
	if w.Word != "the" || !near(w.StartS, 1.24) || !near(w.EndS, 1.34) || !near(w.Conf, 0.290735) {
		t.Errorf("third word %+v, want the 1.24-1.34 conf 0.290735", w)
	}
	checkOrdered(t, tr)
}

func TestParsePocketSphinxSilence(t *testing.T) {
	tr, err := ParsePocketSphinx(fixture(t, "pocketsphinx", "silence.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Text != "" || len(tr.Words) != 0 || len(tr.Segments) != 0 {
		t.Errorf("silence gave %+v, want nothing", tr)
	}
}

func TestParsePocketSphinxMarkers(t *testing.T) {
	out := "we shipped it\n" +
		"<s> 0.000 0.120 1.000000\n" +
		"[NOISE] 0.130 0.400 0.500000\n" +
		"we 0.410 0.600 0.900000\n" +
		"<sil> 0.610 0.700 0.990000\n" +
		"++BREATH++ 0.710 0.800 0.400000\n" +
		"shipped(3) 0.810 1.200 0.800000\n" +
		"[SPEECH] 1.210 1.300 0.400000\n" +
		"it 1.310 1.500 0.700000\n" +
		"</s> 1.510 1.600 1.000000\n"
	tr, err := ParsePocketSphinx([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(words(tr), " "); got != "we shipped it" {
		t.Errorf("words %q, want %q", got, "we shipped it")
	}
}

func TestParsePocketSphinxGarbage(t *testing.T) {
	for name, out := range map[string]string{
		"text without timings":   "hello there\ngeneral kenobi\n",
		"one line without times": "hello there",
		"binary":                 "RIFF\x00\x00\x00\x00WAVEfmt ",
		"timing before text":     "<s> 0.000 0.120 1.000000\n",
		"bad number":             "we did\nwe 0.1 soon 0.5\n",
		"not a number":           "we did\nwe 0.1 NaN 0.5\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParsePocketSphinx([]byte(out))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			if pe.Line < 1 {
				t.Errorf("error %q names no line", err)
			}
		})
	}
}

func TestParseWhisperFull(t *testing.T) {
	tr, err := ParseWhisper(fixture(t, "whisper", "answer.ojf.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := "At my last job our deploys took 40 minutes and failed every week Um I've rebuilt the pipeline and we cut it to 6 minutes like 85% faster"
	if got := strings.Join(words(tr), " "); got != want {
		t.Errorf("words\n %q, want\n %q", got, want)
	}
	if tr.Model != "models/ggml-base.en.bin" {
		t.Errorf("model %q", tr.Model)
	}
	// " deploy" + "s" is one word from the first token's start to the last one's end.
	d := tr.Words[5]
	if d.Word != "deploys" || !near(d.StartS, 1.34) || !near(d.EndS, 1.9) || !near(d.Conf, (0.81+0.97)/2) {
		t.Errorf("word 5 %+v, want deploys 1.34-1.9 conf 0.89", d)
	}
	// "job" absorbs the comma token: its end moves, its text does not.
	if j := tr.Words[3]; j.Word != "job" || !near(j.EndS, 1.01) {
		t.Errorf("word 3 %+v, want job ending at 1.01", j)
	}
	if len(tr.Segments) != 2 || tr.Segments[1].Text != "Um, I've rebuilt the pipeline and we cut it to 6 minutes, like 85% faster." || !near(tr.Segments[1].StartS, 4.2) || !near(tr.Segments[1].EndS, 8.99) {
		t.Errorf("segments %+v", tr.Segments)
	}
	if !strings.HasPrefix(tr.Text, "At my last job, our deploys") {
		t.Errorf("text %q", tr.Text)
	}
	checkOrdered(t, tr)
}

func TestParseWhisperSegmentsOnly(t *testing.T) {
	tr, err := ParseWhisper(fixture(t, "whisper", "answer.oj.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Segments) != 2 || len(tr.Words) != 0 {
		t.Fatalf("%d segments and %d words, want 2 and 0", len(tr.Segments), len(tr.Words))
	}
	if !near(tr.Segments[0].EndS, 4.2) {
		t.Errorf("first segment ends at %v, want 4.2", tr.Segments[0].EndS)
	}
}

func TestParseWhisperRawControlCharacters(t *testing.T) {
	// whisper.cpp escapes only quotes and backslashes.
	data := []byte("{\"transcription\": [{\"offsets\": {\"from\": 0, \"to\": 1500}, \"text\": \" we\tcut \\\"it\\\"\nshort\"}]}")
	tr, err := ParseWhisper(data)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Segments[0].Text != `we cut "it" short` {
		t.Errorf("text %q", tr.Segments[0].Text)
	}
}

func TestParseWhisperBlankAudio(t *testing.T) {
	data := []byte(`{"transcription": [{"offsets": {"from": 0, "to": 3000}, "text": " [BLANK_AUDIO]", "tokens": [{"text": " [BLANK_AUDIO]", "offsets": {"from": 0, "to": 3000}, "p": 0.9}]}]}`)
	tr, err := ParseWhisper(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Segments) != 0 || len(tr.Words) != 0 || tr.Text != "" {
		t.Errorf("blank audio gave %+v, want nothing", tr)
	}
}

func TestParseWhisperBad(t *testing.T) {
	for name, data := range map[string]string{
		"cut short":        `{"transcription": [{"offsets": {"from": 0,`,
		"not json":         "whisper_init_from_file: loading model\n",
		"no transcription": `{"systeminfo": "AVX = 1"}`,
		"wrong type":       `{"transcription": {"text": "hi"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseWhisper([]byte(data))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
		})
	}
}

var voskWords = "at my last job our deploys took forty minutes and failed every week um i rebuilt the pipeline and we cut it to six minutes"

func TestParseVoskTranscriber(t *testing.T) {
	tr, err := ParseVosk(fixture(t, "vosk", "answer.transcriber.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(words(tr), " "); got != voskWords {
		t.Errorf("words %q", got)
	}
	if tr.Text != voskWords {
		t.Errorf("text %q", tr.Text)
	}
	if len(tr.Segments) != 2 || !near(tr.Segments[1].StartS, 5.01) || !near(tr.Segments[1].EndS, 8.19) {
		t.Errorf("segments %+v", tr.Segments)
	}
	if w := tr.Words[13]; w.Word != "um" || !near(w.Conf, 0.614) || !near(w.StartS, 5.01) {
		t.Errorf("word 13 %+v", w)
	}
	checkOrdered(t, tr)
}

func TestParseVoskResults(t *testing.T) {
	tr, err := ParseVosk(fixture(t, "vosk", "answer.results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(words(tr), " "); got != voskWords {
		t.Errorf("words %q", got)
	}
	if len(tr.Segments) != 2 {
		t.Errorf("%d segments, want 2 (the empty final result adds none)", len(tr.Segments))
	}
	// The same results as a JSON array.
	arr := `[{"result": [{"conf": 1, "start": 0.5, "end": 0.9, "word": "hello"}], "text": "hello"}, {"text": ""}]`
	tr, err = ParseVosk([]byte(arr))
	if err != nil || tr.Text != "hello" || len(tr.Words) != 1 {
		t.Errorf("array: %+v, %v", tr, err)
	}
}

func TestParseVoskBad(t *testing.T) {
	for name, data := range map[string]string{
		"empty":       "",
		"cut short":   `{"result": [{"conf": 1, "start": 0.5`,
		"not vosk":    `{"partial": "hello"}`,
		"words wrong": `{"result": "hello", "text": "hello"}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseVosk([]byte(data)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestParseCommandOutput(t *testing.T) {
	tr, err := ParseCommandOutput([]byte("  Um, we shipped it\n on time.\n"))
	if err != nil || tr.Text != "Um, we shipped it on time." || len(tr.Words) != 0 {
		t.Errorf("plain text: %+v, %v", tr, err)
	}
	tr, err = ParseCommandOutput([]byte(`{"engine": "mine", "text": "we shipped", "segments": [], "words": [{"start_s": 0.5, "end_s": 0.8, "word": "we", "conf": 0.9}]}`))
	if err != nil || tr.Text != "we shipped" || len(tr.Words) != 1 {
		t.Errorf("transcript JSON: %+v, %v", tr, err)
	}
	tr, err = ParseCommandOutput(fixture(t, "whisper", "answer.ojf.json"))
	if err != nil || len(tr.Words) != 28 {
		t.Errorf("whisper JSON: %+v, %v", tr, err)
	}
	tr, err = ParseCommandOutput(fixture(t, "vosk", "answer.results.json"))
	if err != nil || len(tr.Words) != 25 {
		t.Errorf("vosk JSON: %+v, %v", tr, err)
	}
	tr, err = ParseCommandOutput(nil)
	if err != nil || tr.Text != "" {
		t.Errorf("no output: %+v, %v", tr, err)
	}
	for name, out := range map[string]string{
		"binary":          "RIFF\x00\x01\x02WAVE",
		"invalid utf-8":   "we \xff\xfe shipped",
		"json cut short":  `{"text": "we shipped", "segments": [`,
		"unknown json":    `{"hello": "world"}`,
		"transcript typo": `{"text": "x", "segments": [], "wrods": []}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseCommandOutput([]byte(out))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tr := &transcript.Transcript{
		DurationS: 3,
		Words: []transcript.Word{
			{StartS: 2.5, EndS: 3.4, Word: "late", Conf: 1.0002},
			{StartS: -0.2, EndS: 0.4, Word: "early", Conf: math.NaN()},
			{StartS: 1, EndS: 0.5, Word: "backwards", Conf: 0.5},
			{StartS: 1.1, EndS: 1.2, Word: "  ", Conf: 0.5},
		},
	}
	normalize(tr)
	if got := strings.Join(words(tr), " "); got != "early backwards late" {
		t.Fatalf("words %q", got)
	}
	e, b, l := tr.Words[0], tr.Words[1], tr.Words[2]
	if e.StartS != 0 || e.Conf != 0 || b.EndS != b.StartS || l.EndS != 3 || l.Conf != 1 {
		t.Errorf("normalized words %+v", tr.Words)
	}
	if tr.Text != "early backwards late" || len(tr.Segments) != 1 || tr.Segments[0].StartS != 0 || tr.Segments[0].EndS != 3 {
		t.Errorf("text %q, segments %+v", tr.Text, tr.Segments)
	}
}

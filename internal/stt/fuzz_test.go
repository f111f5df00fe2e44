package stt

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/starcoach/starcoach/internal/transcript"
)

// nullSeeds are engine outputs with a null or an empty value in each field
// every parser reads, in each shape it accepts. They seed the fuzz targets
// and are checked one by one in TestParseNullAndEmptyFields.
var nullSeeds = map[string][]string{
	"whisper": {
		`{"transcription": null}`,
		`{"transcription": []}`,
		`{"transcription": [null]}`,
		`{"transcription": [{}]}`,
		`{"params": null, "transcription": []}`,
		`{"params": {"model": null}, "transcription": []}`,
		`{"transcription": [{"offsets": null, "text": null, "tokens": null}]}`,
		`{"transcription": [{"offsets": {"from": null, "to": null}, "text": "", "tokens": []}]}`,
		`{"transcription": [{"text": " we", "tokens": [null]}]}`,
		`{"transcription": [{"text": " we", "tokens": [{"text": null, "offsets": null, "p": null}]}]}`,
		`{"transcription": [{"text": " we", "tokens": [{"text": " we", "offsets": {"from": null, "to": null}, "p": null}]}]}`,
		`{"transcription": [{"text": " we", "tokens": [{"text": "", "offsets": {}, "p": 0}]}]}`,
		`{"transcription": [{"text": " we", "tokens": [{"text": ",", "p": 1}, {"text": " we", "p": 1}]}]}`,
	},
	"vosk": {
		`{"monologues": null}`,
		`{"monologues": []}`,
		`{"monologues": [null]}`,
		`{"monologues": [{}]}`,
		`{"monologues": [{"start": null, "end": null, "terms": null}]}`,
		`{"monologues": [{"terms": [null]}]}`,
		`{"monologues": [{"terms": [{"confidence": null, "start": null, "end": null, "text": null, "type": null}]}]}`,
		`{"monologues": [{"terms": [{"text": "", "type": ""}]}], "text": null}`,
		`{"monologues": [], "text": [null, ""]}`,
		`{"result": null}`,
		`{"result": null, "text": null}`,
		`{"result": [], "text": ""}`,
		`{"result": [null], "text": "we"}`,
		`{"result": [{"conf": null, "start": null, "end": null, "word": null}]}`,
		`{"text": null}`,
		`{"text": ""}`,
		`null`,
		`[null]`,
		`[]`,
		`{}`,
		`{"result": []} null`,
		`{"text": "we"} {"monologues": null}`,
	},
	"pocketsphinx": {
		"",
		"\n",
		" \n\n",
		"we\n",
		"\nwe 0.1 0.2 0.9\n",
		"we\n<s> 0 0 0\n",
		"we\n(2) 0.1 0.2 0.9\n",
		"we\n 0.1 0.2 0.9\n",
	},
	"command": {
		"",
		"null",
		"[]",
		"{}",
		`{"text": null}`,
		`{"segments": null}`,
		`{"words": null}`,
		`{"engine": null}`,
		`{"engine": "", "text": "", "segments": [], "words": []}`,
		`{"text": null, "segments": [null], "words": [null]}`,
		`{"text": "we", "segments": [{"start_s": null, "end_s": null, "text": null}], "words": [{"start_s": null, "end_s": null, "word": null, "conf": null}]}`,
		`{"engine": "x", "created": null, "duration_s": null, "model": null, "segments": [], "words": []}`,
		`{"transcription": null}`,
		`{"monologues": null}`,
		`{"result": null}`,
	},
}

// checkParsed is what every parser owes on any input: a *ParseError, or a
// transcript that normalizes into a consistent one and, unless it is over
// the word budget, reads back as it was written.
func checkParsed(t *testing.T, data []byte, tr *transcript.Transcript, err error) {
	t.Helper()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: got %T %v, want a *ParseError", data, err, err)
		}
		return
	}
	if tr == nil {
		t.Fatalf("%q: no transcript and no error", data)
	}
	tr.DurationS = 10
	normalize(tr)
	var tooLong *transcript.TooLongError
	if err := tr.CheckSize(); errors.As(err, &tooLong) {
		return // refused, as Transcribe refuses it
	} else if err != nil {
		t.Fatalf("%q: CheckSize: %v", data, err)
	}
	for i, w := range tr.Words {
		if w.Word == "" || w.StartS < 0 || w.EndS < w.StartS || w.EndS > tr.DurationS || math.IsNaN(w.Conf) || w.Conf < 0 || w.Conf > 1 {
			t.Fatalf("%q: word %d is %+v after normalizing", data, i, w)
		}
		if i > 0 && w.StartS < tr.Words[i-1].StartS {
			t.Fatalf("%q: words out of order: %+v", data, tr.Words)
		}
	}
	for i, s := range tr.Segments {
		if s.Text == "" || s.StartS < 0 || s.EndS < s.StartS || s.EndS > tr.DurationS {
			t.Fatalf("%q: segment %d is %+v after normalizing", data, i, s)
		}
	}
	var once bytes.Buffer
	if err := tr.EncodeFile(&once); err != nil {
		t.Fatalf("%q: encode: %v", data, err)
	}
	back, err := transcript.Decode(bytes.NewReader(once.Bytes()))
	if err != nil {
		t.Fatalf("%q: cannot read back what was written: %v\n%s", data, err, once.Bytes())
	}
	var twice bytes.Buffer
	if err := back.Encode(&twice); err != nil {
		t.Fatalf("%q: encode again: %v", data, err)
	}
	if !bytes.Equal(once.Bytes(), twice.Bytes()) {
		t.Fatalf("%q: read back differently:\n%s\n%s", data, once.Bytes(), twice.Bytes())
	}
}

var parsers = map[string]func([]byte) (*transcript.Transcript, error){
	"whisper":      ParseWhisper,
	"vosk":         ParseVosk,
	"pocketsphinx": ParsePocketSphinx,
	"command":      ParseCommandOutput,
}

func TestParseNullAndEmptyFields(t *testing.T) {
	for name, parse := range parsers {
		for _, seed := range nullSeeds[name] {
			t.Run(name+"/"+seed, func(t *testing.T) {
				tr, err := parse([]byte(seed))
				checkParsed(t, []byte(seed), tr, err)
			})
		}
	}
	// A null list of monologues is no transcript, not an empty one.
	if _, err := ParseVosk([]byte(`{"monologues": null}`)); err == nil {
		t.Error(`{"monologues": null} accepted`)
	}
}

// fuzzParser feeds one parser arbitrary bytes, from its null and empty
// seeds, the seeds of every other parser (engines get each other's output
// when misconfigured) and the real outputs under testdata/stt.
func fuzzParser(f *testing.F, name string) {
	for _, seeds := range nullSeeds {
		for _, s := range seeds {
			f.Add([]byte(s))
		}
	}
	for _, file := range [][]string{
		{"whisper", "answer.oj.json"}, {"whisper", "answer.ojf.json"},
		{"vosk", "answer.results.json"}, {"vosk", "answer.transcriber.json"},
		{"pocketsphinx", "two-utterances.txt"}, {"pocketsphinx", "silence.txt"},
	} {
		f.Add(fixture(f, file...))
	}
	parse := parsers[name]
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := parse(data)
		checkParsed(t, data, tr, err)
	})
}

func FuzzParseWhisper(f *testing.F)       { fuzzParser(f, "whisper") }
func FuzzParseVosk(f *testing.F)          { fuzzParser(f, "vosk") }
func FuzzParsePocketSphinx(f *testing.F)  { fuzzParser(f, "pocketsphinx") }
func FuzzParseCommandOutput(f *testing.F) { fuzzParser(f, "command") }

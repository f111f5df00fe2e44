package session

import (
	"bytes"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/safefile"
)

// FuzzDecode feeds session.json loading arbitrary bytes: it must never
// panic, every session it accepts names only plain files inside its
// folder, and what it accepts reads back the same once written again.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"schema": 1, "id": "2026-01-01T00-00-00", "created": "2026-01-01T00:00:00Z",
 "settings": {"bank": "amazon-lp", "count": 2, "limit_s": 120},
 "questions": [{"id": "ownership-1", "text": "Tell me about a time.", "principles": ["Ownership"], "limit_s": 120}],
 "answers": [{"question": 0, "kind": "answer", "recorded": "2026-01-01T00:01:00Z", "status": "transcribed",
   "wav": "01-ownership-1.wav", "timing": "01-ownership-1.wav.timing.json", "transcript": "01-ownership-1.transcript.json",
   "star": "01-ownership-1.star.json", "duration_s": 61.5, "story": "pipeline"},
  {"question": 0, "kind": "follow-up", "prompt": "Why?", "parent": 1, "status": "failed", "error": "engine", "wav": "01-f.wav"}],
 "finished": false}`))
	f.Add([]byte(`{"schema": 1, "answers": [{"wav": "../../x/victim.wav"}]}`))
	f.Add([]byte(`{"schema": 99}`))
	f.Add([]byte(`{"answers": null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(safefile.LimitReader(bytes.NewReader(data), "session.json", 1<<20), "session.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "session.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if s.Answers == nil {
			t.Fatal("nil answers")
		}
		for _, a := range s.Answers {
			for _, ff := range a.files() {
				if *ff.name != "" && safefile.PlainName(*ff.name) != nil {
					t.Fatalf("accepted %q", *ff.name)
				}
			}
		}
		var once bytes.Buffer
		if err := Encode(&once, s); err != nil {
			t.Fatalf("encode what was read: %v", err)
		}
		s2, err := Decode(bytes.NewReader(once.Bytes()), "session.json")
		if err != nil {
			t.Fatalf("cannot read back what was written: %v\n%s", err, once.Bytes())
		}
		var twice bytes.Buffer
		Encode(&twice, s2)
		if !bytes.Equal(once.Bytes(), twice.Bytes()) {
			t.Fatalf("not the same once written again:\n%s\n%s", once.Bytes(), twice.Bytes())
		}
	})
}

package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
)

// answerSpec describes one answer of a test session: what espeak-ng says,
// sentence by sentence, with the silences around and between them.
type answerSpec struct {
	question   int
	kind       string
	prompt     string
	parent     int
	sentences  []string
	leadS      float64   // silence before the first word
	pausesS    []float64 // silence after each sentence but the last
	tailS      float64   // silence after the last word
	text       string    // the transcript's text, when it differs from the sentences
	overflows  int64
	status     string
	err        string
	noWAV      bool // the recording is deleted after the analysis
	noTiming   bool // no timing file is saved
	noScript   bool // no transcript is saved
	noStar     bool // no STAR check is saved
	noStarFile bool // a STAR file is named but missing
	story      string
}

// builtAnswer is what makeSession measured for an answer.
type builtAnswer struct {
	timing analyze.Result
	star   *star.Result
}

var fixedCreated = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// makeSession records the answers with espeak-ng and sox into a new
// session of store the way a practice session leaves them: the WAV, its
// timing, a transcript with word times and the STAR check beside it.
func makeSession(t *testing.T, store *session.Store, settings session.Settings, questions []session.Question, answers []answerSpec, created time.Time) (*session.Session, []builtAnswer) {
	t.Helper()
	h, err := store.Create(settings, questions, func() time.Time { return created })
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	scratch := t.TempDir()
	var built []builtAnswer
	for i, spec := range answers {
		stem := answerStem(i, spec, questions[spec.question].ID)
		wavName := stem + ".wav"
		parts := []string{}
		var spans [][2]float64 // each sentence's time span
		at := 0.0
		addSilence := func(s float64) {
			if s > 0 {
				parts = append(parts, testaudio.Silence(t, scratch, s, testaudio.Rate))
				at += s
			}
		}
		addSilence(spec.leadS)
		for k, s := range spec.sentences {
			p := testaudio.Speak(t, scratch, s, testaudio.Rate)
			d := float64(testaudio.Samples(t, p)) / testaudio.Rate
			parts = append(parts, p)
			spans = append(spans, [2]float64{at, at + d})
			at += d
			if k < len(spec.pausesS) {
				addSilence(spec.pausesS[k])
			}
		}
		addSilence(spec.tailS)
		wavPath := h.Path(wavName)
		if len(parts) == 1 {
			parts = append(parts, testaudio.Silence(t, scratch, 0.01, testaudio.Rate))
		}
		testaudio.Join(t, wavPath, parts...)

		limit := questions[spec.question].LimitS
		f, err := os.Open(wavPath)
		if err != nil {
			t.Fatal(err)
		}
		o := analyze.DefaultOptions()
		o.LimitS = limit
		tm, err := analyze.Stream(f, o)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		tm.File = wavName
		ans := session.Answer{
			Question: spec.question, Kind: spec.kind, Prompt: spec.prompt, Parent: spec.parent,
			Recorded: created.Add(time.Duration(i+1) * 3 * time.Minute),
			Status:   session.StatusTranscribed, WAV: wavName, DurationS: tm.DurationS, Overflows: spec.overflows,
			Story: spec.story,
		}
		if ans.Kind == "" {
			ans.Kind = session.KindAnswer
		}
		if !spec.noTiming {
			ans.Timing = stem + ".timing.json"
			writeJSON(t, h.Path(ans.Timing), tm)
		}
		b := builtAnswer{timing: tm}
		if !spec.noScript {
			tr := timedTranscript(spec.sentences, spans, spec.text, tm.DurationS, created)
			ans.Transcript = stem + ".transcript.json"
			writeJSON(t, h.Path(ans.Transcript), tr)
			if !spec.noStar {
				// The check is made as practice makes it: from the answer's
				// timing as the assessment judges it.
				res := star.Check(tr, assess.StarTiming(&tm, limit), nil)
				ans.Star = stem + ".star.json"
				if !spec.noStarFile {
					writeJSON(t, h.Path(ans.Star), res)
				}
				b.star = &res
			}
		}
		if spec.status != "" {
			ans.Status, ans.Error = spec.status, spec.err
		}
		if spec.noWAV {
			os.Remove(wavPath)
		}
		h.Answers = append(h.Answers, ans)
		built = append(built, b)
	}
	h.Finished = true
	h.Engine = "pocketsphinx"
	if err := h.Save(); err != nil {
		t.Fatal(err)
	}
	return h.Session, built
}

// answerStem names an answer's files the way practice does: "03-own-2",
// "04-own-2-follow-up".
func answerStem(i int, spec answerSpec, questionID string) string {
	stem := fmt.Sprintf("%02d-%s", i+1, questionID)
	if spec.kind == session.KindFollowUp {
		stem += "-follow-up"
	}
	return stem
}

// timedTranscript is what an engine would write: the words of each
// sentence spread evenly over the time espeak-ng took to say it. With
// text set, those words are spread over the whole speech instead.
func timedTranscript(sentences []string, spans [][2]float64, text string, durationS float64, created time.Time) *transcript.Transcript {
	tr := &transcript.Transcript{Engine: "pocketsphinx", Created: created, DurationS: durationS}
	if text != "" {
		tr.Text = text
		if len(spans) > 0 {
			spans = [][2]float64{{spans[0][0], spans[len(spans)-1][1]}}
		}
		sentences = []string{text}
	} else {
		tr.Text = strings.Join(sentences, " ")
	}
	for k, s := range sentences {
		if k >= len(spans) {
			break
		}
		words := strings.Fields(s)
		span := spans[k]
		step := (span[1] - span[0]) / float64(len(words))
		tr.Segments = append(tr.Segments, transcript.Segment{StartS: r3(span[0]), EndS: r3(span[1]), Text: s})
		for j, w := range words {
			tr.Words = append(tr.Words, transcript.Word{StartS: r3(span[0] + float64(j)*step), EndS: r3(span[0] + float64(j+1)*step), Word: strings.Trim(w, ".,!?;:"), Conf: 0.9})
		}
	}
	return tr
}

func r3(v float64) float64 { return round(v, 3) }

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyDir copies the regular files of src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

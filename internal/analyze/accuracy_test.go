package analyze

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// The sentences of the accuracy tests: onsets of every kind (vowel, stop,
// fricative, "h"), and the stops, commas and soft endings that must not
// split a sentence.
var sentences = []string{
	"At my last job our deploys took forty minutes and failed every week.",
	"So the first thing I did was measure where the time went.",
	"Honestly, it was harder than I expected.",
	"Finally, we shipped it three weeks early, with half the tests.",
	"I rebuilt the pipeline and we cut the time to six minutes.",
	"Then I asked the team which tests they actually trusted.",
	"Sales grew by twelve percent in the quarter after the launch.",
}

// insertedGaps are the silences put between the sentences, in order.
var insertedGaps = []float64{0.3, 0.5, 0.8, 1.2, 2.0, 4.0}

const (
	leadS = 1.0
	tailS = 1.5
)

// answerFile is a spoken answer whose every boundary is known.
type answerFile struct {
	path       string
	speechOnly string // the sentences joined without silence
	rate       int
	samples    int64
	start, end float64 // of speech
	gaps       []Gap   // as inserted
	sentences  []Gap   // where each sentence lies
}

var (
	spokenMu sync.Mutex
	spoken   = map[string]string{} // "rate|text" -> trimmed WAV, shared by the tests
	spokenAt string
)

func speak(t *testing.T, text string, rate int) string {
	t.Helper()
	spokenMu.Lock()
	defer spokenMu.Unlock()
	if spokenAt == "" {
		dir, err := os.MkdirTemp("", "analyze-speech-")
		if err != nil {
			t.Fatal(err)
		}
		spokenAt = dir
	}
	key := fmt.Sprint(rate, "|", text)
	if p, ok := spoken[key]; ok {
		return p
	}
	p := testaudio.Speak(t, spokenAt, text, rate)
	spoken[key] = p
	return p
}

func TestMain(m *testing.M) {
	code := m.Run()
	if spokenAt != "" {
		os.RemoveAll(spokenAt)
	}
	os.Exit(code)
}

// buildAnswer joins the sentences with the inserted gaps, a lead-in and a
// tail of digital silence.
func buildAnswer(t *testing.T, dir string, rate int) answerFile {
	t.Helper()
	a := answerFile{rate: rate}
	var parts, speechParts []string
	pos := int64(0)
	add := func(p string) int64 {
		parts = append(parts, p)
		n := testaudio.Samples(t, p)
		pos += n
		return n
	}
	add(testaudio.Silence(t, dir, leadS, rate))
	for i, text := range sentences {
		s := speak(t, text, rate)
		speechParts = append(speechParts, s)
		from := pos
		add(s)
		a.sentences = append(a.sentences, Gap{StartS: sec(from, rate), EndS: sec(pos, rate)})
		if i == 0 {
			a.start = sec(from, rate)
		}
		if i < len(insertedGaps) {
			g := Gap{StartS: sec(pos, rate)}
			add(testaudio.Silence(t, dir, insertedGaps[i], rate))
			g.EndS = sec(pos, rate)
			g.DurationS = g.EndS - g.StartS
			a.gaps = append(a.gaps, g)
		}
	}
	a.end = sec(pos, rate)
	add(testaudio.Silence(t, dir, tailS, rate))
	a.samples = pos
	a.path = testaudio.Join(t, filepath.Join(dir, fmt.Sprintf("answer-%d.wav", rate)), parts...)
	a.speechOnly = testaudio.Join(t, filepath.Join(dir, fmt.Sprintf("speech-%d.wav", rate)), speechParts...)
	return a
}

func sec(samples int64, rate int) float64 { return float64(samples) / float64(rate) }

func analyzeFile(t *testing.T, path string, o Options) Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Stream(f, o)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// checkAccuracy compares the result with what was put in the file: every
// inserted gap of 0.5 s or more found with both ends within tol, no gap of
// 0.5 s or more inside a sentence, speech start and end within tol, the
// duration exact to the sample. It logs every boundary error.
func checkAccuracy(t *testing.T, a answerFile, r Result, tol float64) {
	t.Helper()
	t.Logf("noise floor %.1f dBFS, speech %.1f dBFS, threshold %.1f/%.1f dBFS, warnings %q",
		r.NoiseFloorDBFS, r.SpeechLevelDBFS, r.ThresholdDBFS, r.ThresholdLowDBFS, r.Warnings)
	problems, errs := accuracyProblems(a, r, tol)
	t.Logf("boundary errors: %s", strings.Join(errs, ", "))
	for _, p := range problems {
		t.Error(p)
	}
}

func accuracyProblems(a answerFile, r Result, tol float64) (problems, errs []string) {
	if want := sec(a.samples, a.rate); r.DurationS != want || r.Frames != a.samples {
		problems = append(problems, fmt.Sprintf("duration %v s (%d frames), want %v s (%d frames)", r.DurationS, r.Frames, want, a.samples))
	}
	check := func(what string, got, want float64) {
		d := got - want
		errs = append(errs, fmt.Sprintf("%s %+.0f ms", what, d*1000))
		if math.Abs(d) > tol {
			problems = append(problems, fmt.Sprintf("%s at %.3f s, want %.3f s (off by %.0f ms, tolerance %.0f ms)", what, got, want, d*1000, tol*1000))
		}
	}
	check("speech start", r.SpeechStartS, a.start)
	check("speech end", r.SpeechEndS, a.end)
	for _, want := range a.gaps {
		var found *Gap
		for i, g := range r.Gaps {
			if g.EndS > want.StartS && g.StartS < want.EndS {
				found = &r.Gaps[i]
				break
			}
		}
		name := fmt.Sprintf("%.1f s gap", want.DurationS)
		if found == nil {
			if want.DurationS >= 0.5 {
				problems = append(problems, fmt.Sprintf("the %s at %.3f s was not found", name, want.StartS))
			} else {
				errs = append(errs, name+" not reported")
			}
			continue
		}
		check(name+" start", found.StartS, want.StartS)
		check(name+" end", found.EndS, want.EndS)
	}
	for _, g := range r.Gaps {
		if g.DurationS < 0.5 {
			continue
		}
		for i, s := range a.sentences {
			if g.StartS > s.StartS+tol && g.EndS < s.EndS-tol {
				problems = append(problems, fmt.Sprintf("invented a %.2f s gap at %.3f s inside sentence %d (%.3f-%.3f s)", g.DurationS, g.StartS, i+1, s.StartS, s.EndS))
			}
		}
	}
	return problems, errs
}

func TestAccuracyCleanSpeech(t *testing.T) {
	for _, rate := range []int{16000, 44100} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			a := buildAnswer(t, t.TempDir(), rate)
			r := analyzeFile(t, a.path, DefaultOptions())
			checkAccuracy(t, a, r, 0.050)
			if len(r.Warnings) != 0 {
				t.Errorf("warnings on clean speech: %q", r.Warnings)
			}
		})
	}
}

func TestAccuracyNoisySpeech(t *testing.T) {
	for _, rate := range []int{16000, 22050} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			dir := t.TempDir()
			a := buildAnswer(t, dir, rate)
			speechRMS := testaudio.RMS(t, a.speechOnly)
			a.path = testaudio.AddNoise(t, dir, a.path, speechRMS, 20, rate)
			r := analyzeFile(t, a.path, DefaultOptions())
			checkAccuracy(t, a, r, 0.100)
		})
	}
}

// TestAccuracyQuietRoom is a laptop microphone in a quiet room: speech
// peaking around -22 dBFS over noise at -50 dBFS. A fixed -35 dBFS
// threshold loses most of this speech; the adaptive one must not.
func TestAccuracyQuietRoom(t *testing.T) {
	dir := t.TempDir()
	a := buildAnswer(t, dir, 16000)
	quiet := filepath.Join(dir, "quiet.wav")
	testaudio.Run(t, "sox", a.path, quiet, "gain", "-n", "-22")
	a.path = testaudio.AddNoise(t, dir, quiet, math.Pow(10, -50.0/20), 0, 16000)
	r := analyzeFile(t, a.path, DefaultOptions())
	t.Logf("peak %.1f dBFS", r.PeakDBFS)
	if r.PeakDBFS > -19 || r.PeakDBFS < -26 {
		t.Fatalf("the quiet file peaks at %.1f dBFS, want about -22", r.PeakDBFS)
	}
	if math.Abs(r.NoiseFloorDBFS+52) > 4 {
		t.Errorf("noise floor %.1f dBFS, want about -50", r.NoiseFloorDBFS)
	}
	checkAccuracy(t, a, r, 0.100)

	// The same file with a fixed -35 dBFS threshold loses the quiet
	// speech, which is why the threshold adapts.
	o := DefaultOptions()
	o.FixedSilence, o.SilenceDB = true, -35
	fixed := analyzeFile(t, a.path, o)
	problems, errs := accuracyProblems(a, fixed, 0.100)
	t.Logf("with a fixed -35 dBFS threshold, %d problems: %s", len(problems), strings.Join(errs, ", "))
	if len(problems) == 0 {
		t.Errorf("a fixed -35 dBFS threshold segments quiet speech within 100 ms; the test no longer shows why the threshold adapts")
	}
}

package assess

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/analyze"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/transcript"
)

func TestLimitFollowsUpSessionQuestionDefault(t *testing.T) {
	s := &session.Session{Questions: []session.Question{{ID: "a", LimitS: 90}, {ID: "b"}}}
	cases := []struct {
		name    string
		session float64
		a       session.Answer
		want    float64
	}{
		{"question's own", 0, session.Answer{Question: 0, Kind: session.KindAnswer}, 90},
		{"default", 0, session.Answer{Question: 1, Kind: session.KindAnswer}, DefaultLimitS},
		{"question's own over the session's", 75, session.Answer{Question: 0, Kind: session.KindAnswer}, 90},
		{"session's when the question has none", 75, session.Answer{Question: 1, Kind: session.KindAnswer}, 75},
		{"follow-up", 0, session.Answer{Question: 0, Kind: session.KindFollowUp}, FollowUpLimitS},
		{"follow-up under an override", 75, session.Answer{Question: 0, Kind: session.KindFollowUp}, FollowUpLimitS},
		{"question out of range", 0, session.Answer{Question: 7, Kind: session.KindAnswer}, DefaultLimitS},
	}
	for _, c := range cases {
		s.Settings.LimitS = c.session
		if got := Limit(s, c.a); got != c.want {
			t.Errorf("%s: limit %v, want %v", c.name, got, c.want)
		}
	}
	// A question added to a session started with --limit takes the
	// session's limit.
	s.Settings.LimitS = 75
	if q := SessionQuestion(s, session.Question{ID: "c", LimitS: 120}); q.LimitS != 75 {
		t.Errorf("question added under --limit 75: limit %v", q.LimitS)
	}
}

func TestVerdictIsJudgedAgainstTheLimitThatApplies(t *testing.T) {
	// A 70 s follow-up saved against 120 s: ok there, over by 10 s at 60 s.
	saved := analyze.Result{SpeechFound: true, AnswerS: 70, LimitS: 120, ShortS: 45, NearS: 15, Verdict: analyze.OK, SpareS: 50}
	got := Rejudge(saved, FollowUpLimitS)
	if got.Verdict != analyze.Over || got.OverByS != 10 || got.SpareS != 0 || got.LimitS != 60 {
		t.Errorf("rejudged at 60 s: %s over by %v spare %v limit %v, want over by 10", got.Verdict, got.OverByS, got.SpareS, got.LimitS)
	}
	for _, c := range []struct {
		answer float64
		found  bool
		want   string
	}{
		{0, false, analyze.Short}, {30, true, analyze.Short}, {60, true, analyze.OK},
		{104.9, true, analyze.OK}, {105, true, analyze.Near}, {120, true, analyze.Near}, {120.1, true, analyze.Over},
	} {
		r := analyze.Result{SpeechFound: c.found, AnswerS: c.answer}
		if v, _, _ := Verdict(r, 120); v != c.want {
			t.Errorf("%v s against 2:00: %s, want %s", c.answer, v, c.want)
		}
	}
}

func TestPauseScale(t *testing.T) {
	gaps := []analyze.Gap{{StartS: 1, EndS: 1.6, DurationS: 0.6}, {StartS: 3, EndS: 4, DurationS: 1}, {StartS: 6, EndS: 8.99, DurationS: 2.99}, {StartS: 10, EndS: 13.5, DurationS: 3.5}}
	ps := Pauses(gaps)
	want := []string{ClassPause, ClassPause, ClassLong}
	if len(ps) != len(want) {
		t.Fatalf("pauses %+v, want %d of them", ps, len(want))
	}
	for i, p := range ps {
		if p.Class != want[i] {
			t.Errorf("pause %d (%v s): class %s, want %s", i, p.DurationS, p.Class, want[i])
		}
	}
	if lp := LongPauses(gaps); len(lp) != 1 || lp[0].DurationS != 3.5 {
		t.Errorf("long pauses %+v, want the 3.5 s one", lp)
	}
}

func TestPaths(t *testing.T) {
	got := Paths("/s/01-own-1.wav")
	want := Files{WAV: "/s/01-own-1.wav", Timing: "/s/01-own-1.wav.timing.json", Transcript: "/s/01-own-1.transcript.json", Star: "/s/01-own-1.star.json"}
	if got != want {
		t.Errorf("Paths: %+v, want %+v", got, want)
	}
}

// Recordings whose names differ only in case or extension have side
// files of their own; the one pair that cannot (a name and the same with
// ".wav" added) is found by SharedWith once both exist.
func TestPathsAreDistinctForDistinctRecordings(t *testing.T) {
	names := []string{"take.wav", "take.WAV", "take.Wav", "take.wave", "take.wav.wav", "take.mp3", ".wav", "TAKE.wav", "take.WAV.timing"}
	seen := map[string]string{}
	for _, n := range names {
		p := Paths(n)
		for _, f := range []string{p.Timing, p.Transcript, p.Star} {
			if other, ok := seen[f]; ok {
				t.Errorf("%s and %s share %s", n, other, f)
			}
			seen[f] = n
		}
	}
	if p := Paths("take.WAV"); p.Transcript != "take.WAV.transcript.json" || p.Star != "take.WAV.star.json" || p.Timing != "take.WAV.timing.json" {
		t.Errorf("take.WAV: %+v", p)
	}

	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n) }
	for _, n := range []string{"take.wav", "take.WAV", "notes.WAV.wav"} {
		os.WriteFile(path(n), []byte("RIFF"), 0o644)
	}
	for _, n := range []string{"take.wav", "take.WAV", "notes.WAV.wav"} {
		if other, ok := SharedWith(path(n)); ok {
			t.Errorf("%s: shares its files with %s", n, other)
		}
	}
	os.WriteFile(path("take"), []byte("RIFF"), 0o644)
	os.WriteFile(path("notes.WAV"), []byte("RIFF"), 0o644)
	for n, want := range map[string]string{"take.wav": "take", "take": "take.wav", "notes.WAV": "notes.WAV.wav", "notes.WAV.wav": "notes.WAV"} {
		if other, ok := SharedWith(path(n)); !ok || other != path(want) {
			t.Errorf("%s: shares with %q %v, want %s", n, other, ok, want)
		}
	}
}

func TestLoadTimingReadsTheSavedOneElseMeasures(t *testing.T) {
	dir := t.TempDir()
	wavPath := testaudio.Join(t, filepath.Join(dir, "answer.wav"),
		testaudio.Speak(t, dir, "I moved the team to weekly releases.", 16000),
		testaudio.Silence(t, dir, 3.5, 16000),
		testaudio.Speak(t, dir, "Errors fell by half.", 16000))

	measured, now, err := LoadTiming(wavPath, 60)
	if err != nil || !now {
		t.Fatalf("no timing file: measured %v, err %v; want measured now", now, err)
	}
	if measured.LimitS != 60 || len(LongPauses(measured.Gaps)) != 1 {
		t.Errorf("measured: limit %v, gaps %+v; want limit 60 and one long pause", measured.LimitS, measured.Gaps)
	}
	if _, err := os.Stat(Paths(wavPath).Timing); err == nil {
		t.Errorf("LoadTiming saved a timing file; it must only read")
	}

	// A saved timing is read, not measured, and judged against the limit
	// asked for.
	saved := measured
	saved.AnswerS, saved.LimitS, saved.Verdict = 70, 120, analyze.OK
	data, _ := json.Marshal(saved)
	if err := os.WriteFile(Paths(wavPath).Timing, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, now, err := LoadTiming(wavPath, 60)
	if err != nil || now {
		t.Fatalf("saved timing: measured %v, err %v; want it read", now, err)
	}
	if got.AnswerS != 70 || got.Verdict != analyze.Over || math.Abs(got.OverByS-10) > 1e-9 {
		t.Errorf("saved timing against 60 s: %v s %s over by %v, want 70 s over by 10", got.AnswerS, got.Verdict, got.OverByS)
	}

	// A timing file that cannot be read is an error, not a reason to
	// measure again behind the user's back.
	if err := os.WriteFile(Paths(wavPath).Timing, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadTiming(wavPath, 60); err == nil {
		t.Errorf("broken timing file: no error")
	}
}

// The STAR check gets the long pauses on the pause scale, for its dead-air
// finding, and the speaking time, for the transcript's words per minute.
func TestStarTimingCarriesLongPauses(t *testing.T) {
	tm := analyze.Result{AnswerS: 30, SpeechStartS: 0.5, SpeechEndS: 30, SpeakingS: 22, SpeechFound: true,
		Gaps: []analyze.Gap{{StartS: 3, EndS: 4, DurationS: 1}, {StartS: 10, EndS: 13.5, DurationS: 3.5}}}
	st := StarTiming(&tm, 120)
	if len(st.Pauses) != 1 || st.Pauses[0].StartS != 10 || st.Pauses[0].DurationS != 3.5 || st.SpeakingS != 22 {
		t.Errorf("%+v", st)
	}
}

// The STAR check counts fillers with the speech figures' word list, the
// user's additions included, so its fillers finding and score part say the
// figure every view shows.
func TestCheckCountsFillersAsTheSpeechFiguresDo(t *testing.T) {
	lex := speech.DefaultLexicon()
	if err := lex.Extend(strings.NewReader(`soft_fillers = ["literally"]`), "speech-words.toml"); err != nil {
		t.Fatal(err)
	}
	tr := &transcript.Transcript{Text: "Literally the site was down. Literally I had to fix it, literally that night. " +
		"I rolled back the deploy and literally added a check. Errors fell by 90 percent and I learned to test first."}
	tm := analyze.Result{SpeechFound: true, AnswerS: 20, SpeakingS: 18, SpeechEndS: 20, LimitS: 120}
	a := Of(120, &tm, tr, nil, Options{Speech: lex})
	if a.Speech == nil || a.Speech.Fillers == nil || *a.Speech.Fillers != 4 {
		t.Fatalf("speech figures: %+v, want 4 fillers", a.Speech)
	}
	if a.Check.Fillers != *a.Speech.Fillers {
		t.Errorf("the STAR check counts %d fillers, the speech figures %d", a.Check.Fillers, *a.Speech.Fillers)
	}
	if pm := a.Speech.FillersPerMin; pm != nil && a.Check.FillersPerM != *pm {
		t.Errorf("the STAR check says %.1f fillers a minute, the speech figures %.1f", a.Check.FillersPerM, *pm)
	}
}

// The user's pronoun and number words reach the STAR check as they reach
// the speech figures: an engine that writes "ive" for "I've" still credits
// the speaker in the Action, and a number word of their own makes the
// Result measured.
func TestUserWordListsChangeStarAsSpeech(t *testing.T) {
	tr := &transcript.Transcript{Text: "Our checkout page went down every Friday night. My task was to stop the outages. " +
		"Ive rolled back the bad deploy, then ive added a load test to the pipeline. " +
		"As a result the outages stopped and the team saved umpteen hours."}
	tm := analyze.Result{SpeechFound: true, AnswerS: 30, SpeakingS: 28, SpeechEndS: 30, LimitS: 120}
	base := Of(120, &tm, tr, nil, Options{})

	lex := speech.DefaultLexicon()
	if err := lex.Extend(strings.NewReader("first_singular = [\"ive\"]\nnumber_words = [\"umpteen\"]"), "speech-words.toml"); err != nil {
		t.Fatal(err)
	}
	user := Of(120, &tm, tr, nil, Options{Speech: lex})

	if got := user.Speech.I - base.Speech.I; got != 2 {
		t.Fatalf("speech figures: I %d with the user's list, %d without; want 2 more", user.Speech.I, base.Speech.I)
	}
	if got := user.Check.IAction - base.Check.IAction; got != 2 {
		t.Errorf("STAR check: I %d in Action with the user's list, %d without; want 2 more, as in the speech figures",
			user.Check.IAction, base.Check.IAction)
	}
	if n := speech.MeasureText(tr.Text, 0, 0, lex).Numbers; len(n) != 1 || n[0] != "umpteen hours" {
		t.Errorf("speech figures: numbers %q with the user's list, want [umpteen hours]", n)
	}
	hasCode := func(a Answer, code string) bool {
		for _, f := range a.Check.Findings {
			if f.Code == code {
				return true
			}
		}
		return false
	}
	if !hasCode(base, "result_no_number") {
		t.Fatalf("without the user's list the Result should have no number: %+v", base.Check.Findings)
	}
	if hasCode(user, "result_no_number") {
		t.Errorf("with \"umpteen\" a number word the STAR check still says the Result has no number")
	}
}

// A STAR check saved before its engine was known to drop "um" and "uh"
// keeps the score it was saved with: a view reads it, says it was made by
// an older rule and how to check again, and does not score it anew.
func TestSavedCheckKeepsItsScoreUnderANewerFillerRule(t *testing.T) {
	text := "Um, our checkout page went down every Friday night, uh, and um customers left. My task was to stop the outages. " +
		"Um, I rolled back the bad deploy, uh, then I added a load test to the pipeline. " +
		"As a result the outages stopped and um we saved ten hours a week."
	tm := analyze.Result{SpeechFound: true, AnswerS: 30, SpeakingS: 28, SpeechEndS: 30, LimitS: 120}
	then := Of(120, &tm, &transcript.Transcript{Text: text}, nil, Options{})
	saved := *then.Check
	part, ok := saved.ScoreParts["fillers"]
	if !ok || part.NotMeasured || part.Points >= part.Max {
		t.Fatalf("the check to save should have counted fillers against the score: %+v", part)
	}
	data, err := json.Marshal(saved)
	if err != nil {
		t.Fatal(err)
	}
	var read star.Result
	if err := json.Unmarshal(data, &read); err != nil {
		t.Fatal(err)
	}

	now := &transcript.Transcript{Text: text, Engine: "pocketsphinx", Hesitations: transcript.HesitationsDropped}
	a := Of(120, &tm, now, &read, Options{})
	if a.Check.Score != saved.Score || a.Check.Band != saved.Band || a.Check.ScoreParts["fillers"] != part {
		t.Errorf("saved with score %d (%s, fillers %+v); shown as %d (%s, fillers %+v)",
			saved.Score, saved.Band, part, a.Check.Score, a.Check.Band, a.Check.ScoreParts["fillers"])
	}
	said := strings.Join(a.Warnings, "\n")
	if !strings.Contains(said, "older rule") || !strings.Contains(said, "starcoach transcribe --force") {
		t.Errorf("warnings %q do not say the check is out of date and how to check again", a.Warnings)
	}
	// Checked now, the same transcript follows today's rule.
	fresh := Of(120, &tm, now, nil, Options{})
	if fresh.Check.ScoreParts["fillers"].NotMeasured != true {
		t.Errorf("a check made now counts fillers the engine dropped: %+v", fresh.Check.ScoreParts["fillers"])
	}
}

// A STAR check saved before transcripts were judged keeps its score even
// where today's gate would refuse the transcript: the view says so, with
// the way to check again, instead of showing a score of 0 it never saved.
func TestSavedCheckKeepsItsScoreUnderANewerGate(t *testing.T) {
	text := "Our checkout page went down every Friday night. My task was to stop the outages. " +
		"I rolled back the bad deploy, then I added a load test to the pipeline. " +
		"As a result the outages stopped and we saved ten hours a week."
	tr := &transcript.Transcript{Text: text, Engine: "whisper"}
	for i, w := range strings.Fields(text) {
		tr.Words = append(tr.Words, transcript.Word{StartS: float64(i) * 0.4, EndS: float64(i)*0.4 + 0.3, Word: w, Conf: 0.1})
	}
	tm := analyze.Result{SpeechFound: true, AnswerS: 20, SpeakingS: 18, SpeechEndS: 20, LimitS: 120}
	fresh := Of(120, &tm, tr, nil, Options{})
	if fresh.Check.Judged() {
		t.Fatalf("today's gate should refuse a transcript whose every word the engine doubted: %+v", fresh.Check.Quality)
	}
	saved := Of(120, &tm, &transcript.Transcript{Text: text}, nil, Options{}).Check
	saved.Quality = nil // as saved before transcripts were judged
	score := saved.Score
	a := Of(120, &tm, tr, saved, Options{})
	if a.Check.Score != score || score == 0 || !a.Check.Judged() {
		t.Errorf("saved with score %d; shown as %d (judged %v)", score, a.Check.Score, a.Check.Judged())
	}
	if said := strings.Join(a.Warnings, "\n"); !strings.Contains(said, "older rule") || !strings.Contains(said, "unreliable") {
		t.Errorf("warnings %q do not say the check is out of date", a.Warnings)
	}
}

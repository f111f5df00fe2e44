package replay

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/testaudio"
)

// toneSession is a session of three answers in dir, made of tones; the
// recording of answer 2 is missing.
func toneSession(t *testing.T) (string, *session.Session) {
	t.Helper()
	dir := t.TempDir()
	sess := &session.Session{ID: "s", Questions: []session.Question{{ID: "q", Text: "Tell me about a deadline.", LimitS: 120}}}
	for i, name := range []string{"01-q.wav", "02-q.wav", "03-q.wav"} {
		if i != 1 {
			testaudio.Tone(t, filepath.Join(dir, name), 1, testaudio.Rate)
		}
		sess.Answers = append(sess.Answers, session.Answer{Question: 0, Kind: session.KindAnswer, WAV: name, Status: session.StatusRecorded})
	}
	return dir, sess
}

// Every answer is checked before anything plays: a missing recording is
// said and the others play, in order; one answer asked for fails on its
// own problem.
func TestTracksPlaysWhatItCanAndSaysTheRest(t *testing.T) {
	dir, sess := toneSession(t)
	var warn bytes.Buffer
	tracks, reported, err := Tracks(dir, sess, 0, Options{}, &warn)
	if err != nil || !reported || len(tracks) != 2 || tracks[0].Number != 1 || tracks[1].Number != 3 {
		t.Fatalf("all answers: %d tracks, reported %v, err %v", len(tracks), reported, err)
	}
	if !strings.HasPrefix(warn.String(), "starcoach: answer 2: ") || strings.Count(warn.String(), "\n") != 1 {
		t.Errorf("said: %q; want one line for answer 2", warn.String())
	}
	if len(tracks[0].Spans) == 0 {
		t.Errorf("answer 1 has nothing planned to play")
	}

	warn.Reset()
	if _, _, err := Tracks(dir, sess, 2, Options{}, &warn); err == nil || !strings.HasPrefix(err.Error(), "answer 2: ") || warn.Len() != 0 {
		t.Errorf("answer 2 alone: %v, said %q; want the error, nothing said", err, warn.String())
	}
	if _, _, err := Tracks(dir, sess, 4, Options{}, &warn); err == nil || !strings.Contains(err.Error(), "has 3 answers: there is no answer 4 (give 1 to 3)") {
		t.Errorf("answer 4 of 3: %v", err)
	}
	if _, _, err := Tracks(dir, &session.Session{ID: "empty"}, 0, Options{}, &warn); err == nil || !strings.Contains(err.Error(), "no answers yet") {
		t.Errorf("no answers: %v", err)
	}
	one := &session.Session{ID: "s", Questions: sess.Questions, Answers: sess.Answers[1:2]}
	if tracks, reported, err := Tracks(dir, one, 0, Options{}, &warn); err == nil || reported || len(tracks) != 0 || errors.Is(err, ErrNothingToPlay) {
		t.Errorf("a session of one missing answer: %d tracks, reported %v, err %v", len(tracks), reported, err)
	}
}

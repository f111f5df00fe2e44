package replay

import (
	"errors"
	"fmt"
	"io"

	"github.com/starcoach/starcoach/internal/session"
)

// ErrNothingToPlay is returned by Tracks when no answer asked for has
// anything to play.
var ErrNothingToPlay = errors.New("nothing to play")

// Tracks assembles what replay plays of a session kept in dir: answer
// number answer (1-based), or every answer when it is 0, each loaded
// (LoadAnswer) and planned with o, in playing order. With one answer
// asked for, whatever stops it is the error. With several, every answer
// is checked before anything plays: one that cannot be played is said on
// warn and the others still play; reported is then true. When nothing is
// left to play and nothing was reported, the error is ErrNothingToPlay.
func Tracks(dir string, sess *session.Session, answer int, o Options, warn io.Writer) (tracks []Track, reported bool, err error) {
	numbers, err := answerNumbers(sess, answer)
	if err != nil {
		return nil, false, err
	}
	one := len(numbers) == 1
	var answers []Answer
	byNumber := map[int]Track{}
	for _, n := range numbers {
		l, err := LoadAnswer(dir, sess, n)
		if err != nil {
			if one {
				return nil, false, fmt.Errorf("answer %d: %w", n, err)
			}
			fmt.Fprintf(warn, "starcoach: answer %d: %v\n", n, err)
			reported = true
			continue
		}
		answers = append(answers, l.Answer)
		byNumber[n] = l.Track
	}
	items, skips := Plan(answers, o)
	for _, s := range skips {
		if one {
			return nil, false, fmt.Errorf("answer %d: nothing to play: %s", s.Answer, s.Reason)
		}
		fmt.Fprintf(warn, "starcoach: answer %d skipped: %s\n", s.Answer, s.Reason)
	}
	if len(items) == 0 {
		if reported {
			return nil, true, nil
		}
		return nil, false, ErrNothingToPlay
	}
	tracks = make([]Track, len(items))
	for i, it := range items {
		tracks[i] = byNumber[it.Answer]
		tracks[i].Spans = it.Spans
	}
	return tracks, reported, nil
}

// answerNumbers are the answers to play: the one asked for, else all.
func answerNumbers(sess *session.Session, answer int) ([]int, error) {
	n := len(sess.Answers)
	if n == 0 {
		return nil, fmt.Errorf("session %s has no answers yet: nothing to replay", sess.ID)
	}
	if answer > n {
		if n == 1 {
			return nil, fmt.Errorf("session %s has one answer: there is no answer %d (give 1)", sess.ID, answer)
		}
		return nil, fmt.Errorf("session %s has %d answers: there is no answer %d (give 1 to %d)", sess.ID, n, answer, n)
	}
	if answer > 0 {
		return []int{answer}, nil
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i + 1
	}
	return all, nil
}

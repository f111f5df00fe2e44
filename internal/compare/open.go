package compare

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/session"
)

// Open assesses the answer named by ref as every command resolves and
// judges it (answerref): SESSION:N ("latest:2", "2026-11-23:1"), or a
// recording, which is its session's answer when it lies in a session's
// folder (a follow-up stays a follow-up) and is otherwise judged from the
// files beside it (see assess.Paths; without a timing file the recording
// is measured).
func Open(ref string, store *session.Store, words assess.Options) (Take, error) {
	a, err := answerref.Resolve(store, ref)
	if err != nil {
		return Take{}, err
	}
	return checked(ref, a.Assess(words))
}

// checked refuses an answer with nothing to compare, or whose transcript
// is there but cannot be read.
func checked(ref string, a assess.Answer) (Take, error) {
	if a.Files.Transcript != "" && a.Transcript == nil {
		for _, w := range a.Warnings {
			if strings.HasPrefix(w, filepath.Base(a.Files.Transcript)+":") {
				return Take{}, fmt.Errorf("%s; make it again with starcoach transcribe --force", w)
			}
		}
	}
	if a.NoSpeech {
		// A take in which nothing was said has no figures to follow: it
		// enters no trend, and no comparison.
		return Take{}, fmt.Errorf("%s: no speech was heard in this take: nothing to compare (take the question again with starcoach retake)", ref)
	}
	if a.Timing == nil && a.Speech == nil {
		why := "neither the recording nor its transcript is there"
		if len(a.Warnings) > 0 {
			why = a.Warnings[0]
		}
		if strings.HasPrefix(why, filepath.Base(ref)+":") {
			return Take{}, fmt.Errorf("%s", why)
		}
		return Take{}, fmt.Errorf("%s: %s", ref, why)
	}
	return NewTake(ref, a), nil
}

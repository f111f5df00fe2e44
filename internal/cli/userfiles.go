package cli

import (
	"sync"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/practice"
	"github.com/starcoach/starcoach/internal/probe"
	"github.com/starcoach/starcoach/internal/prompts"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/speech"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/storybank"
	"github.com/starcoach/starcoach/internal/stt"
	builtinprompts "github.com/starcoach/starcoach/prompts"
)

// userFiles are the user's own files (configuration, word lists, probes,
// question banks) and the session store, each read the first time a command asks for it
// and then kept: a command reads only what it uses, and reads it once.
type userFiles struct {
	env *Env

	speechOnce sync.Once
	speech     *speech.Lexicon
	speechErr  error

	starOnce sync.Once
	star     *star.Lexicon
	starErr  error

	probesOnce sync.Once
	probes     *probe.Set
	probesErr  error

	banksOnce sync.Once
	banks     *prompts.Library
	banksErr  error

	configOnce sync.Once
	config     config.Config
	configErr  error
}

// Config is the configuration file, <config dir>/config.toml.
func (u *userFiles) Config() (config.Config, error) {
	u.configOnce.Do(func() { u.config, u.configErr = config.Load(u.env.configFile(config.FileName)) })
	return u.config, u.configErr
}

// Files returns the user's files, loaded on first use.
func (e *Env) Files() *userFiles {
	e.filesOnce.Do(func() { e.files = &userFiles{env: e} })
	return e.files
}

// Store is the session store in the data directory.
func (u *userFiles) Store() *session.Store { return session.NewStore(u.env.DataDir()) }

// Speech is the built-in speech word lists extended by the user's.
func (u *userFiles) Speech() (*speech.Lexicon, error) {
	u.speechOnce.Do(func() {
		u.speech, u.speechErr = speech.LoadLexicon(u.env.configFile(speech.UserFileName))
	})
	return u.speech, u.speechErr
}

// Star is the built-in STAR lexicon extended by the user's, counting
// pronouns and numbers with the speech word lists, the user's included.
func (u *userFiles) Star() (*star.Lexicon, error) {
	u.starOnce.Do(func() {
		lex, err := star.LoadUserLexicon(u.env.ConfigDir())
		u.star, u.starErr = withSpeech(u, lex, err, func(l *star.Lexicon, sp *speech.Lexicon) *star.Lexicon {
			return l.WithWords(sp.Words())
		})
	})
	return u.star, u.starErr
}

// withSpeech binds v, loaded with err, to the user's speech word lists
// with bind; an error in either file is the error.
func withSpeech[T any](u *userFiles, v T, err error, bind func(T, *speech.Lexicon) T) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	sp, err := u.Speech()
	if err != nil {
		return zero, err
	}
	return bind(v, sp), nil
}

// Words are both word lists and the probes, as an assessment takes them.
func (u *userFiles) Words() (assess.Options, error) {
	sp, err := u.Speech()
	if err != nil {
		return assess.Options{}, err
	}
	st, err := u.Star()
	if err != nil {
		return assess.Options{}, err
	}
	pr, err := u.Probes()
	if err != nil {
		return assess.Options{}, err
	}
	return assess.Options{Speech: sp, Star: st, Probes: pr}, nil
}

// Probes are the follow-up probes, the built-in ones merged with the
// user's, counting numbers and pronouns with the speech word lists.
func (u *userFiles) Probes() (*probe.Set, error) {
	u.probesOnce.Do(func() {
		set, err := probe.Load(u.env.ConfigDir())
		u.probes, u.probesErr = withSpeech(u, set, err, (*probe.Set).WithSpeech)
	})
	return u.probes, u.probesErr
}

// STT is the speech-to-text setup: what was asked on the command line,
// the environment and config.toml, and the engines found with look.
func (u *userFiles) STT(asked stt.Asked, look stt.LookPath) (stt.Setup, error) {
	cfg, err := u.Config()
	if err != nil {
		return stt.Setup{}, err
	}
	return stt.NewSetup(asked, cfg, u.env.configFile(config.FileName), u.env.Getenv, look), nil
}

// SessionTranscriber is the transcriber of a session's answers: nil with
// why when no engine is installed and none was asked for, so that the
// session goes on with timing only.
func (u *userFiles) SessionTranscriber(asked stt.Asked, look stt.LookPath) (practice.Transcriber, string, error) {
	setup, err := u.STT(asked, look)
	if err != nil {
		return nil, "", err
	}
	tr, why, err := setup.Transcriber(asked)
	if tr == nil {
		return nil, why, err // a nil interface, not a nil *stt.Transcriber in one
	}
	return tr, "", nil
}

// StoryBank is the story bank built from every session, with the
// question banks for its suggestions. It is built each time: sessions
// change while a command runs.
func (u *userFiles) StoryBank() (storybank.Bank, error) {
	lib, err := u.Banks()
	if err != nil {
		return storybank.Bank{}, err
	}
	var questions []prompts.Question
	for _, b := range lib.Banks() {
		questions = append(questions, b.Questions...)
	}
	return storybank.Load(u.Store(), questions)
}

// Banks are the question banks, the built-in ones and the user's own.
func (u *userFiles) Banks() (*prompts.Library, error) {
	u.banksOnce.Do(func() { u.banks, u.banksErr = prompts.LoadUser(builtinprompts.Builtin(), u.env.ConfigDir()) })
	return u.banks, u.banksErr
}

// Package userfiles owns the way to the user's files: the configuration,
// the word lists, the probes, the question banks, the speech-to-text setup
// and the session store, each loaded by the package that owns its format.
package userfiles

import (
	"path/filepath"
	"sync"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/config"
	"github.com/starcoach/starcoach/internal/fit"
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

// Dirs says where the user's files are. The folders are asked for when a
// file is first read, so they follow the command line however late it
// is parsed.
type Dirs interface {
	// DataDir is the folder of the session store.
	DataDir() string
	// ConfigDir is the folder of the configuration and the user's own
	// word lists, probes and question banks; "" when there is none.
	ConfigDir() string
}

// Files are the user's own files (configuration, word lists, probes,
// question banks) and the session store, each read the first time a
// command asks for it and then kept: a command reads only what it uses,
// and reads it once.
type Files struct {
	dirs   Dirs
	getenv func(string) string

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

	fitOnce sync.Once
	fit     *fit.Checker
	fitErr  error

	configOnce sync.Once
	config     config.Config
	configErr  error
}

// Config is the configuration file, <config dir>/config.toml.
func (u *Files) Config() (config.Config, error) {
	u.configOnce.Do(func() { u.config, u.configErr = config.Load(u.File(config.FileName)) })
	return u.config, u.configErr
}

// New returns the user's files in dirs, none read yet; getenv is the
// environment the speech-to-text setup reads.
func New(dirs Dirs, getenv func(string) string) *Files {
	return &Files{dirs: dirs, getenv: getenv}
}

// File is the path of name in the configuration folder, or "" (a file
// that is not there) without one: never a file in the current folder.
func (u *Files) File(name string) string {
	if d := u.dirs.ConfigDir(); d != "" {
		return filepath.Join(d, name)
	}
	return ""
}

// Store is the session store in the data directory.
func (u *Files) Store() *session.Store { return session.NewStore(u.dirs.DataDir()) }

// Speech is the built-in speech word lists extended by the user's.
func (u *Files) Speech() (*speech.Lexicon, error) {
	u.speechOnce.Do(func() {
		u.speech, u.speechErr = speech.LoadLexicon(u.File(speech.UserFileName))
	})
	return u.speech, u.speechErr
}

// Star is the built-in STAR lexicon extended by the user's, counting
// pronouns and numbers with the speech word lists, the user's included.
func (u *Files) Star() (*star.Lexicon, error) {
	u.starOnce.Do(func() {
		lex, err := star.LoadUserLexicon(u.dirs.ConfigDir())
		u.star, u.starErr = withSpeech(u, lex, err, func(l *star.Lexicon, sp *speech.Lexicon) *star.Lexicon {
			return l.WithWords(sp.Words())
		})
	})
	return u.star, u.starErr
}

// withSpeech binds v, loaded with err, to the user's speech word lists
// with bind; an error in either file is the error.
func withSpeech[T any](u *Files, v T, err error, bind func(T, *speech.Lexicon) T) (T, error) {
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
func (u *Files) Words() (assess.Options, error) {
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
	fc, err := u.Fit()
	if err != nil {
		return assess.Options{}, err
	}
	o := assess.Options{Speech: sp, Star: st, Probes: pr, Fit: fc}
	if lib, err := u.Banks(); err == nil {
		// A bank that cannot be read is reported by the commands that
		// read questions; here its questions' own signals are left out.
		o.Questions = lib
	}
	return o, nil
}

// Fit is the fit checker of the built-in signals extended by the user's
// signals.toml, matching with the user's STAR lexicon.
func (u *Files) Fit() (*fit.Checker, error) {
	u.fitOnce.Do(func() {
		set, err := prompts.LoadSignals(u.dirs.ConfigDir())
		if err != nil {
			u.fitErr = err
			return
		}
		st, err := u.Star()
		if err != nil {
			u.fitErr = err
			return
		}
		u.fit, u.fitErr = fit.New(set, st)
	})
	return u.fit, u.fitErr
}

// Probes are the follow-up probes, the built-in ones merged with the
// user's, counting numbers and pronouns with the speech word lists.
func (u *Files) Probes() (*probe.Set, error) {
	u.probesOnce.Do(func() {
		set, err := probe.Load(u.dirs.ConfigDir())
		u.probes, u.probesErr = withSpeech(u, set, err, (*probe.Set).WithSpeech)
	})
	return u.probes, u.probesErr
}

// STT is the speech-to-text setup: what was asked on the command line,
// the environment and config.toml, and the engines found with look.
func (u *Files) STT(asked stt.Asked, look stt.LookPath) (stt.Setup, error) {
	cfg, err := u.Config()
	if err != nil {
		return stt.Setup{}, err
	}
	return stt.NewSetup(asked, cfg, u.File(config.FileName), u.getenv, look), nil
}

// SessionTranscriber is the transcriber of a session's answers: nil with
// why when no engine is installed and none was asked for, so that the
// session goes on with timing only.
func (u *Files) SessionTranscriber(asked stt.Asked, look stt.LookPath) (practice.Transcriber, string, error) {
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
func (u *Files) StoryBank() (storybank.Bank, error) {
	lib, err := u.Banks()
	if err != nil {
		return storybank.Bank{}, err
	}
	var questions []prompts.Question
	for _, b := range lib.Banks() {
		questions = append(questions, b.Questions...)
	}
	fc, err := u.Fit()
	if err != nil {
		return storybank.Bank{}, err
	}
	return storybank.Load(u.Store(), questions, fc)
}

// Banks are the question banks, the built-in ones and the user's own.
func (u *Files) Banks() (*prompts.Library, error) {
	u.banksOnce.Do(func() { u.banks, u.banksErr = prompts.LoadUser(builtinprompts.Builtin(), u.dirs.ConfigDir()) })
	return u.banks, u.banksErr
}

// Package prompts holds starcoach's built-in question banks, one TOML file
// per bank, the follow-up probes (probes.toml) and what an interviewer
// listens for under each principle (signals.toml), embedded in the binary.
// The files sit here, at the top of the repository, so that they are easy
// to find and edit; reading and checking them is internal/prompts' and
// internal/probe's job.
package prompts

import (
	"embed"
	"io/fs"
)

//go:embed *.toml
var files embed.FS

// probesFile holds the follow-up probes and signalsFile what an
// interviewer listens for under each principle; neither is a question bank.
const (
	probesFile  = "probes.toml"
	signalsFile = "signals.toml"
)

// Builtin returns the built-in bank files, named <bank>.toml.
func Builtin() fs.FS { return banksOnly{files} }

// Probes returns the built-in follow-up probes file.
func Probes() []byte {
	data, err := files.ReadFile(probesFile)
	if err != nil {
		// The file is embedded at build time: without it there is no binary.
		panic("prompts: " + err.Error())
	}
	return data
}

// Signals returns the built-in signals file.
func Signals() []byte {
	data, err := files.ReadFile(signalsFile)
	if err != nil {
		panic("prompts: " + err.Error())
	}
	return data
}

// notBank reports whether name is one of the embedded files that are not
// banks.
func notBank(name string) bool { return name == probesFile || name == signalsFile }

// banksOnly is the embedded files without the probes and signals files.
type banksOnly struct{ fs embed.FS }

func (b banksOnly) Open(name string) (fs.File, error) {
	if notBank(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return b.fs.Open(name)
}

func (b banksOnly) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := b.fs.ReadDir(name)
	if err != nil || name != "." {
		return entries, err
	}
	out := entries[:0:0]
	for _, e := range entries {
		if !notBank(e.Name()) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (b banksOnly) ReadFile(name string) ([]byte, error) {
	if notBank(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return b.fs.ReadFile(name)
}

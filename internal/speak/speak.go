// Package speak reads text aloud through a text-to-speech program on this
// machine: espeak-ng unless the user configures their own command. The
// program is started with an argument list, never through a shell, so a
// question's text is only ever one argument; it dies with its context.
package speak

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// TextPlaceholder is replaced by the text in a configured command's
// arguments.
const TextPlaceholder = "{text}"

// Espeak is the program used when no command is configured.
const Espeak = "espeak-ng"

// LookPath finds a program the way exec.LookPath does; tests pass their own.
type LookPath func(string) (string, error)

// Voice is a resolved text-to-speech command.
type Voice struct {
	Program string   // its path
	Args    []string // with TextPlaceholder where the text goes
}

// ErrNone means no text-to-speech program is installed or configured.
var ErrNone = errors.New("no text-to-speech program found: install espeak-ng (apt-get install espeak-ng, brew install espeak-ng) or set command under [tts] in config.toml")

// Find resolves the voice: the configured command (program and arguments,
// one of them holding TextPlaceholder) if there is one, else espeak-ng.
func Find(command []string, look LookPath) (Voice, error) {
	if look == nil {
		look = exec.LookPath
	}
	if len(command) > 0 {
		p, err := look(command[0])
		if err != nil {
			return Voice{}, fmt.Errorf("text-to-speech command %s not found: check command under [tts] in config.toml", command[0])
		}
		return Voice{Program: p, Args: append([]string(nil), command[1:]...)}, nil
	}
	p, err := look(Espeak)
	if err != nil {
		return Voice{}, ErrNone
	}
	return Voice{Program: p, Args: []string{TextPlaceholder}}, nil
}

// Say speaks text and returns when the program has finished, or when ctx
// ends (the program is then killed).
func (v Voice) Say(ctx context.Context, text string) error {
	args := make([]string, len(v.Args))
	for i, a := range v.Args {
		args[i] = strings.ReplaceAll(a, TextPlaceholder, text)
	}
	return run(ctx, v.Program, args)
}

// WriteWAV has espeak-ng (at program) speak text into a WAV file, for a
// recording whose words are known.
func WriteWAV(ctx context.Context, program, text, path string) error {
	return run(ctx, program, []string{"-w", path, text})
}

func run(ctx context.Context, program string, args []string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, program, args...)
	// Its own process group, killed whole when ctx ends: some voices start
	// a helper that plays the sound.
	inGroup(cmd)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg != "" {
			return fmt.Errorf("%s: %v: %s", program, err, msg)
		}
		return fmt.Errorf("%s: %v", program, err)
	}
	return nil
}

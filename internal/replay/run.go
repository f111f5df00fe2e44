package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/starcoach/starcoach/internal/answerref"
	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/session"
	"github.com/starcoach/starcoach/internal/star"
	"github.com/starcoach/starcoach/internal/ui"
)

// Request is what the replay command plays and where.
type Request struct {
	// Session (an id, a start of one, or latest) and Answer (1-based; 0
	// for every answer) name what to play, unless Ref names one answer as
	// SESSION:N or its recording.
	Session string
	Answer  int
	Ref     string
	Plan    Options

	Device string
	// Open opens the audio system (audio.Open in the program).
	Open func(verbose io.Writer) (audio.System, error)
	// Buffer is how much sound is queued ahead of the speaker (1 s when
	// zero).
	Buffer time.Duration
	// Verbose, when set, receives the audio libraries' messages.
	Verbose io.Writer
}

// ParseSections reads a comma-separated list of STAR sections (situation,
// task, action, result, or S, T, A, R).
func ParseSections(list string) ([]star.Label, error) {
	var out []star.Label
	for _, name := range strings.Split(list, ",") {
		l, ok := star.ParseLabel(name)
		if !ok {
			return nil, fmt.Errorf("%q is not a STAR section: use situation, task, action, result (or S, T, A, R)", strings.TrimSpace(name))
		}
		out = append(out, l)
	}
	return out, nil
}

// Run plays what req names from the store on the output device, with the
// status line on a terminal and the keys read from one. An answer that
// cannot be played is said on streams.Err; Run then returns
// ui.ErrReported once the others have played.
func Run(ctx context.Context, store *session.Store, req Request, streams *ui.Streams) error {
	if req.Ref != "" {
		var err error
		req.Session, req.Answer, err = answerref.SessionAnswer(store, req.Ref, "not an answer of a session; replay plays sessions' answers (name one as SESSION:N, for example latest:2)")
		if err != nil {
			return err
		}
	}
	id, err := store.Resolve(req.Session)
	if err != nil {
		return err
	}
	sess, err := store.Load(id)
	if err != nil {
		return err
	}
	tracks, failed, err := Tracks(store.SessionDir(id), sess, req.Answer, req.Plan, streams.Err)
	if err != nil {
		return err
	}
	if len(tracks) == 0 {
		return ui.ErrReported // each answer's problem is said
	}
	if err := playTracks(ctx, req, tracks, len(sess.Answers), streams); err != nil {
		return err
	}
	if failed {
		return ui.ErrReported
	}
	return nil
}

// playTracks plays the tracks on the output device, with the status line
// on a terminal and the keys read from one.
func playTracks(ctx context.Context, req Request, tracks []Track, total int, streams *ui.Streams) error {
	sys, err := audio.OpenWithDevices(req.Open, req.Verbose)
	if err != nil {
		return err
	}
	defer sys.Close()

	display := &Display{Out: streams.Out, Err: streams.Err, Tracks: tracks, Total: total, Status: streams.IsStderrTTY()}
	if f, ok := streams.Err.(*os.File); ok && display.Status {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			display.Width = w
		}
	}
	player := &Player{System: sys, Device: req.Device, Buffer: req.Buffer, OnStatus: display.Update}
	if streams.IsStdinTTY() {
		cmds := make(chan Command, 8)
		player.Commands = cmds
		if f, ok := streams.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			// Raw mode turns Ctrl-C into a key (quit) and stops newline
			// translation, so lines to a terminal end in "\r\n" meanwhile.
			state, err := term.MakeRaw(int(f.Fd()))
			if err == nil {
				defer term.Restore(int(f.Fd()), state)
				display.CRLF = streams.IsStdoutTTY()
			}
		}
		go ReadKeys(streams.In, cmds)
	}
	err = player.Play(ctx, tracks)
	display.Done()
	if errors.Is(err, context.Canceled) {
		return nil // the keys or Ctrl-C stopped it
	}
	return err
}

package cli

import (
	"errors"
	"io"
	"testing"

	"github.com/starcoach/starcoach/internal/ui"
)

func TestDevicesFlags(t *testing.T) {
	streams, _, _, _ := ui.Test()
	env := &Env{Streams: streams, Getenv: func(string) string { return "" }}
	var got *devicesOptions
	cmd := newDevicesCmd(env, func(o *devicesOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--json"})
	if err := cmd.Execute(); err != nil || got == nil || !got.JSON {
		t.Errorf("--json: %v %+v", err, got)
	}
	cmd = newDevicesCmd(env, func(*devicesOptions) error { return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SetErr(io.Discard)
	var u usageError
	if err := cmd.Execute(); !errors.As(err, &u) {
		t.Errorf("an argument: %v", err)
	}
}

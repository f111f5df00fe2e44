package cli

import (
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/ui"
)

func TestDevicesTable(t *testing.T) {
	streams, _, out, errOut := ui.Test()
	opts := &devicesOptions{env: &Env{Streams: streams}, Open: func(io.Writer) (audio.System, error) { return &audio.Fake{}, nil }}
	if err := runDevices(opts); err != nil {
		t.Fatal(err)
	}
	want := `INDEX  HOST API  NAME             IN  OUT  RATE   DEFAULT
0      Fake      Fake Microphone  2   0    16000  input
1      Fake      Fake Speaker     0   2    16000  output
`
	if out.String() != want || errOut.Len() != 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr: %s", out, want, errOut)
	}
}

func TestDevicesJSON(t *testing.T) {
	streams, _, out, _ := ui.Test()
	fake := &audio.Fake{DeviceList: []audio.Device{{Index: 3, Name: "USB Mic", HostAPI: "ALSA", MaxInputChannels: 1, DefaultSampleRate: 48000, DefaultInput: true}}}
	opts := &devicesOptions{env: &Env{Streams: streams}, JSON: true, Open: func(io.Writer) (audio.System, error) { return fake, nil }}
	if err := runDevices(opts); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := map[string]any{"index": 3.0, "name": "USB Mic", "host_api": "ALSA", "input_channels": 1.0, "output_channels": 0.0,
		"default_rate": 48000.0, "default_input": true, "default_output": false}
	if len(got) != 1 || len(got[0]) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[0][k] != v {
			t.Errorf("%s = %v, want %v", k, got[0][k], v)
		}
	}
}

func TestDevicesNone(t *testing.T) {
	streams, _, out, _ := ui.Test()
	empty := &audio.Fake{DeviceList: []audio.Device{}}
	opts := &devicesOptions{env: &Env{Streams: streams}, JSON: true, Open: func(io.Writer) (audio.System, error) { return empty, nil }}
	if err := runDevices(opts); !errors.Is(err, audio.ErrNoDevices) {
		t.Errorf("got %v", err)
	}
	if out.String() != "[]\n" {
		t.Errorf("stdout %q", out)
	}
}

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

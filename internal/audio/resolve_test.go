package audio

import (
	"errors"
	"strings"
	"testing"
)

var laptop = []Device{
	{Index: 0, Name: "HDA Intel PCH: ALC3246 Analog (hw:0,0)", HostAPI: "ALSA", MaxInputChannels: 2, MaxOutputChannels: 2, DefaultSampleRate: 44100},
	{Index: 1, Name: "HDA Intel PCH: HDMI 0 (hw:0,3)", HostAPI: "ALSA", MaxOutputChannels: 8, DefaultSampleRate: 44100},
	{Index: 2, Name: "USB Mic: Audio (hw:1,0)", HostAPI: "ALSA", MaxInputChannels: 1, DefaultSampleRate: 48000},
	{Index: 3, Name: "pulse", HostAPI: "ALSA", MaxInputChannels: 32, MaxOutputChannels: 32, DefaultSampleRate: 44100},
	{Index: 4, Name: "default", HostAPI: "ALSA", MaxInputChannels: 32, MaxOutputChannels: 32, DefaultSampleRate: 44100, DefaultInput: true, DefaultOutput: true},
	{Index: 5, Name: "Pulse", HostAPI: "JACK Audio Connection Kit", MaxInputChannels: 2, DefaultSampleRate: 48000},
}

func TestResolve(t *testing.T) {
	tests := []struct {
		spec    string
		dir     direction
		want    int
		wantErr error
		msg     string
	}{
		{spec: "", dir: input, want: 4},
		{spec: "", dir: output, want: 4},
		{spec: "2", dir: input, want: 2},
		{spec: " 2 ", dir: input, want: 2},
		{spec: "1", dir: output, want: 1},
		{spec: "pulse", dir: input, want: 3}, // exact beats the case-insensitive "Pulse"
		{spec: "PULSE", dir: input, wantErr: ErrAmbiguous, msg: `"PULSE" matches several input devices: 3 pulse (ALSA), 5 Pulse (JACK Audio Connection Kit); give its index or its whole name`},
		{spec: "usb", dir: input, want: 2},
		{spec: "hdmi", dir: output, want: 1},
		{spec: "hdmi", dir: input, wantErr: ErrNoDevice, msg: `no input device matches "hdmi"; input devices: 0 HDA Intel PCH: ALC3246 Analog (hw:0,0) (ALSA), 2 USB Mic: Audio (hw:1,0) (ALSA), 3 pulse (ALSA), 4 default (ALSA), 5 Pulse (JACK Audio Connection Kit)`},
		{spec: "hw:", dir: input, wantErr: ErrAmbiguous, msg: `"hw:" matches several input devices: 0 HDA Intel PCH: ALC3246 Analog (hw:0,0) (ALSA), 2 USB Mic: Audio (hw:1,0) (ALSA); give its index or its whole name`},
		{spec: "foo", dir: input, wantErr: ErrNoDevice, msg: `no input device matches "foo"; input devices: 0 `},
		{spec: "9", dir: input, wantErr: ErrNoDevice, msg: `no input device has index 9; input devices: 0 `},
		{spec: "1", dir: input, wantErr: ErrNoDevice, msg: `device 1 (HDA Intel PCH: HDMI 0 (hw:0,3)) has no input channels; input devices: 0 `},
		{spec: "-1", dir: input, wantErr: ErrNoDevice, msg: `no input device has index -1`},
	}
	for _, tt := range tests {
		got, err := resolve(laptop, tt.spec, tt.dir)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("resolve(%q, %s) = %v, %v; want error %v", tt.spec, tt.dir, got.Index, err, tt.wantErr)
				continue
			}
			if !strings.HasPrefix(err.Error(), tt.msg) {
				t.Errorf("resolve(%q, %s) error:\n%s\nwant it to start with:\n%s", tt.spec, tt.dir, err, tt.msg)
			}
			continue
		}
		if err != nil || got.Index != tt.want {
			t.Errorf("resolve(%q, %s) = %d, %v; want %d", tt.spec, tt.dir, got.Index, err, tt.want)
		}
	}
}

func TestResolveWithoutDevices(t *testing.T) {
	_, err := resolve(nil, "", input)
	if !errors.Is(err, ErrNoDevice) || err.Error() != "no input device found (is a microphone connected? run 'starcoach devices')" {
		t.Errorf("no devices, input: %v", err)
	}
	outputsOnly := []Device{{Index: 0, Name: "HDMI", HostAPI: "ALSA", MaxOutputChannels: 2, DefaultOutput: true}}
	if _, err := resolve(outputsOnly, "HDMI", input); !errors.Is(err, ErrNoDevice) || !strings.HasPrefix(err.Error(), "no input device found") {
		t.Errorf("only outputs, input by name: %v", err)
	}
	_, err = resolve(nil, "", output)
	if !errors.Is(err, ErrNoDevice) || !strings.HasPrefix(err.Error(), "no output device found") {
		t.Errorf("no devices, output: %v", err)
	}
	noDefault := []Device{{Index: 0, Name: "mic", HostAPI: "ALSA", MaxInputChannels: 1}}
	_, err = resolve(noDefault, "", input)
	if !errors.Is(err, ErrNoDevice) || err.Error() != "there is no default input device; choose one of the input devices: 0 mic (ALSA)" {
		t.Errorf("no default: %v", err)
	}
}

func TestRateError(t *testing.T) {
	usb := laptop[2]
	only48k := func(r int) bool { return r == 48000 }
	err := rateError(usb, 16000, only48k)
	if !errors.Is(err, ErrUnsupported) || err.Error() != `device "USB Mic: Audio (hw:1,0)" does not support 16000 Hz: try --rate 48000 (its default is 48000 Hz)` {
		t.Errorf("got %v", err)
	}
	err = rateError(usb, 16000, func(r int) bool { return r == 12345 })
	if err.Error() != `device "USB Mic: Audio (hw:1,0)" does not support 16000 Hz (its default is 48000 Hz); try another device (run 'starcoach devices')` {
		t.Errorf("nothing supported: %v", err)
	}
	err = checkChannels(usb, 2, input)
	if !errors.Is(err, ErrUnsupported) || err.Error() != `device "USB Mic: Audio (hw:1,0)" has 1 input channel: try --channels 1` {
		t.Errorf("channels: %v", err)
	}
	if err := checkChannels(usb, 1, input); err != nil {
		t.Errorf("one channel of one: %v", err)
	}
}

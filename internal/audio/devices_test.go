package audio

import (
	"bytes"
	"strings"
	"testing"
)

func TestWriteDevicesTableAndJSON(t *testing.T) {
	devs := []Device{
		{Index: 0, Name: "HDA Intel PCH: ALC3246 Analog", HostAPI: "ALSA", MaxInputChannels: 2, MaxOutputChannels: 2, DefaultSampleRate: 44100, DefaultInput: true, DefaultOutput: true},
		{Index: 7, Name: "pulse", HostAPI: "ALSA", MaxInputChannels: 32, MaxOutputChannels: 32, DefaultSampleRate: 44100},
	}
	var b bytes.Buffer
	if err := WriteDevices(&b, devs, false); err != nil {
		t.Fatal(err)
	}
	want := "INDEX  HOST API  NAME                           IN  OUT  RATE   DEFAULT\n" +
		"0      ALSA      HDA Intel PCH: ALC3246 Analog  2   2    44100  input, output\n" +
		"7      ALSA      pulse                          32  32   44100\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
	for _, tc := range []struct {
		devs []Device
		want string
	}{{nil, "[]"}, {devs[1:], `"host_api": "ALSA"`}} {
		b.Reset()
		if err := WriteDevices(&b, tc.devs, true); err != nil || !strings.Contains(b.String(), tc.want) {
			t.Errorf("JSON of %v: %v %s; want %s", tc.devs, err, b.String(), tc.want)
		}
	}
	b.Reset()
	if err := WriteDevices(&b, nil, false); err != nil || b.Len() != 0 {
		t.Errorf("no devices as text: %v %q; want nothing (the caller says none were found)", err, b.String())
	}
}

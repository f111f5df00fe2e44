package record

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/audio/audiotest"
)

// CheckInput hears what the microphone delivers through PortAudio: a tone
// at a tenth of full scale reads about -23 dBFS (a sine's RMS is 3 dB under
// its peak of -20 dBFS), and a microphone that delivers zeros is silent.
func TestCheckInputThroughALSA(t *testing.T) {
	tone := make([]int16, 2*16000)
	for i := range tone {
		tone[i] = int16(3277 * math.Sin(2*math.Pi*440*float64(i)/16000))
	}
	for _, c := range []struct {
		name   string
		in     []int16
		silent bool
	}{{"tone", tone, false}, {"muted", make([]int16, 2*16000), true}} {
		t.Run(c.name, func(t *testing.T) {
			env, _ := audiotest.ALSAFile(t, c.in, 16000, 1)
			audiotest.Setenv(t, env)
			sys, err := audio.Open(nil)
			if err != nil {
				t.Fatal(err)
			}
			defer sys.Close()
			got, err := CheckInput(context.Background(), sys, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			if got.CapturedS != 1 || got.SampleRate != 16000 || got.Device != "default" {
				t.Errorf("captured %+v, want 1 s of the default device at 16 kHz", got)
			}
			if got.Silent != c.silent || got.Usable() == c.silent {
				t.Errorf("silent %v, usable %v: want silent %v", got.Silent, got.Usable(), c.silent)
			}
			if c.silent {
				if got.LevelDBFS > -120 || !strings.Contains(got.Text(), ": silent: nothing heard in 1.0 s; unmute") {
					t.Errorf("muted microphone: %+v %q", got, got.Text())
				}
				return
			}
			if math.Abs(got.LevelDBFS+23) > 0.5 || math.Abs(got.PeakDBFS+20) > 0.5 {
				t.Errorf("level %.1f dBFS, peak %.1f dBFS: want about -23 and -20", got.LevelDBFS, got.PeakDBFS)
			}
			// ALSA's file plugin has no clock and outruns the reader, so it
			// may lose sound; a real device does not.
			if want := "default (ALSA): heard 1.0 s, level -23 dBFS, peak -20 dBFS"; !strings.HasPrefix(got.Text(), want) {
				t.Errorf("text %q, want %q", got.Text(), want)
			}
		})
	}
}

func TestCheckInputNamesAMissingDevice(t *testing.T) {
	env, _ := audiotest.ALSAFile(t, nil, 16000, 1)
	audiotest.Setenv(t, env)
	sys, err := audio.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	if _, err := CheckInput(context.Background(), sys, "no-such-mic", 0); err == nil || !strings.Contains(err.Error(), `no input device matches "no-such-mic"`) {
		t.Errorf("err %v", err)
	}
}

// On a real-time device, as a laptop's microphone is: an idle PulseAudio
// source delivers zeros and is silent; with someone speaking into it the
// check hears them.
func TestCheckInputPulse(t *testing.T) {
	wavPath, _ := speech(t)
	p := audiotest.Pulse(t)
	audiotest.Setenv(t, p.Env())
	sys, err := audio.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close()
	quiet, err := CheckInput(context.Background(), sys, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !quiet.Silent || quiet.CapturedS != 1 {
		t.Errorf("idle source: %+v, want 1 s, silent", quiet)
	}
	done := make(chan struct{})
	go func() { defer close(done); p.Play(t, wavPath) }()
	time.Sleep(300 * time.Millisecond) // into the speech
	heard, err := CheckInput(context.Background(), sys, "", 0)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if heard.Silent || !heard.Usable() || heard.PeakDBFS < -30 || heard.LevelDBFS < -45 {
		t.Errorf("speech into the microphone: %+v (%s)", heard, heard.Text())
	}
}

package replay

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/audio/audiotest"
)

func openAudio(t *testing.T, env []string) audio.System {
	t.Helper()
	audiotest.Setenv(t, env)
	sys, err := audio.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sys.Close() })
	return sys
}

// Through PortAudio to ALSA's file speaker, a replay with pauses cut and a
// second answer is written byte for byte: the planned spans, joined.
func TestReplayALSAFileIsExact(t *testing.T) {
	store, id, rec := makeSession(t, starParts...)
	l := loadOnly(t, store, id, 1)
	items, _ := Plan([]Answer{l.Answer}, Options{SkipPauses: true})
	second := recordings(t)[1]
	tracks := []Track{l.Track, track(2, second, whole(second))}
	tracks[0].Spans = items[0].Spans
	want := append(cut(rec.samples, items[0].Spans), second.samples...)

	env, outRaw := audiotest.ALSAFile(t, nil, rate, 1)
	sys := openAudio(t, env)
	// The file speaker has no clock: everything is queued before it starts.
	p := &Player{System: sys, Device: "vspk", Buffer: time.Minute}
	if err := p.Play(context.Background(), tracks); err != nil {
		t.Fatal(err)
	}
	sys.Close()
	out := audiotest.ReadRaw(t, outRaw)
	// The device first writes whole blocks of silence of its own.
	lead := -1
	for k := 0; k <= rate/2 && k+len(want) <= len(out); k += rate / 20 {
		if slices.Equal(out[k:k+len(want)], want) {
			lead = k
			break
		}
	}
	if lead < 0 {
		t.Fatalf("the speaker's %d samples do not hold the %d planned ones after whole blocks of priming silence", len(out), len(want))
	}
	if slices.ContainsFunc(out[lead+len(want):], func(s int16) bool { return s != 0 }) {
		t.Error("sound after the planned spans")
	}
	t.Logf("%.3f s planned (%.3f s recorded) written exactly after %d ms of priming", float64(len(want))/rate, l.Answer.DurationS+float64(len(second.samples))/rate, lead*1000/rate)
}

// soundSpan is the first to the last sample louder than -40 dBFS, in
// seconds: how long a listener hears sound for.
func soundSpan(s []int16) float64 {
	loud := func(v int16) bool { return v > 327 || v < -327 }
	first := slices.IndexFunc(s, loud)
	if first < 0 {
		return 0
	}
	last := len(s) - 1
	for !loud(s[last]) {
		last--
	}
	return float64(last-first+1) / rate
}

// On a real-time speaker (a PulseAudio null sink, recorded from its
// monitor) a replay sounds like the answer, and --skip-pauses, --from and
// the right arrow shorten it by what they should.
func TestReplayPulse(t *testing.T) {
	dir := t.TempDir()
	rec := spoken(t, dir, 0.6, "Our release was slipping.", 2.5, "So I split the work and we shipped two days early.", 1.5)
	answer := Answer{Number: 1, DurationS: float64(len(rec.samples)) / rate,
		Speech: Span{rec.speech[0].StartS, rec.speech[1].EndS},
		Gaps:   []Span{{rec.speech[0].EndS, rec.speech[1].StartS}}}
	pulse := audiotest.Pulse(t)
	sys := openAudio(t, pulse.Env())

	// playOnce plays the plan's spans, perhaps pressing a key, and returns
	// what the speaker's monitor heard.
	playOnce := func(o Options, key Command, at float64) (heard, planned []int16) {
		t.Helper()
		items, _ := Plan([]Answer{answer}, o)
		tr := track(1, rec, items[0].Spans)
		cmds := make(chan Command, 1)
		pressed := false
		p := &Player{System: sys, Commands: cmds, OnStatus: func(s Status) {
			if key != 0 && !pressed && s.PositionS >= at {
				pressed = true
				cmds <- key
			}
		}}
		stop := pulse.CaptureSpeaker(t)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := p.Play(ctx, []Track{tr}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		return stop(), cut(rec.samples, items[0].Spans)
	}

	heard, planned := playOnce(Options{}, 0, 0)
	corr, offset := audiotest.EnvelopeMatch(planned, heard, rate)
	full := soundSpan(heard)
	t.Logf("whole answer: sound for %.3f s (%.3f s in the recording), envelope correlation %.4f at %.3f s", full, soundSpan(rec.samples), corr, float64(offset)/rate)
	if corr < 0.95 {
		t.Errorf("envelope correlation %.3f, want > 0.95", corr)
	}
	if math.Abs(full-soundSpan(rec.samples)) > 0.05 {
		t.Errorf("sound for %.3f s, the recording's lasts %.3f s", full, soundSpan(rec.samples))
	}

	check := func(name string, heard, planned []int16, shorter float64) {
		t.Helper()
		corr, _ := audiotest.EnvelopeMatch(planned, heard, rate)
		got := full - soundSpan(heard)
		t.Logf("%s: sound for %.3f s, %.3f s shorter (want %.3f), envelope correlation %.4f", name, soundSpan(heard), got, shorter, corr)
		if corr < 0.95 {
			t.Errorf("%s: envelope correlation %.3f, want > 0.95", name, corr)
		}
		if math.Abs(got-shorter) > 0.05 {
			t.Errorf("%s: %.3f s shorter, want %.3f s", name, got, shorter)
		}
	}
	// The 2.5 s pause is cut to 1 s; the silences at the ends are not sound.
	heard, planned = playOnce(Options{SkipPauses: true}, 0, 0)
	check("--skip-pauses", heard, planned, 1.5)
	// From 1.6 s: the sound starts 1.0 s into the first sentence.
	heard, planned = playOnce(Options{FromS: 1.6}, 0, 0)
	check("--from 1.6", heard, planned, 1.0)

	// The right arrow in the first sentence jumps 5 s, into the second:
	// the sound lasts 5 s less, give or take a device block.
	heard, _ = playOnce(Options{}, Forward, 1.0)
	got := full - soundSpan(heard)
	t.Logf("right arrow at 1 s: sound for %.3f s, %.3f s shorter (device latency %v)", soundSpan(heard), got, latency(t, sys))
	if math.Abs(got-SeekS) > 0.25 {
		t.Errorf("right arrow: %.3f s shorter, want %.1f s", got, SeekS)
	}
}

func latency(t *testing.T, sys audio.System) time.Duration {
	pb, err := sys.OpenPlayback(audio.PlaybackConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer pb.Close()
	return pb.Info().Latency
}

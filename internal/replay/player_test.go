package replay

import (
	"context"
	"io"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/testaudio"
)

var (
	fixtureOnce sync.Once
	fixtureDir  string
	fixture     [3]recording
)

// recordings are three answers shared by the player tests: the first
// 8-odd seconds with a 2.5 s pause, the others short.
func recordings(t *testing.T) [3]recording {
	t.Helper()
	// Before the Once: a skip inside it would leave the fixture unmade for
	// every later test.
	testaudio.Need(t, "espeak-ng", "sox")
	fixtureOnce.Do(func() {
		dir, err := osMkdirTemp()
		if err != nil {
			t.Fatal(err)
		}
		fixtureDir = dir
		fixture[0] = spoken(t, dir, 0.5, "Our release was slipping by two weeks.", 2.5, "So I split the work and we shipped on time.", 0.8)
		fixture[1] = spoken(t, dir, "I owned the migration plan.")
		fixture[2] = spoken(t, dir, 0.3, "Customers saw no downtime.")
	})
	if fixture[0].samples == nil {
		t.Fatal("test recordings could not be made")
	}
	return fixture
}

func whole(r recording) []Span { return []Span{{0, float64(len(r.samples)) / rate}} }

func track(n int, r recording, spans []Span) Track {
	return Track{Number: n, WAV: r.path, Spans: spans, DurationS: float64(len(r.samples)) / rate}
}

// play runs a player on a lossless fake speaker, with onStatus given the
// player's command channel.
func play(t *testing.T, tracks []Track, onStatus func(Status, chan<- Command)) (*audio.Fake, []Status, error) {
	t.Helper()
	fake := &audio.Fake{}
	cmds := make(chan Command, 4)
	var statuses []Status
	p := &Player{System: fake, Commands: cmds, OnStatus: func(s Status) {
		statuses = append(statuses, s)
		if onStatus != nil {
			onStatus(s, cmds)
		}
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := p.Play(ctx, tracks)
	return fake, statuses, err
}

// The speaker gets exactly the planned spans of each answer, in order.
func TestPlayerPlaysSpansExactly(t *testing.T) {
	r := recordings(t)
	spans0 := []Span{{0.25, 1.9}, {3.1, 5.2}, {6.05, float64(len(r[0].samples)) / rate}}
	tracks := []Track{track(1, r[0], spans0), track(2, r[1], whole(r[1])), track(3, r[2], []Span{{0.3, 1.0}})}
	fake, statuses, err := play(t, tracks, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append(cut(r[0].samples, spans0), r[1].samples...), cut(r[2].samples, []Span{{0.3, 1.0}})...)
	sameSamples(t, "played", fake.Played(), want)

	// The position never runs backwards within a track and never stops
	// inside a cut.
	last := Status{Track: -1}
	for _, s := range statuses {
		if s.Track < last.Track || (s.Track == last.Track && s.PositionS < last.PositionS-1e-9) {
			t.Fatalf("position went from %+v to %+v", last, s)
		}
		if s.Track == 0 && s.PositionS > 1.9+0.06 && s.PositionS < 3.1-1e-9 {
			t.Fatalf("position %.3f s is inside a cut", s.PositionS)
		}
		last = s
	}
	if last.Track != 2 || math.Abs(last.PositionS-tracks[2].DurationS) > 1e-9 {
		t.Errorf("last status %+v, want the end of track 2", last)
	}
}

// commandAt sends c once, when the position first reaches at seconds in
// track.
func commandAt(track int, at float64, c Command) func(Status, chan<- Command) {
	sent := false
	return func(s Status, cmds chan<- Command) {
		if !sent && s.Track == track && s.PositionS >= at {
			sent = true
			cmds <- c
		}
	}
}

func TestPlayerSeek(t *testing.T) {
	r := recordings(t)
	src := r[0].samples
	step := int(SeekS * rate)
	t.Run("forward", func(t *testing.T) {
		fake, _, err := play(t, []Track{track(1, r[0], whole(r[0]))}, commandAt(0, 1.0, Forward))
		if err != nil {
			t.Fatal(err)
		}
		played := fake.Played()
		l, j := junction(t, played, src)
		if j-l != step || l < rate || l > 2*rate+rate/5 {
			t.Fatalf("jumped from %.3f s to %.3f s, want a jump of %.0f s from about 1 s", float64(l)/rate, float64(j)/rate, SeekS)
		}
	})
	t.Run("back", func(t *testing.T) {
		fake, _, err := play(t, []Track{track(1, r[0], whole(r[0]))}, commandAt(0, 6.5, Back))
		if err != nil {
			t.Fatal(err)
		}
		played := fake.Played()
		l := firstDifference(played, src)
		if l < 0 {
			t.Fatal("nothing was replayed")
		}
		if len(played) != len(src)+step {
			t.Fatalf("played %d samples, want %d: the recording plus the %.0f s heard again", len(played), len(src)+step, SeekS)
		}
		sameSamples(t, "after the jump back", played[l:], src[l-step:])
	})
	t.Run("forward past the end goes to the next answer", func(t *testing.T) {
		fake, _, err := play(t, []Track{track(1, r[1], whole(r[1])), track(2, r[2], whole(r[2]))}, commandAt(0, 0.2, Forward))
		if err != nil {
			t.Fatal(err)
		}
		played := fake.Played()
		l, j := junction(t, played, append(append([]int16(nil), r[1].samples...), r[2].samples...))
		if j != len(r[1].samples) || l >= j {
			t.Fatalf("jumped from %.3f s to %.3f s, want to the second answer's start at %.3f s", float64(l)/rate, float64(j)/rate, float64(len(r[1].samples))/rate)
		}
	})
	t.Run("forward into a cut starts the next span", func(t *testing.T) {
		spans := []Span{{0, 1.5}, {7.0, 8.0}}
		fake, _, err := play(t, []Track{track(1, r[0], spans)}, commandAt(0, 0.5, Forward))
		if err != nil {
			t.Fatal(err)
		}
		played := fake.Played()
		want := cut(src, spans)
		l, j := junction(t, played, want)
		if j != int(1.5*rate) {
			t.Fatalf("jumped from %.3f s to %.3f s of the plan, want to its second span at 1.5 s", float64(l)/rate, float64(j)/rate)
		}
	})
}

// Pausing drops what was queued and resuming starts where the sound broke
// off: nothing is lost or heard twice.
func TestPlayerPauseResume(t *testing.T) {
	r := recordings(t)
	paused := 0
	fake, statuses, err := play(t, []Track{track(1, r[0], whole(r[0]))}, func(s Status, cmds chan<- Command) {
		commandAtOnce(&paused, s, cmds)
	})
	if err != nil {
		t.Fatal(err)
	}
	sameSamples(t, "played", fake.Played(), r[0].samples)
	sawPause := false
	for _, s := range statuses {
		sawPause = sawPause || s.Paused
	}
	if !sawPause {
		t.Error("no status said paused")
	}
}

// commandAtOnce pauses at 1 s and resumes when the pause is reported.
func commandAtOnce(state *int, s Status, cmds chan<- Command) {
	switch {
	case *state == 0 && s.PositionS >= 1:
		*state = 1
		cmds <- TogglePause
	case *state == 1 && s.Paused:
		*state = 2
		cmds <- TogglePause
	}
}

func TestPlayerNextPreviousQuit(t *testing.T) {
	r := recordings(t)
	tracks := []Track{track(1, r[0], whole(r[0])), track(2, r[1], whole(r[1])), track(3, r[2], whole(r[2]))}
	t.Run("next and previous", func(t *testing.T) {
		step := 0
		fake, _, err := play(t, tracks, func(s Status, cmds chan<- Command) {
			switch {
			case step == 0 && s.Track == 0 && s.PositionS >= 0.5:
				step++
				cmds <- Next
			case step == 1 && s.Track == 1 && s.PositionS >= 0.5:
				step++
				cmds <- Previous
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		played := fake.Played()
		// Part of 1, part of 2, then 1, 2 and 3 whole.
		var tail []int16
		for _, rec := range r {
			tail = append(tail, rec.samples...)
		}
		if len(played) < len(tail)+rate {
			t.Fatalf("played %d samples, want the three answers (%d) after a second of the first two", len(played), len(tail))
		}
		sameSamples(t, "after previous", played[len(played)-len(tail):], tail)
		head := played[:len(played)-len(tail)]
		l := firstDifference(head, r[0].samples)
		// The device may take up to the queue (1 s) between the status
		// that prompts the key and the key.
		if l < rate/2 || l > 2*rate {
			t.Fatalf("first answer broke off at %.3f s, want between 0.5 s and 2 s", float64(l)/rate)
		}
		sameSamples(t, "second answer's start", head[l:], r[1].samples[:len(head)-l])
	})
	t.Run("quit", func(t *testing.T) {
		fake, _, err := play(t, tracks, commandAt(0, 1.0, Quit))
		if err != nil {
			t.Fatal(err)
		}
		played := fake.Played()
		if len(played) < rate || len(played) > 2*rate+rate/5 {
			t.Fatalf("played %.3f s, want 1 s to 2 s", float64(len(played))/rate)
		}
		sameSamples(t, "before quitting", played, r[0].samples[:len(played)])
	})
	t.Run("next on the last answer ends", func(t *testing.T) {
		_, _, err := play(t, tracks[2:], commandAt(0, 0.1, Next))
		if err != nil {
			t.Fatal(err)
		}
	})
}

// Keys typed on the terminal drive the player: the test types them into a
// pipe when the position reaches the point to act on.
func TestKeysDrivePlayer(t *testing.T) {
	r := recordings(t)
	src := r[0].samples
	pr, pw := io.Pipe()
	cmds := make(chan Command, 4)
	go ReadKeys(pr, cmds)
	defer pw.Close()
	fake := &audio.Fake{}
	typed := false
	p := &Player{System: fake, Commands: cmds, OnStatus: func(s Status) {
		if !typed && s.PositionS >= 1 {
			typed = true
			// Right arrow: its three bytes in one write, as a terminal sends them.
			go pw.Write([]byte("\x1b[C"))
		}
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := p.Play(ctx, []Track{track(1, r[0], whole(r[0]))}); err != nil {
		t.Fatal(err)
	}
	l, j := junction(t, fake.Played(), src)
	if l < rate || j-l != int(SeekS*rate) {
		t.Fatalf("jumped from %.3f s to %.3f s, want %.0f s on from 1 s or later", float64(l)/rate, float64(j)/rate, SeekS)
	}
}

func TestReadKeys(t *testing.T) {
	cmds := make(chan Command, 16)
	in := " \x1b[C\x1b[Dxnp\x1b[1;5C\x1bOD\x1b[A q n"
	if err := ReadKeys(stringsReader(in), cmds); err != nil {
		t.Fatal(err)
	}
	close(cmds)
	var got []Command
	for c := range cmds {
		got = append(got, c)
	}
	want := []Command{TogglePause, Forward, Back, Next, Previous, Forward, Back, TogglePause, Quit}
	if len(got) != len(want) {
		t.Fatalf("commands %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("commands %v, want %v", got, want)
		}
	}
}

// Cancelling the context (Ctrl-C off raw mode) stops at once.
func TestPlayerCancel(t *testing.T) {
	r := recordings(t)
	fake := &audio.Fake{Realtime: true, Clock: audio.NewStepClock()}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Player{System: fake, OnStatus: func(s Status) {
		if s.PositionS >= 0.3 {
			cancel()
		}
	}}
	start := time.Now()
	err := p.Play(ctx, []Track{track(1, r[0], whole(r[0]))})
	if err != context.Canceled {
		t.Fatalf("Play returned %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to stop", d)
	}
}

package cli

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/record"
	"github.com/starcoach/starcoach/internal/ui"
)

// Flags become the recorder's options; a recording nothing could stop is
// refused when stdin is not a terminal.
func TestRecordFlags(t *testing.T) {
	parse := func(tty bool, args ...string) (record.Options, error) {
		streams, _, _, _ := ui.Test()
		streams.SetTTY(tty, false, false)
		var got record.Options
		cmd := newRecordCmd(&Env{Streams: streams}, func(_ *recordOptions, ro record.Options) error { got = ro; return nil })
		cmd.SetArgs(args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		return got, err
	}
	ro, err := parse(true, "--countdown", "0", "--limit", "1:30", "--max", "2:30", "--stop-after-silence", "4", "--rate", "48000", "--channels", "2", "-d", "USB", "-q", "Why?", "--context", "Ownership", "--force", "x.wav")
	if err != nil {
		t.Fatal(err)
	}
	if ro.Path != "x.wav" || ro.Countdown != 0 || ro.Analyze.LimitS != 90 || ro.Max != 150*time.Second || ro.StopAfterSilence != 4*time.Second ||
		ro.SampleRate != 48000 || ro.Channels != 2 || ro.Device != "USB" || ro.Question != "Why?" || ro.Context != "Ownership" || !ro.Force || ro.Duration != 0 {
		t.Errorf("options %+v", ro)
	}
	if ro, err := parse(true); err != nil || ro.Countdown != 3*time.Second || ro.Path != "" {
		t.Errorf("defaults: %+v, %v", ro, err)
	}
	_, err = parse(false, "x.wav")
	if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), "pass --duration") {
		t.Errorf("not a terminal: %v", err)
	}
	for _, args := range [][]string{{"--duration", "2:00"}, {"--stop-after-silence", "3"}} {
		if _, err := parse(false, args...); err != nil {
			t.Errorf("%q: %v", args, err)
		}
	}
	if _, err := parse(true, "--max", "0"); err == nil {
		t.Error("--max 0 accepted")
	}
}

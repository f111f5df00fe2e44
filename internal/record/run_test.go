package record

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/ui"
)

// Overflows reach the user: in the analysis's warnings, and in --json.
func TestRunPrintsOverflows(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		streams, _, out, _ := ui.Test()
		fake := &audio.Fake{Realtime: true, Clock: audio.NewStepClock(), OverflowBlocks: []int{1, 4, 7}}
		open := func(io.Writer) (audio.System, error) { return fake, nil }
		path := filepath.Join(t.TempDir(), "answer.wav")
		if err := Run(context.Background(), open, Options{Path: path, Duration: 600 * time.Millisecond}, streams, time.Now, asJSON); err != nil {
			t.Fatal(err)
		}
		if !asJSON {
			if !strings.Contains(out.String(), "  ! 3 overflows: sound was lost 3 times") {
				t.Errorf("analysis:\n%s", out)
			}
			continue
		}
		var got Timing
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if got.Overflows != 3 || got.Capture.DeviceOverflows != 3 || got.StoppedBy != "duration" || got.Frames != 9600 || got.File != path {
			t.Errorf("json %+v", got)
		}
	}
}

// Without a name the answer goes to the current folder under the time it
// was started, and the user is told where.
func TestRunNamesTheFileByTheTime(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	streams, _, _, errOut := ui.Test()
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 15, 4, 0, time.UTC) }
	open := func(io.Writer) (audio.System, error) { return &audio.Fake{}, nil }
	if err := Run(context.Background(), open, Options{Duration: 200 * time.Millisecond}, streams, now, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "answer-20261123-091504.wav")); err != nil || !strings.Contains(errOut.String(), "recording to answer-20261123-091504.wav") {
		t.Errorf("%v; stderr %q", err, errOut)
	}
}

func TestCheck(t *testing.T) {
	ok := Options{SampleRate: 16000, Channels: 1}
	if err := ok.Check(true); err != nil {
		t.Errorf("16 kHz mono with keys: %v", err)
	}
	for _, tc := range []struct {
		o    Options
		keys bool
		want string
	}{
		{Options{SampleRate: 4000, Channels: 1}, true, "--rate 4000 is out of range"},
		{Options{SampleRate: 16000, Channels: 33}, true, "--channels 33 is out of range"},
		{ok, false, "pass --duration"},
	} {
		if err := tc.o.Check(tc.keys); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v keys %v: %v, want %q", tc.o, tc.keys, err, tc.want)
		}
	}
	for _, o := range []Options{{SampleRate: 16000, Channels: 1, Duration: time.Second}, {SampleRate: 16000, Channels: 1, StopAfterSilence: time.Second}} {
		if err := o.Check(false); err != nil {
			t.Errorf("an end of its own, no keys: %v", err)
		}
	}
}

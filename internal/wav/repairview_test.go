package wav

import (
	"bytes"
	"testing"
)

func TestWriteRepair(t *testing.T) {
	for _, tc := range []struct {
		res    RepairResult
		asJSON bool
		want   string
	}{
		{RepairResult{Frames: 16000, FramesBefore: 16000, DurationS: 1}, false, "a.wav: header already correct (0:01)\n"},
		{RepairResult{Frames: 32000, FramesBefore: -1, DurationS: 2, Changed: true}, false, "a.wav: repaired, 0:02 of audio\n"},
		{RepairResult{Frames: 32000, DroppedBytes: 1, DurationS: 2, Changed: true}, false, "a.wav: repaired, 0:02 of audio (dropped 1 bytes of a partial last frame)\n"},
		{RepairResult{Frames: 32000, FramesBefore: -1, DurationS: 2, Changed: true}, true, `{"file":"a.wav","frames_before":-1,"frames":32000,"dropped_bytes":0,"duration_s":2,"already_correct":false}` + "\n"},
	} {
		var b bytes.Buffer
		if err := WriteRepair(&b, "a.wav", tc.res, tc.asJSON); err != nil || b.String() != tc.want {
			t.Errorf("%+v: %v %q; want %q", tc.res, err, b.String(), tc.want)
		}
	}
}

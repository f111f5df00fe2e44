//go:build linux

package wav

import (
	"os/exec"
	"testing"
)

// A correct file is only read: repair reports it correct even where it
// cannot be written. An immutable file (chattr +i) stands in for a
// read-only disk, since root may write any file whatever its mode.
func TestRepairOfACorrectFileOnlyReads(t *testing.T) {
	path := writeFile(t, t.TempDir(), "ok.wav", buildWAV(ck("fmt ", fmtBody(1, 1, 16000, 16)), ck("data", pcm16(ramp16(1600)...))))
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("chattr +i: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
	res, err := Repair(path)
	if err != nil {
		t.Fatalf("repair of a correct file it cannot write: %v", err)
	}
	if res.Changed || res.Frames != 1600 {
		t.Errorf("changed %v, %d frames", res.Changed, res.Frames)
	}
}

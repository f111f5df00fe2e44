package proc

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
)

func TestAlive(t *testing.T) {
	if !Alive(os.Getpid()) {
		t.Fatal("this process is not alive")
	}
	if runtime.GOOS == "windows" {
		return
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	// The child has been waited for: its id names no process now (the
	// system does not hand it out again this soon).
	if Alive(cmd.Process.Pid) {
		t.Fatalf("process %d, waited for, is still alive", cmd.Process.Pid)
	}
}

package audio_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/audio"
	"github.com/starcoach/starcoach/internal/audio/audiotest"
)

// The figures that matter for recording, measured on the real-time
// PulseAudio virtual microphone (go test -run '^$' -bench . ./internal/audio):
//
//	BenchmarkCaptureCPU          CPU of 30 s of 16 kHz capture (target < 3% of a core)
//	BenchmarkFirstBlock          Open to first captured block (target well under 300 ms)
//	BenchmarkOverflowsBusyCores  losses while every core is busy (target 0 in 5 minutes)
//
// Their own flags follow -args: go test -bench Busy ./internal/audio -args -busy-duration=1m
var (
	cpuDuration  = flag.Duration("capture-duration", 30*time.Second, "how long BenchmarkCaptureCPU records")
	busyDuration = flag.Duration("busy-duration", 5*time.Minute, "how long BenchmarkOverflowsBusyCores records")
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// record captures from the default device for d with a reader that keeps
// up, as the recorder's does, and returns the capture's counts.
func record(b *testing.B, sys audio.System, d time.Duration) audio.CaptureStats {
	b.Helper()
	c, err := sys.OpenCapture(audio.CaptureConfig{})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Start(); err != nil {
		b.Fatal(err)
	}
	wait := readAll(c)
	time.Sleep(d)
	c.Stop()
	if _, err := wait(); err != nil {
		b.Fatal(err)
	}
	return c.Stats()
}

func BenchmarkCaptureCPU(b *testing.B) {
	pulse := audiotest.Pulse(b)
	sys := open(b, pulse.Env())
	for b.Loop() {
		cpu0, wall0 := cpuTime(), time.Now()
		st := record(b, sys, *cpuDuration)
		cpu, wall := cpuTime()-cpu0, time.Since(wall0)
		b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "%core")
		b.ReportMetric(float64(st.Overflows()), "overflows")
		b.ReportMetric(float64(st.Frames)/16000/wall.Seconds(), "realtime-factor")
	}
}

// firstBlockChild opens the default microphone, waits for its first block
// and says so on stdout.
func firstBlockChild() int {
	sys, err := audio.Open(nil)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer sys.Close()
	c, err := sys.OpenCapture(audio.CaptureConfig{})
	if err == nil {
		err = c.Start()
	}
	if err == nil {
		_, err = c.Read(make([]int16, 800))
	}
	if err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println("first block")
	c.Close()
	return 0
}

func BenchmarkFirstBlock(b *testing.B) {
	pulse := audiotest.Pulse(b)
	audiotest.Setenv(b, pulse.Env())
	b.Run("in-process", func(b *testing.B) { firstBlockInProcess(b) })
	// From starting a process to its first block: what a user waits for
	// after typing the command, less the command's own set-up.
	b.Run("new-process", func(b *testing.B) {
		var total, worst time.Duration
		for b.Loop() {
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), childEnv+"=firstblock")
			out, err := cmd.StdoutPipe()
			if err != nil {
				b.Fatal(err)
			}
			begin := time.Now()
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			line, _ := bufio.NewReader(out).ReadString('\n')
			took := time.Since(begin)
			cmd.Wait()
			if line != "first block\n" {
				b.Fatalf("child: %q", line)
			}
			total += took
			worst = max(worst, took)
		}
		b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-first-block")
		b.ReportMetric(float64(worst.Milliseconds()), "ms-worst")
	})
}

func firstBlockInProcess(b *testing.B) {
	var total, worst time.Duration
	buf := make([]int16, 800)
	for b.Loop() {
		begin := time.Now()
		sys, err := audio.Open(nil)
		if err != nil {
			b.Fatal(err)
		}
		c, err := sys.OpenCapture(audio.CaptureConfig{})
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Start(); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Read(buf); err != nil {
			b.Fatal(err)
		}
		took := time.Since(begin)
		total += took
		worst = max(worst, took)
		c.Close()
		sys.Close()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-first-block")
	b.ReportMetric(float64(worst.Milliseconds()), "ms-worst")
}

// busyChild keeps every core busy until it is killed.
func busyChild() {
	for range runtime.NumCPU() {
		go func() {
			for x := 0; ; x++ {
				_ = x * x
			}
		}()
	}
	select {}
}

func BenchmarkOverflowsBusyCores(b *testing.B) {
	pulse := audiotest.Pulse(b)
	sys := open(b, pulse.Env())
	b.Run("other-process", func(b *testing.B) {
		for b.Loop() {
			busy := exec.Command(os.Args[0])
			busy.Env = append(os.Environ(), childEnv+"=busy")
			if err := busy.Start(); err != nil {
				b.Fatal(err)
			}
			begin := time.Now()
			st := record(b, sys, *busyDuration)
			busy.Process.Kill()
			busy.Wait()
			b.ReportMetric(float64(st.Overflows()), "overflows")
			b.ReportMetric(float64(st.DroppedFrames), "dropped-frames")
			b.ReportMetric(float64(st.Frames)/16000/time.Since(begin).Seconds(), "realtime-factor")
		}
	})
	b.Run("same-process", func(b *testing.B) {
		// Busy goroutines compete with the audio callback for the Go
		// scheduler itself, the harder case.
		for b.Loop() {
			stop := make(chan struct{})
			for range runtime.NumCPU() {
				go func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
					}
				}()
			}
			begin := time.Now()
			st := record(b, sys, *busyDuration)
			close(stop)
			b.ReportMetric(float64(st.Overflows()), "overflows")
			b.ReportMetric(float64(st.DroppedFrames), "dropped-frames")
			b.ReportMetric(float64(st.Frames)/16000/time.Since(begin).Seconds(), "realtime-factor")
		}
	})
}

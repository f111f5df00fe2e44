package main

import (
	"math"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/starcoach/starcoach/internal/wav"
)

// tone is the script command "tone FILE SECONDS HZ": a 16 kHz mono 16-bit
// sine wave at half scale, the test recording scripts need when what is
// in it does not matter, made without sox so that they run in the fast
// tier on a machine with no system packages.
func tone(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: tone FILE SECONDS HZ")
	}
	secs, err := strconv.ParseFloat(args[1], 64)
	ts.Check(err)
	hz, err := strconv.ParseFloat(args[2], 64)
	ts.Check(err)
	const rate = 16000
	w, err := wav.Create(ts.MkAbs(args[0]), wav.Format{SampleRate: rate, Channels: 1, BitsPerSample: 16}, wav.CreateOptions{})
	ts.Check(err)
	samples := make([]int16, int(math.Round(secs*rate)))
	for i := range samples {
		samples[i] = int16(16384 * math.Sin(2*math.Pi*hz*float64(i)/rate))
	}
	ts.Check(w.WriteInt16(samples))
	ts.Check(w.Close())
}

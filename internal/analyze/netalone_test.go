package analyze

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"testing"

	"github.com/starcoach/starcoach/internal/resample"
	"github.com/starcoach/starcoach/internal/vad"
	"github.com/starcoach/starcoach/internal/wav"
)

// The speech network on its own, for the per-source table: Silero VAD as
// internal/vad computes it, its probabilities turned into speech the way
// Silero's own getSpeechTimestamps does (speech from a chunk at or over
// the threshold until the probability has stayed under 0.15 less than it
// for the minimum silence; stretches under 250 ms dropped; 30 ms of
// padding each side). Its only settings are the threshold and the minimum
// silence; the row "tuned without this source" chooses them
// leave-one-source-out as starcoach's are, and Silero's defaults (0.5 and
// 100 ms) are printed beside, chosen on none of these sources.
//
// The analyzer itself uses the network as a gate on the spectral evidence
// and the level (see net.go); these rows show the network with nothing
// else, as Silero's users get it.

// netSetting is one setting of the network alone.
type netSetting struct {
	threshold  float64
	minSilence float64 // seconds
}

func (s netSetting) String() string {
	return fmt.Sprintf("threshold %.2f, minimum silence %.0f ms", s.threshold, s.minSilence*1000)
}

// sileroDefaults are getSpeechTimestamps' defaults.
var sileroDefaults = netSetting{threshold: 0.5, minSilence: 0.1}

// netGrid is the settings tried; Silero's defaults are among them.
var netGrid = func() []netSetting {
	var g []netSetting
	for _, thr := range []float64{0.2, 0.3, 0.4, 0.5, 0.6, 0.7} {
		for _, ms := range []float64{0.1, 0.2, 0.3, 0.5} {
			g = append(g, netSetting{thr, ms})
		}
	}
	return g
}()

const (
	netChunkS    = float64(vad.ChunkSize) / vad.SampleRate
	netMinSpeech = 0.25
	netPad       = 0.03
)

// netProbs is the network's probability for every whole chunk of a WAV
// file, converted to 16 kHz if it is not.
func netProbs(t *testing.T, b []byte) []float32 {
	r, err := wav.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var x []float32
	buf := make([]float32, 1<<14)
	for {
		n, err := r.ReadMono(buf)
		x = append(x, buf[:n]...)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if rate := r.Format().SampleRate; rate != vad.SampleRate {
		rs, err := resample.New(rate, vad.SampleRate)
		if err != nil {
			t.Fatal(err)
		}
		x = rs.Flush(rs.Process(nil, x))
	}
	p := make([]float32, len(x)/vad.ChunkSize)
	vad.New().Chunks(p, x[:len(p)*vad.ChunkSize])
	return p
}

// netSpeech is the speech the probabilities p say, with setting s, in a
// clip of dur seconds.
func netSpeech(p []float32, s netSetting, dur float64) segments {
	var raw segments
	on, start, tempEnd := false, 0.0, -1.0
	neg := s.threshold - 0.15
	for k, v := range p {
		at := float64(k) * netChunkS
		pv := float64(v)
		if pv >= s.threshold {
			tempEnd = -1
			if !on {
				on, start = true, at
			}
			continue
		}
		if on && pv < neg {
			if tempEnd < 0 {
				tempEnd = at
			}
			if at+netChunkS-tempEnd >= s.minSilence {
				raw = append(raw, [2]float64{start, tempEnd})
				on, tempEnd = false, -1
			}
		}
	}
	if on {
		raw = append(raw, [2]float64{start, float64(len(p)) * netChunkS})
	}
	var out segments
	for _, g := range raw {
		if g[1]-g[0] < netMinSpeech {
			continue
		}
		out = append(out, [2]float64{math.Max(g[0]-netPad, 0), math.Min(g[1]+netPad, dur)})
	}
	return union(out)
}

// netAloneRows scores the network alone on every clip: leave-one-source-out
// over netGrid, and with Silero's defaults. chosen gets the setting chosen
// without each group.
func netAloneRows(t *testing.T, clips []evalClip) (rows []*looRow, chosen map[string]netSetting) {
	scores := make([][]score, len(clips))
	for i, c := range clips {
		p := netProbs(t, c.wav)
		scores[i] = make([]score, len(netGrid))
		for k, s := range netGrid {
			scores[i][k] = scoreClip(c.labels, netSpeech(p, s, c.dur), c.dur)
		}
	}
	best := bestWithout(clips, scores)
	def := -1
	for k, s := range netGrid {
		if s == sileroDefaults {
			def = k
		}
	}
	if def < 0 {
		t.Fatal("Silero's defaults are not in the grid")
	}
	chosen = map[string]netSetting{"": netGrid[best("")]}
	for _, c := range clips {
		chosen[groupOf(c.source)] = netGrid[best(groupOf(c.source))]
	}
	loo := &looRow{name: "the network alone (internal/vad), tuned without this source"}
	plain := &looRow{name: "the network alone (internal/vad), Silero's defaults (" + sileroDefaults.String() + ")"}
	for i, c := range clips {
		loo.add(c.source, scores[i][best(groupOf(c.source))])
		plain.add(c.source, scores[i][def])
	}
	return []*looRow{loo, plain}, chosen
}

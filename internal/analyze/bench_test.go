package analyze

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// speechLike is deterministic audio with the level contour of speech:
// syllables of a few hundred milliseconds at varying loudness, gaps
// between words and longer pauses, over low noise.
func speechLike(seconds float64, rate int) []float32 {
	rng := rand.New(rand.NewPCG(1, 2))
	n := int(seconds * float64(rate))
	x := make([]float32, n)
	for i := 0; i < n; {
		syllable := int((0.1 + 0.25*rng.Float64()) * float64(rate))
		amp := 0.05 + 0.4*rng.Float64()
		f := 100 + 200*rng.Float64()
		for j := 0; j < syllable && i < n; j, i = j+1, i+1 {
			env := math.Sin(math.Pi * float64(j) / float64(syllable))
			ph := 2 * math.Pi * f * float64(j) / float64(rate)
			v := amp * env * (0.6*math.Sin(ph) + 0.3*math.Sin(3*ph) + 0.1*(rng.Float64()*2-1))
			x[i] = float32(v + 0.001*(rng.Float64()*2-1))
		}
		pause := 0
		switch r := rng.Float64(); {
		case r < 0.05:
			pause = int(1.5 * float64(rate))
		case r < 0.25:
			pause = int(0.4 * float64(rate))
		case r < 0.6:
			pause = int(0.06 * float64(rate))
		}
		for j := 0; j < pause && i < n; j, i = j+1, i+1 {
			x[i] = float32(0.001 * (rng.Float64()*2 - 1))
		}
	}
	return x
}

// BenchmarkFeed is the analyser's own work per sample and frame, with the
// audio already decoded; MB/s counts the 16-bit bytes the samples would be
// in a WAV file.
func BenchmarkFeed(b *testing.B) {
	x := speechLike(60, 16000)
	b.SetBytes(int64(2 * len(x)))
	b.ReportAllocs()
	for b.Loop() {
		a := New(DefaultOptions())
		for i := 0; i < len(x); i += 8192 {
			a.Feed(x[i:min(i+8192, len(x))])
		}
		_ = a.Result()
	}
}

// BenchmarkStream is ten minutes of WAV file from memory: reading, analysis
// and the result; MB/s counts the file's bytes. 16-bit mono is measured as
// stored, 16-bit stereo is decoded and mixed to floats first.
func BenchmarkStream(b *testing.B) {
	x := speechLike(600, 16000)
	for _, f := range []struct {
		name string
		file []byte
	}{
		{"mono", wavBytes(x, 16000)},
		{"stereo", wavFile(1, 2, 16000, 16, stereo16(x))},
	} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(f.file)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Stream(bytes.NewReader(f.file), DefaultOptions()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMeasure is the per-sample work alone, on 10 ms frames of floats
// and of 16-bit samples as stored; MB/s counts 16-bit bytes.
func BenchmarkMeasure(b *testing.B) {
	x := speechLike(60, 16000)
	ints := make([]int16, len(x))
	for i, v := range x {
		ints[i] = int16(v * 32767)
	}
	b.Run("float32", func(b *testing.B) { benchMeasure(b, x) })
	b.Run("int16", func(b *testing.B) { benchMeasure(b, ints) })
}

func benchMeasure[S sample](b *testing.B, x []S) {
	b.SetBytes(int64(2 * len(x)))
	sc := scaleOf[S]()
	var st frameStats
	w := newSpectrumWork(planFor(16000, 160))
	for b.Loop() {
		for i := 0; i+160 <= len(x); i += 160 {
			measureFrame(&st, x[i:i+160], 0, sc, w)
		}
	}
}

// stereo16 is x on both channels, as 16-bit samples.
func stereo16(x []float32) []byte {
	b := make([]byte, 0, 4*len(x))
	for _, v := range x {
		s := uint16(int16(math.Max(-32768, math.Min(32767, math.Round(float64(v)*32768)))))
		b = binary.LittleEndian.AppendUint16(b, s)
		b = binary.LittleEndian.AppendUint16(b, s)
	}
	return b
}

// BenchmarkResult is the segmentation of an hour's level record, as
// shipped and without the level gate (see gate.go), for what the gate
// costs.
func BenchmarkResult(b *testing.B) {
	a := New(DefaultOptions())
	x := speechLike(60, 16000)
	for range 60 {
		a.Feed(x)
	}
	for _, c := range []struct {
		name string
		tune tuning
	}{{"shipped", defaultTuning}, {"no-gate", tuning{}}} {
		b.Run(c.name, func(b *testing.B) {
			a.tune = c.tune
			b.ReportAllocs()
			for b.Loop() {
				_ = a.Result()
			}
		})
	}
}

// wavBytes encodes mono samples as a 16-bit PCM WAV file.
func wavBytes(x []float32, rate int) []byte {
	var b bytes.Buffer
	data := 2 * len(x)
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36+data))
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(1), uint32(rate), uint32(2 * rate), uint16(2), uint16(16)} {
		binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, uint32(data))
	for _, v := range x {
		s := math.Round(float64(v) * 32768)
		s = math.Max(-32768, math.Min(32767, s))
		binary.Write(&b, binary.LittleEndian, int16(s))
	}
	return b.Bytes()
}

// BenchmarkVoiceRatio is the cost of the voice over time (pitch, pace,
// loudness) on two minutes of voice-like sound fed as a file is read, with
// Result at the end, as a multiple of the timing alone: the voice may at
// most double the analysis time, so x-timing must stay under 2. The two
// runs alternate, and the ratio is of the CPU time each used in all its
// rounds (cpuTime), which other work on the machine does not inflate as
// it does elapsed time.
func BenchmarkVoiceRatio(b *testing.B) {
	x := speechLike(120, 16000)
	run := func(noVoice bool) time.Duration {
		start := cpuTime()
		o := DefaultOptions()
		o.NoVoice = noVoice
		a := New(o)
		for i := 0; i < len(x); i += 8192 {
			a.Feed(x[i:min(i+8192, len(x))])
		}
		_ = a.Result()
		return cpuTime() - start
	}
	voiceRatio(b, run)
}

// BenchmarkVoiceRatioStream is BenchmarkVoiceRatio through Stream, as
// starcoach analyze reads a 16-bit file: the timing's own path is fastest
// there, so the voice's share is largest.
func BenchmarkVoiceRatioStream(b *testing.B) {
	streamVoiceRatio(b, wavBytes(speechLike(120, 16000), 16000))
}

// streamVoiceRatio is voiceRatio for the WAV file data read through
// Stream.
func streamVoiceRatio(b *testing.B, data []byte) {
	voiceRatio(b, func(noVoice bool) time.Duration {
		start := cpuTime()
		o := DefaultOptions()
		o.NoVoice = noVoice
		if _, err := Stream(bytes.NewReader(data), o); err != nil {
			b.Fatal(err)
		}
		return cpuTime() - start
	})
}

func voiceRatio(b *testing.B, run func(noVoice bool) time.Duration) {
	var with, without time.Duration
	rounds := 0
	for b.Loop() {
		with += run(false)
		without += run(true)
		rounds++
	}
	b.ReportMetric(float64(with)/float64(without), "x-timing")
	b.ReportMetric(float64(with.Microseconds())/1000/float64(rounds), "cpu-ms-with-voice")
	b.ReportMetric(float64(without.Microseconds())/1000/float64(rounds), "cpu-ms-timing-alone")
}

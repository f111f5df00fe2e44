package resample

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

func tone(freq float64, rate, n int, amp float64) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return out
}

func convert(t testing.TB, from, to int, in []float32) []float32 {
	t.Helper()
	r, err := New(from, to)
	if err != nil {
		t.Fatal(err)
	}
	out := r.Process(nil, in)
	return r.Flush(out)
}

// rms measures the middle of a signal, away from the filter's run-in and
// run-out at the edges.
func rms(x []float32, skip int) float64 {
	x = x[skip : len(x)-skip]
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}

func db(ratio float64) float64 { return 20 * math.Log10(ratio) }

// TestPassband checks that speech frequencies keep their level within
// 0.1 dB at every common recording rate, both down and up.
func TestPassband(t *testing.T) {
	for _, from := range []int{8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000, 192000, 44056} {
		for _, freq := range []float64{100, 1000, 3000} {
			if freq >= 0.43*float64(from) {
				continue
			}
			name := fmt.Sprintf("%d/%gHz", from, freq)
			t.Run(name, func(t *testing.T) {
				in := tone(freq, from, from, 0.5) // one second
				out := convert(t, from, 16000, in)
				gain := db(rms(out, 2000) / rms(in, from/8))
				if math.Abs(gain) > 0.1 {
					t.Errorf("%g Hz at %d Hz -> 16 kHz: gain %.3f dB, want within 0.1 dB", freq, from, gain)
				}
			})
		}
	}
}

// TestAntiAlias feeds tones above the new Nyquist frequency (8 kHz): they
// must not fold back into the output. The telling case is 9 kHz at
// 44.1 kHz, which would otherwise come out at 7 kHz.
func TestAntiAlias(t *testing.T) {
	cases := []struct {
		from int
		freq float64
	}{
		{44100, 9000}, {44100, 8100}, {44100, 12000}, {44100, 20000},
		{48000, 9000}, {48000, 15000}, {22050, 9000}, {22050, 10500},
		{96000, 9000}, {96000, 30000}, {192000, 9000}, {192000, 70000},
		{32000, 9000}, {44056, 9000},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d/%gHz", c.from, c.freq), func(t *testing.T) {
			in := tone(c.freq, c.from, c.from, 0.9)
			out := convert(t, c.from, 16000, in)
			att := -db(rms(out, 2000) / rms(in, c.from/8))
			t.Logf("%g Hz at %d Hz: attenuated %.1f dB", c.freq, c.from, att)
			if att < 60 {
				t.Errorf("%g Hz at %d Hz -> 16 kHz: attenuated only %.1f dB, want >= 60 dB", c.freq, c.from, att)
			}
		})
	}
}

// TestUpsampleImages checks that going up (8 kHz telephone audio to 16 kHz)
// adds no mirror image of a tone above the old Nyquist frequency.
func TestUpsampleImages(t *testing.T) {
	in := tone(3000, 8000, 8000, 0.5)
	out := convert(t, 8000, 16000, in)
	// The image of 3 kHz would sit at 8 - 3 = 5 kHz. Measure it with a
	// single-bin DFT.
	image := goertzel(out[1000:len(out)-1000], 5000, 16000)
	signal := goertzel(out[1000:len(out)-1000], 3000, 16000)
	if r := db(image / signal); r > -60 {
		t.Errorf("5 kHz image of a 3 kHz tone at %.1f dB, want below -60 dB", r)
	}
}

func goertzel(x []float32, freq float64, rate int) float64 {
	w := 2 * math.Pi * freq / float64(rate)
	c := 2 * math.Cos(w)
	var s1, s2 float64
	for _, v := range x {
		s0 := float64(v) + c*s1 - s2
		s2, s1 = s1, s0
	}
	return math.Sqrt(s1*s1+s2*s2-c*s1*s2) / float64(len(x))
}

// TestLength checks that n input samples give ceil(n*to/from) output
// samples, within a sample of the exact length, for any way the input is
// cut into blocks.
func TestLength(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, from := range []int{8000, 11025, 22050, 44100, 48000, 96000, 192000, 44056, 16000} {
		for _, n := range []int{0, 1, 7, 441, 1000, 44100, 100003} {
			r, err := New(from, 16000)
			if err != nil {
				t.Fatal(err)
			}
			in := make([]float32, n)
			var out []float32
			for len(in) > 0 {
				k := rng.Intn(5000) + 1
				if k > len(in) {
					k = len(in)
				}
				out = r.Process(out, in[:k])
				in = in[k:]
			}
			out = r.Flush(out)
			exact := float64(n) * 16000 / float64(from)
			if want := OutputLen(int64(n), from, 16000); int64(len(out)) != want || math.Abs(float64(len(out))-exact) >= 1 {
				t.Errorf("%d samples at %d Hz: %d out, want %d (exactly %.3f)", n, from, len(out), want, exact)
			}
		}
	}
}

// TestStreamingMatchesWhole checks that the block size does not change a
// single output sample.
func TestStreamingMatchesWhole(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	in := make([]float32, 30000)
	for i := range in {
		in[i] = float32(rng.NormFloat64() * 0.2)
	}
	for _, from := range []int{44100, 22050, 8000, 44056} {
		whole := convert(t, from, 16000, in)
		r, _ := New(from, 16000)
		var parts []float32
		for i := 0; i < len(in); {
			k := min(rng.Intn(700)+1, len(in)-i)
			parts = r.Process(parts, in[i:i+k])
			i += k
		}
		parts = r.Flush(parts)
		if len(parts) != len(whole) {
			t.Fatalf("%d Hz: %d samples in blocks, %d whole", from, len(parts), len(whole))
		}
		for i := range whole {
			if parts[i] != whole[i] {
				t.Fatalf("%d Hz: sample %d is %g in blocks, %g whole", from, i, parts[i], whole[i])
			}
		}
	}
}

// TestNoDelay checks that a click keeps its time: word timings measured on
// the converted file must hold for the original.
func TestNoDelay(t *testing.T) {
	for _, from := range []int{44100, 22050, 48000, 8000} {
		in := make([]float32, from)
		at := from / 3
		in[at] = 1
		out := convert(t, from, 16000, in)
		peak := 0
		for i := range out {
			if math.Abs(float64(out[i])) > math.Abs(float64(out[peak])) {
				peak = i
			}
		}
		want := float64(at) * 16000 / float64(from)
		if math.Abs(float64(peak)-want) > 1 {
			t.Errorf("%d Hz: click at output sample %d, want %.1f", from, peak, want)
		}
	}
}

func TestRejectsBadRates(t *testing.T) {
	for _, c := range [][2]int{{0, 16000}, {44100, 0}, {-8000, 16000}, {1 << 30, 16000}} {
		if _, err := New(c[0], c[1]); err == nil {
			t.Errorf("New(%d, %d) accepted", c[0], c[1])
		}
	}
}

// BenchmarkResample converts one second of 44.1 kHz audio per iteration;
// `go test -bench` reports the speed as a multiple of real time via the
// MB/s column (bytes of float32 input).
func BenchmarkResample(b *testing.B) {
	for _, from := range []int{44100, 48000, 22050, 192000} {
		b.Run(fmt.Sprint(from), func(b *testing.B) {
			in := tone(440, from, from, 0.5)
			r, _ := New(from, 16000)
			out := make([]float32, 0, 20000)
			b.SetBytes(int64(4 * len(in)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out = r.Process(out[:0], in)
			}
			b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/audio-s")
		})
	}
}

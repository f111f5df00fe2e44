// Package resample converts audio from one sample rate to another with a
// band-limited polyphase windowed-sinc filter. It streams: a Resampler keeps
// only its filter's history between calls, so a recording of any length is
// converted in constant memory.
//
// The filter is a Kaiser-windowed sinc designed for 80 dB stopband
// attenuation. Its passband reaches 86% of the lower of the two Nyquist
// frequencies and its stopband starts at that Nyquist frequency, so when
// downsampling nothing that would fold back (alias) survives, and when
// upsampling the spectral images are removed. The filter is centred on each
// output sample, so the output is not delayed: an event at input sample n
// comes out at output sample n*to/from.
package resample

import (
	"fmt"
	"math"
)

// Design figures.
const (
	// StopbandDB is the attenuation the filter is designed for.
	StopbandDB = 80
	// PassbandEdge is the top of the passband as a fraction of the lower
	// Nyquist frequency: 6.88 kHz when converting to 16 kHz.
	PassbandEdge = 0.86

	// maxPhases bounds the coefficient table. Ratios that would need more
	// phases (rates with no large common divisor, such as 44056 Hz to
	// 16 kHz) interpolate linearly between maxPhases tabulated phases,
	// which keeps the interpolation error below -120 dB.
	maxPhases = 512

	minRate = 1000
	maxRate = 768000
)

// Resampler converts one stream of mono float32 samples. Feed it with
// Process as the input arrives and call Flush once at the end.
type Resampler struct {
	from, to int
	up, down int64 // the ratio to/from in lowest terms

	half   int // taps on each side of an output sample's position
	taps   int // 2*half
	phases int // rows in table
	exact  bool
	table  []float32 // (phases+1) rows of taps coefficients

	// buf holds input samples from absolute index bufStart on; it starts
	// with half-1 zeros standing for the silence before the stream.
	buf      []float32
	bufStart int64
	received int64 // input samples received

	// The next output sample lies at input position pos + frac/up.
	pos   int64
	frac  int64
	flush bool
}

// New returns a Resampler from rate from to rate to, in Hz.
func New(from, to int) (*Resampler, error) {
	if from < minRate || from > maxRate || to < minRate || to > maxRate {
		return nil, fmt.Errorf("resample %d Hz to %d Hz: rates must be between %d and %d Hz", from, to, minRate, maxRate)
	}
	g := gcd(int64(from), int64(to))
	r := &Resampler{from: from, to: to, up: int64(to) / g, down: int64(from) / g}

	// Frequencies below are in cycles per input sample.
	nyquist := 0.5 * math.Min(1, float64(to)/float64(from))
	transition := (1 - PassbandEdge) * nyquist
	cutoff := nyquist - transition/2
	// Kaiser's estimate of the length that reaches StopbandDB across the
	// transition band.
	n := (StopbandDB-7.95)/(14.36*transition) + 1
	r.half = int(math.Ceil(n / 2))
	r.taps = 2 * r.half
	beta := 0.1102 * (StopbandDB - 8.7)

	r.phases = int(r.up)
	r.exact = true
	if r.up > maxPhases {
		r.phases, r.exact = maxPhases, false
	}
	r.table = make([]float32, (r.phases+1)*r.taps)
	coef := make([]float64, r.taps)
	for p := 0; p <= r.phases; p++ {
		f := float64(p) / float64(r.phases)
		sum := 0.0
		for i := range coef {
			// Distance from the output position to input sample i of the window.
			tau := f + float64(r.half-1-i)
			coef[i] = 2 * cutoff * sinc(2*cutoff*tau) * kaiser(tau/float64(r.half), beta)
			sum += coef[i]
		}
		// Unit gain at DC in every phase: no ripple from phase to phase.
		row := r.table[p*r.taps : (p+1)*r.taps]
		for i, c := range coef {
			row[i] = float32(c / sum)
		}
	}
	r.buf = make([]float32, r.half-1, 4096+r.taps)
	r.bufStart = -int64(r.half - 1)
	return r, nil
}

// From returns the input rate.
func (r *Resampler) From() int { return r.from }

// To returns the output rate.
func (r *Resampler) To() int { return r.to }

// Taps returns how many input samples each output sample is computed from.
func (r *Resampler) Taps() int { return r.taps }

// OutputLen returns how many samples Process and Flush together produce
// from n input samples: every output sample whose position lies inside the
// input, ceil(n*to/from).
func OutputLen(n int64, from, to int) int64 {
	g := gcd(int64(from), int64(to))
	up, down := int64(to)/g, int64(from)/g
	return (n*up + down - 1) / down
}

// Process consumes in and appends the output samples it completes to dst,
// returning the extended slice. Output lags input by about Taps()/2 input
// samples until Flush.
func (r *Resampler) Process(dst, in []float32) []float32 {
	if r.flush {
		panic("resample: Process after Flush")
	}
	r.buf = append(r.buf, in...)
	r.received += int64(len(in))
	return r.produce(dst)
}

// Flush appends the output samples still owed for the input so far,
// treating what follows the input as silence, and ends the stream.
func (r *Resampler) Flush(dst []float32) []float32 {
	if r.flush {
		return dst
	}
	r.flush = true
	r.buf = append(r.buf, make([]float32, r.half)...)
	return r.produce(dst)
}

func (r *Resampler) produce(dst []float32) []float32 {
	end := r.bufStart + int64(len(r.buf)) // one past the last sample held
	for {
		if r.flush {
			// Only positions inside the input are output samples.
			if r.pos*r.up+r.frac >= r.received*r.up {
				break
			}
		}
		if r.pos+int64(r.half) >= end {
			break
		}
		first := int(r.pos - int64(r.half-1) - r.bufStart)
		x := r.buf[first : first+r.taps]
		var y float32
		if r.exact {
			y = dot(x, r.table[int(r.frac)*r.taps:][:r.taps])
		} else {
			at := float64(r.frac) * float64(r.phases) / float64(r.up)
			p := int(at)
			a := float32(at - float64(p))
			y0 := dot(x, r.table[p*r.taps:][:r.taps])
			y1 := dot(x, r.table[(p+1)*r.taps:][:r.taps])
			y = y0 + a*(y1-y0)
		}
		dst = append(dst, y)
		r.frac += r.down
		r.pos += r.frac / r.up
		r.frac %= r.up
	}
	// Drop the input no future output sample reaches.
	keep := r.pos - int64(r.half-1)
	if drop := int(keep - r.bufStart); drop > 0 {
		if drop > len(r.buf) {
			drop = len(r.buf)
		}
		n := copy(r.buf, r.buf[drop:])
		r.buf = r.buf[:n]
		r.bufStart += int64(drop)
	}
	return dst
}

// dot is the inner loop: four independent sums let the processor overlap
// the multiply-adds.
func dot(x, h []float32) float32 {
	h = h[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * h[i]
		s1 += x[i+1] * h[i+1]
		s2 += x[i+2] * h[i+2]
		s3 += x[i+3] * h[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * h[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// kaiser is the Kaiser window at x in [-1, 1].
func kaiser(x, beta float64) float64 {
	if x <= -1 || x >= 1 {
		return 0
	}
	return besselI0(beta*math.Sqrt(1-x*x)) / besselI0(beta)
}

// besselI0 is the modified Bessel function of the first kind, order 0, by
// its power series (converges quickly for the betas used here).
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 200; k++ {
		term *= (x / (2 * float64(k))) * (x / (2 * float64(k)))
		sum += term
		if term < sum*1e-17 {
			break
		}
	}
	return sum
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

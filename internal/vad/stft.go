package vad

import (
	"fmt"
	"math"
)

// The model's STFT is a convolution with 258 basis rows of 256 taps: for
// each bin f, the frame times a window times cos and -sin of 2πfn/256.
// That is a windowed discrete Fourier transform, so it is computed here
// as one: a 128-point complex FFT of the frame's even and odd samples,
// unpacked into the 129 bins of the 256 real samples. That is about a
// tenth of the arithmetic of the convolution, and 264 KB fewer weights
// read per chunk. newSpectrum checks that the model's basis is such a
// transform before relying on it.

const half = fftSize / 2

type spectrum struct {
	window [fftSize]float32
	rev    [half]uint8
	// tw[j] is e^{-2πij/128}, the FFT's twiddles; unpack[k] is
	// e^{-2πik/256}, for putting the halves back together.
	twRe, twIm         [half / 2]float32
	unpackRe, unpackIm [bins]float32
}

// newSpectrum takes the window from the basis (bin 0's cosine row is the
// window itself) and refuses a basis that is not that window times the
// DFT's cosines and negated sines, to within float32 rounding.
// The basis is read through a function, tap j of the flattened
// [258][256], so that it need not be decoded into memory of its own.
func newSpectrum(basis func(j int) float32) (*spectrum, error) {
	s := &spectrum{}
	for n := range s.window {
		s.window[n] = basis(n)
	}
	// The angles 2πfn/256 take only 256 values, modulo a turn.
	var cos, sin [fftSize]float64
	for j := range fftSize {
		cos[j], sin[j] = math.Cos(2*math.Pi*float64(j)/fftSize), math.Sin(2*math.Pi*float64(j)/fftSize)
	}
	for f := range bins {
		for n := range fftSize {
			j := f * n % fftSize
			win := float64(s.window[n])
			re, im := win*cos[j], -win*sin[j]
			if math.Abs(re-float64(basis(f*fftSize+n))) > 1e-6 || math.Abs(im-float64(basis((bins+f)*fftSize+n))) > 1e-6 {
				return nil, fmt.Errorf("STFT basis bin %d tap %d is not a windowed DFT", f, n)
			}
		}
	}
	bits := 0
	for 1<<bits < half {
		bits++
	}
	for i := range half {
		r := 0
		for b := range bits {
			r |= (i >> b & 1) << (bits - 1 - b)
		}
		s.rev[i] = uint8(r)
	}
	for j := range half / 2 {
		a := -2 * math.Pi * float64(j) / half
		s.twRe[j], s.twIm[j] = float32(math.Cos(a)), float32(math.Sin(a))
	}
	for k := range bins {
		a := -2 * math.Pi * float64(k) / fftSize
		s.unpackRe[k], s.unpackIm[k] = float32(math.Cos(a)), float32(math.Sin(a))
	}
	return s, nil
}

// magnitudes writes the magnitude of each of the bins of the windowed
// frame (fftSize samples) to mag.
func (s *spectrum) magnitudes(mag []float32, frame []float32) {
	mag = mag[:bins]
	frame = frame[:fftSize]
	var re, im [half]float32
	for i := range half {
		r := s.rev[i]
		re[r] = frame[2*i] * s.window[2*i]
		im[r] = frame[2*i+1] * s.window[2*i+1]
	}
	for size := 2; size <= half; size <<= 1 {
		h, step := size/2, half/size
		for start := 0; start < half; start += size {
			for j := range h {
				wr, wi := s.twRe[j*step], s.twIm[j*step]
				a, b := start+j, start+j+h
				tr := wr*re[b] - wi*im[b]
				ti := wr*im[b] + wi*re[b]
				re[b], im[b] = re[a]-tr, im[a]-ti
				re[a] += tr
				im[a] += ti
			}
		}
	}
	// With Z the transform of z[m] = x[2m] + i·x[2m+1], bin k of x is
	// E + e^{-2πik/256}·O, where E = (Z[k] + conj Z[128-k])/2 is the even
	// samples' transform and O = (Z[k] - conj Z[128-k])/2i the odd ones'.
	for k := range bins {
		zr, zi := re[k%half], im[k%half]
		m := (half - k) % half
		cr, ci := re[m], -im[m]
		er, ei := (zr+cr)/2, (zi+ci)/2
		or, oi := (zi-ci)/2, -(zr-cr)/2
		wr, wi := s.unpackRe[k], s.unpackIm[k]
		xr := er + wr*or - wi*oi
		xi := ei + wr*oi + wi*or
		mag[k] = sqrt32(xr*xr + xi*xi)
	}
}

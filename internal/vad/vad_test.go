package vad

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/wav"
)

const realspeech = "../analyze/testdata/realspeech"

// readClip returns a 16 kHz clip's samples.
func readClip(t testing.TB, name string) []float32 {
	t.Helper()
	f, err := os.Open(filepath.Join(realspeech, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := wav.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if r.Format().SampleRate != SampleRate {
		t.Fatalf("%s: %d Hz, want %d", name, r.Format().SampleRate, SampleRate)
	}
	x := make([]float32, r.Frames())
	n, err := r.ReadMono(x)
	if err != nil && n != len(x) {
		t.Fatal(err)
	}
	return x[:n]
}

// readReference returns testdata/reference.txt: per clip, onnxruntime's
// probability for each of its whole chunks (see testdata/reference.js).
func readReference(t *testing.T) map[string][]float32 {
	t.Helper()
	f, err := os.Open("testdata/reference.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref := map[string][]float32{}
	clip := ""
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if name, ok := strings.CutPrefix(line, "# "); ok {
			clip = name
			continue
		}
		p, err := strconv.ParseFloat(line, 32)
		if err != nil || clip == "" {
			t.Fatalf("reference.txt: bad line %q", line)
		}
		ref[clip] = append(ref[clip], float32(p))
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestMatchesOnnxruntime(t *testing.T) {
	ref := readReference(t)
	if len(ref) != 2 {
		t.Fatalf("reference.txt holds %d clips, want 2", len(ref))
	}
	for clip, want := range ref {
		x := readClip(t, clip)
		if len(want) != len(x)/ChunkSize {
			t.Fatalf("%s: %d reference probabilities for %d chunks", clip, len(want), len(x)/ChunkSize)
		}
		d := New()
		worst, speech := 0.0, 0
		for i, p := range want {
			got := d.Chunk(x[i*ChunkSize : (i+1)*ChunkSize])
			diff := math.Abs(float64(got - p))
			worst = max(worst, diff)
			if diff > 1e-4 {
				t.Errorf("%s chunk %d (%.3f s): %.7f, onnxruntime %.7f", clip, i, float64(i*ChunkSize)/SampleRate, got, p)
			}
			if p > 0.5 {
				speech++
			}
		}
		// The comparison means something only if the clip has both.
		if speech < len(want)/4 || speech > len(want)*9/10 {
			t.Errorf("%s: %d of %d chunks speech in the reference", clip, speech, len(want))
		}
		t.Logf("%s: %d chunks, largest difference %.2g", clip, len(want), worst)
	}
}

// The state carries from chunk to chunk: the same chunk scores differently
// after different histories, and Reset forgets the history.
func TestStateCarries(t *testing.T) {
	x := readClip(t, "jfk.wav")
	chunk := x[40*ChunkSize : 41*ChunkSize]
	fresh := New().Chunk(chunk)

	d := New()
	for i := range 40 {
		d.Chunk(x[i*ChunkSize : (i+1)*ChunkSize])
	}
	after := d.Chunk(chunk)
	if math.Abs(float64(after-fresh)) < 1e-3 {
		t.Errorf("chunk 40 scores %.5f after the clip's start and %.5f alone: no state carried", after, fresh)
	}
	d.Reset()
	if again := d.Chunk(chunk); again != fresh {
		t.Errorf("after Reset %.7f, fresh detector %.7f", again, fresh)
	}
}

// Silence and quiet noise are not speech; loud noise is not either, at
// least not most of the time.
func TestSilenceIsNotSpeech(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name  string
		level float64
	}{{"digital silence", 0}, {"noise at -60 dBFS", 1e-3}} {
		d := New()
		chunk := make([]float32, ChunkSize)
		var worst float32
		for range 60 {
			for i := range chunk {
				chunk[i] = float32(c.level * rng.NormFloat64())
			}
			worst = max(worst, d.Chunk(chunk))
		}
		if worst > 0.1 {
			t.Errorf("%s: probability up to %.3f", c.name, worst)
		}
	}
}

func TestChunkSizeChecked(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a 511-sample chunk was accepted")
		}
	}()
	New().Chunk(make([]float32, ChunkSize-1))
}

func TestChunkAllocatesNothing(t *testing.T) {
	d := New()
	chunk := make([]float32, ChunkSize)
	if n := testing.AllocsPerRun(20, func() { d.Chunk(chunk) }); n != 0 {
		t.Errorf("%v allocations per chunk", n)
	}
}

// The embedded file is the one SHA256SUMS names: checked here, when the
// program is built and tested, rather than on every start.
func TestWeightsChecksum(t *testing.T) {
	sums, err := os.ReadFile("SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(weightsFile)
	line := hex.EncodeToString(sum[:]) + "  silero_vad_16k.bin"
	if !strings.Contains(string(sums), line+"\n") {
		t.Errorf("SHA256SUMS lacks %q", line)
	}
}

// Once decoded, the embedded file's pages are given back to the kernel
// (release); they must read back as the file, not as zeros, should
// anything touch them again, and a second detector shares the weights.
func TestWeightsReadBackAfterRelease(t *testing.T) {
	d := New()
	sum := sha256.Sum256(weightsFile)
	if hex.EncodeToString(sum[:]) != "c18ee1860d650a0d585f2766f5ae2058c3dfc31806c1d3dfd5938f92f36eb4b6" {
		t.Errorf("the embedded file reads back as %x after it was released", sum)
	}
	if New().w != d.w {
		t.Error("a second detector decoded the weights again")
	}
}

func TestParseWeightsRefusesDamage(t *testing.T) {
	if _, err := parseWeights(weightsFile); err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"truncated":   weightsFile[:len(weightsFile)-1],
		"extra byte":  append(append([]byte{}, weightsFile...), 0),
		"wrong magic": append([]byte("SVAD16K2"), weightsFile[8:]...),
		"empty":       nil,
	}
	renamed := append([]byte{}, weightsFile...)
	renamed[14] ^= 1 // a letter of the first tensor's name
	bad["renamed tensor"] = renamed
	for name, b := range bad {
		if _, err := parseWeights(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// dot4's vector path agrees with the plain loop at every length, tails
// included.
func TestDot4MatchesGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a := make([]float32, 300)
	for i := range a {
		a[i] = float32(rng.NormFloat64())
	}
	// dot4 over rows of a at stride 71 (so not aligned to 8), against x.
	x := make([]float32, 60)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for n := range len(x) {
		var got [4]float32
		dot4(&got, a, 71, x[:n])
		for r := range 4 {
			want := dotGeneric(a[r*71:r*71+n], x)
			if math.Abs(float64(got[r]-want)) > 1e-4*(1+math.Abs(float64(want))) {
				t.Errorf("dot4 length %d row %d: %v, plain loop %v", n, r, got[r], want)
			}
		}
	}
	// dot4x2 likewise, with x and x reversed as its two inputs.
	y := slices.Clone(x)
	slices.Reverse(y)
	for n := range len(x) {
		var got [8]float32
		dot4x2(&got, a, 71, x[:n], y[:n])
		for r := range 4 {
			for k, in := range [][]float32{x[:n], y[:n]} {
				want := dotGeneric(a[r*71:r*71+n], in)
				if math.Abs(float64(got[4*k+r]-want)) > 1e-4*(1+math.Abs(float64(want))) {
					t.Errorf("dot4x2 length %d row %d input %d: %v, plain loop %v", n, r, k, got[4*k+r], want)
				}
			}
		}
	}
}

// The FFT gives the model's STFT convolution's magnitudes, and a basis
// that is not a windowed DFT is refused rather than computed as one.
func TestSpectrumMatchesBasis(t *testing.T) {
	basis := make([]float32, 2*bins*fftSize)
	r := reader{b: weightsFile[8+4:]}
	name := string(r.next(int(r.u16())))
	if name != "model.stft.forward_basis_buffer" {
		t.Fatalf("first tensor %s", name)
	}
	for range r.u32() {
		r.u32()
	}
	for i := range basis {
		basis[i] = math.Float32frombits(r.u32())
	}
	s, err := newSpectrum(func(j int) float32 { return basis[j] })
	if err != nil {
		t.Fatal(err)
	}
	frame := readClip(t, "jfk.wav")[20000 : 20000+fftSize]
	var mag [bins]float32
	s.magnitudes(mag[:], frame)
	for f := range bins {
		re := dotGeneric(basis[f*fftSize:(f+1)*fftSize], frame)
		im := dotGeneric(basis[(bins+f)*fftSize:(bins+f+1)*fftSize], frame)
		want := math.Hypot(float64(re), float64(im))
		if math.Abs(float64(mag[f])-want) > 1e-5*(1+want) {
			t.Errorf("bin %d: %v, convolution %v", f, mag[f], want)
		}
	}
	basis[5*fftSize+7] += 1e-3
	if _, err := newSpectrum(func(j int) float32 { return basis[j] }); err == nil {
		t.Error("a changed basis was taken for a windowed DFT")
	}
}

// Chunks gives exactly what Chunk does chunk by chunk, across batches and
// calls of any size.
func TestChunksIsChunk(t *testing.T) {
	x := readClip(t, "arctic.wav")
	n := len(x) / ChunkSize
	x = x[:n*ChunkSize]
	want := make([]float32, n)
	d := New()
	for i := range want {
		want[i] = d.Chunk(x[i*ChunkSize : (i+1)*ChunkSize])
	}
	d.Reset()
	got := make([]float32, n)
	for at, size := 0, 1; at < n; size = size*3 + 1 {
		k := min(size, n-at)
		d.Chunks(got[at:at+k], x[at*ChunkSize:(at+k)*ChunkSize])
		at += k
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("chunk %d: Chunks %.9f, Chunk %.9f", i, got[i], want[i])
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Chunks took 2 probabilities for 3 chunks' samples")
		}
	}()
	d.Chunks(make([]float32, 2), x[:3*ChunkSize])
}

// A damaged sample (NaN, infinite, beyond full scale) counts as the
// nearest valid one, so the state and every later probability stay
// finite.
func TestDamagedSamplesDoNotPoisonTheState(t *testing.T) {
	x := readClip(t, "jfk.wav")[:40*ChunkSize]
	damaged := append([]float32{}, x...)
	clean := append([]float32{}, x...)
	at := 10 * ChunkSize
	damaged[at], clean[at] = float32(math.NaN()), 0
	damaged[at+1], clean[at+1] = float32(math.Inf(1)), 1
	damaged[at+2], clean[at+2] = -3, -1
	got, want := make([]float32, 40), make([]float32, 40)
	New().Chunks(got, damaged)
	New().Chunks(want, clean)
	for i := range got {
		if got[i] != want[i] || !(got[i] >= 0 && got[i] <= 1) {
			t.Fatalf("chunk %d: %v after damaged samples, %v after their valid counterparts", i, got[i], want[i])
		}
	}
}

// Real household noise, a fan and a kitchen (8 s each, no speech), is
// never taken for speech.
func TestRealNoiseIsNotSpeech(t *testing.T) {
	for _, clip := range []string{"noise-fan.wav", "noise-kitchen.wav"} {
		x := readClip(t, clip)
		n := len(x) / ChunkSize
		probs := make([]float32, n)
		New().Chunks(probs, x[:n*ChunkSize])
		worst := slices.Max(probs)
		if worst >= 0.5 {
			t.Errorf("%s: a chunk at probability %.3f", clip, worst)
		}
		t.Logf("%s: %d chunks, highest probability %.3f", clip, n, worst)
	}
}

// exp32 and the nonlinearities built on it are as exact as float32
// allows, over the whole range they can meet.
func TestExp32(t *testing.T) {
	worstExp, worstSig, worstTanh := 0.0, 0.0, 0.0
	for i := range 400001 {
		x := -100 + float64(i)*0.0005
		got := float64(exp32(float32(x)))
		// Against e^ of the float32 argument, the input exp32 sees.
		want := math.Exp(min(max(float64(float32(x)), -87), 88))
		worstExp = max(worstExp, math.Abs(got-want)/want)
		worstSig = max(worstSig, math.Abs(float64(sigmoid(float32(x)))-1/(1+math.Exp(-float64(float32(x))))))
		worstTanh = max(worstTanh, math.Abs(float64(tanh32(float32(x)))-math.Tanh(float64(float32(x)))))
	}
	if worstExp > 2.4e-7 {
		t.Errorf("exp32: relative error up to %.2g", worstExp)
	}
	if worstSig > 2e-7 || worstTanh > 3e-7 {
		t.Errorf("absolute error up to %.2g for sigmoid and %.2g for tanh", worstSig, worstTanh)
	}
	t.Logf("largest errors: exp32 %.2g relative, sigmoid %.2g, tanh %.2g", worstExp, worstSig, worstTanh)
}

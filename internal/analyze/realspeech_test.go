package analyze

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
	"github.com/starcoach/starcoach/internal/wav"
)

// The real-speech accuracy test: recordings of real people speaking
// (testdata/realspeech, with their sources and licences in the README
// there), each with its speech labelled, put through the conditions a
// practice answer is recorded in, close to the microphone and across a
// room, in a quiet room and with ordinary noise, at a laptop's levels. The
// pause list is judged the way a reader of it would judge it: are the
// pauses of a second or more it reports real (precision), and are the real
// ones there (recall); and frame by frame, away from the labelled
// boundaries, is speech told from silence.
//
// The clips are split in two: the tuning set is what the detector's
// constants were chosen on, the checking set was only ever scored. Both
// must reach the floors.
//
// With -realspeech.dir DIR the test also writes every conditioned clip and
// its labels under DIR, and scores what other detectors found in them
// (DIR/det/NAME/CLIP.txt, speech segments as in the labels, or
// DIR/det/NAME/CLIP.json, the output of starcoach analyze --json; see
// scripts/pause-table.sh), so that every row of the comparison is scored
// by this one code.

var realSpeechDir = flag.String("realspeech.dir", "", "write the conditioned clips here and score other detectors' segments found under it")

// Floors for the real-speech test.
const (
	floorFrameAccuracy = 0.85
	floorPauseRecall   = 0.90
	floorPausePrec     = 0.90

	collarS       = 0.25 // frames this near a labelled boundary are not scored
	longPauseS    = 1.0  // the pauses scored: those a listener notices
	matchPauseS   = 0.5  // a pause at least this long may match one of those
	longMatchS    = 2.0  // and one at least this long a long pause (LongPauseS)
	edgeOKS       = 0.2  // a first or last word this near the label's is right
	scoreFrameS   = 0.01 // the grid frames are scored on
	realSpeechHz  = 16000
	realClipsPath = "testdata/realspeech"
)

// realClips are the recordings and the set each belongs to.
var realClips = []struct{ name, set string }{
	{"vox-a", "tuning"},
	{"vox-b", "tuning"},
	{"vox-c", "checking"},
	{"jfk", "checking"},
	{"arctic", "checking"},
}

// A recording condition: where the microphone is, the speech's peak, and
// the room's noise (a recorded noise and a faint pink hiss, as RMS dBFS).
type condition struct {
	name    string
	room    bool // across a room: reverberant
	peakDB  float64
	noise   string // a recording in testdata/realspeech, looped
	noiseDB float64
	pinkDB  float64
}

var conditions = []condition{
	{name: "close-quiet", peakDB: -20, pinkDB: -58},
	{name: "close-fan", peakDB: -20, noise: "noise-fan", noiseDB: -47, pinkDB: -62},
	{name: "room-quiet", room: true, peakDB: -22, pinkDB: -52},
	{name: "room-kitchen", room: true, peakDB: -22, noise: "noise-kitchen", noiseDB: -50, pinkDB: -58},
}

// segments are stretches of speech, in seconds, in order.
type segments [][2]float64

func readLabels(t testing.TB, path string) segments {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var s segments
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		a, err1 := strconv.ParseFloat(fields[0], 64)
		b, err2 := strconv.ParseFloat(fields[1], 64)
		if err1 != nil || err2 != nil || b < a {
			t.Fatalf("%s: bad line %q", path, sc.Text())
		}
		s = append(s, [2]float64{a, b})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

func writeLabels(t testing.TB, path string, s segments) {
	t.Helper()
	var b strings.Builder
	for _, g := range s {
		fmt.Fprintf(&b, "%.3f\t%.3f\tspeech\n", g[0], g[1])
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// speechOf is the speech a result reports: from the first word to the
// last, less the gaps.
func speechOf(r Result) segments {
	if !r.SpeechFound {
		return nil
	}
	var s segments
	from := r.SpeechStartS
	for _, g := range r.Gaps {
		s = append(s, [2]float64{from, g.StartS})
		from = g.EndS
	}
	return append(s, [2]float64{from, r.SpeechEndS})
}

func (s segments) gaps() segments {
	var g segments
	for i := 1; i < len(s); i++ {
		g = append(g, [2]float64{s[i-1][1], s[i][0]})
	}
	return g
}

func (s segments) has(t float64) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i][1] > t })
	return i < len(s) && s[i][0] <= t
}

func overlap(a, b [2]float64) float64 { return math.Max(0, math.Min(a[1], b[1])-math.Max(a[0], b[0])) }

// score counts what the figures are made of.
type score struct {
	frames, right       int // scored frames, and those decided as labelled
	refPauses, found    int // labelled pauses of longPauseS or more, and those reported
	detPauses, truePaus int // reported pauses of longPauseS or more, and those that are real
	// The same for long pauses (LongPauseS or more).
	refLong, foundLong, detLong, trueLong int
	// First and last word: clips scored, the sum of the errors' sizes in
	// seconds, and the clips whose error is within edgeOKS.
	edges             int
	firstErr, lastErr float64
	firstOK, lastOK   int
}

func (s *score) add(o score) {
	s.frames += o.frames
	s.right += o.right
	s.refPauses += o.refPauses
	s.found += o.found
	s.detPauses += o.detPauses
	s.truePaus += o.truePaus
	s.refLong += o.refLong
	s.foundLong += o.foundLong
	s.detLong += o.detLong
	s.trueLong += o.trueLong
	s.edges += o.edges
	s.firstErr += o.firstErr
	s.lastErr += o.lastErr
	s.firstOK += o.firstOK
	s.lastOK += o.lastOK
}

func (s score) accuracy() float64  { return ratio(s.right, s.frames) }
func (s score) recall() float64    { return ratio(s.found, s.refPauses) }
func (s score) precision() float64 { return ratio(s.truePaus, s.detPauses) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scoreClip compares detected speech with the labels of a clip lasting
// dur seconds. A labelled pause is found when a reported pause of at least
// matchPauseS covers half of it; a reported pause is real when half of it
// lies in a labelled pause of at least matchPauseS. (Where exactly a
// pause starts is the frame score's business: here a 1.1 s pause reported
// as 0.95 s is still found, and a 0.9 s one reported as 1.05 s is still
// real.)
func scoreClip(ref, det segments, dur float64) score {
	var s score
	var bounds []float64
	for _, g := range ref {
		bounds = append(bounds, g[0], g[1])
	}
	for t := scoreFrameS / 2; t < dur; t += scoreFrameS {
		near := false
		for _, b := range bounds {
			if math.Abs(t-b) < collarS {
				near = true
				break
			}
		}
		if near {
			continue
		}
		s.frames++
		if ref.has(t) == det.has(t) {
			s.right++
		}
	}
	refGaps, detGaps := ref.gaps(), det.gaps()
	s.refPauses, s.found, s.detPauses, s.truePaus = matchPauses(refGaps, detGaps, longPauseS, matchPauseS)
	s.refLong, s.foundLong, s.detLong, s.trueLong = matchPauses(refGaps, detGaps, LongPauseS, longMatchS)
	if len(ref) > 0 {
		s.edges = 1
		first, last := dur, 0.0 // nothing found: as far off as can be
		if len(det) > 0 {
			first, last = det[0][0], det[len(det)-1][1]
		}
		fe, le := math.Abs(first-ref[0][0]), math.Abs(last-ref[len(ref)-1][1])
		s.firstErr, s.lastErr = fe, le
		if fe <= edgeOKS {
			s.firstOK = 1
		}
		if le <= edgeOKS {
			s.lastOK = 1
		}
	}
	return s
}

// matchPauses counts the labelled pauses of at least minS, those of them
// covered half or more by a reported pause of at least matchS, the
// reported pauses of at least minS, and those of them lying half or more
// in a labelled pause of at least matchS.
func matchPauses(refGaps, detGaps segments, minS, matchS float64) (ref, found, det, real int) {
	for _, p := range refGaps {
		if p[1]-p[0] < minS {
			continue
		}
		ref++
		for _, g := range detGaps {
			if g[1]-g[0] >= matchS && overlap(g, p) >= 0.5*(p[1]-p[0]) {
				found++
				break
			}
		}
	}
	for _, g := range detGaps {
		if g[1]-g[0] < minS {
			continue
		}
		det++
		for _, p := range refGaps {
			if p[1]-p[0] >= matchS && overlap(g, p) >= 0.5*(g[1]-g[0]) {
				real++
				break
			}
		}
	}
	return ref, found, det, real
}

// realClip is a conditioned clip ready to analyse.
type realClip struct {
	name, set, cond string
	wav             []byte
	labels          segments
	dur             float64
}

var (
	realClipsOnce sync.Once
	realClipsMade []realClip
)

// conditionedClips makes every clip in every condition, once per run.
func conditionedClips(t *testing.T) []realClip {
	t.Helper()
	// Before the Once: a skip inside it would leave no clips, and every
	// later test would pass on none.
	testaudio.Need(t, "sox")
	realClipsOnce.Do(func() {
		dir := t.TempDir()
		noises := map[string][]float64{}
		for _, c := range conditions {
			if c.noise != "" && noises[c.noise] == nil {
				noises[c.noise] = readClip(t, filepath.Join(realClipsPath, c.noise+".wav"))
			}
		}
		for ci, clip := range realClips {
			src := filepath.Join(realClipsPath, clip.name+".wav")
			labels := readLabels(t, filepath.Join(realClipsPath, clip.name+".txt"))
			dry := filepath.Join(dir, clip.name+"-dry.wav")
			wet := filepath.Join(dir, clip.name+"-room.wav")
			// At 16 kHz, with the headroom the reverberation needs.
			testaudio.Run(t, "sox", "-D", src, "-r", strconv.Itoa(realSpeechHz), "-b", "16", dry, "gain", "-n", "-6")
			// Across a room: a reverberant room's tail over the direct sound.
			testaudio.Run(t, "sox", "-D", dry, wet, "reverb", "70", "40", "100", "100", "10", "0")
			for k, c := range conditions {
				path := dry
				if c.room {
					path = wet
				}
				x := readClip(t, path)
				n := int(testaudio.Samples(t, dry))
				x = x[:min(n, len(x))]
				scaleToPeak(x, c.peakDB)
				if c.noise != "" {
					addLooped(x, noises[c.noise], c.noiseDB, uint64(ci*10+k))
				}
				addPink(x, c.pinkDB, uint64(ci*100+k))
				f := make([]float32, len(x))
				for i, v := range x {
					f[i] = float32(v)
				}
				realClipsMade = append(realClipsMade, realClip{
					name: clip.name, set: clip.set, cond: c.name,
					wav: wavBytes(f, realSpeechHz), labels: labels,
					dur: float64(len(x)) / realSpeechHz,
				})
			}
		}
	})
	if len(realClipsMade) != len(realClips)*len(conditions) {
		t.Fatal("the conditioned clips could not be made")
	}
	return realClipsMade
}

func readClip(t testing.TB, path string) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := wav.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []float64
	buf := make([]float32, 4096)
	for {
		n, err := r.ReadMono(buf)
		for _, v := range buf[:n] {
			out = append(out, float64(v))
		}
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
}

func scaleToPeak(x []float64, db float64) {
	peak := 0.0
	for _, v := range x {
		peak = math.Max(peak, math.Abs(v))
	}
	g := math.Pow(10, db/20) / peak
	for i := range x {
		x[i] *= g
	}
}

func rmsOf(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

// addLooped adds noise, looped from a point the seed picks, at db RMS.
func addLooped(x, noise []float64, db float64, seed uint64) {
	g := math.Pow(10, db/20) / rmsOf(noise)
	at := rand.New(rand.NewPCG(seed, 1)).IntN(len(noise))
	for i := range x {
		x[i] += g * noise[(at+i)%len(noise)]
	}
}

// addPink adds pink noise at db RMS (Paul Kellet's filter on white noise).
func addPink(x []float64, db float64, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	p := make([]float64, len(x))
	var b0, b1, b2, b3, b4, b5, b6 float64
	for i := range p {
		w := rng.NormFloat64()
		b0 = 0.99886*b0 + w*0.0555179
		b1 = 0.99332*b1 + w*0.0750759
		b2 = 0.96900*b2 + w*0.1538520
		b3 = 0.86650*b3 + w*0.3104856
		b4 = 0.55000*b4 + w*0.5329522
		b5 = -0.7616*b5 - w*0.0168980
		p[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w*0.5362
		b6 = w * 0.115926
	}
	g := math.Pow(10, db/20) / rmsOf(p)
	for i := range x {
		x[i] += g * p[i]
	}
}

// realRow is one detector's figures on a set of clips.
type realRow struct {
	sets map[string]*score
}

func (r *realRow) add(set string, s score) {
	if r.sets == nil {
		r.sets = map[string]*score{}
	}
	for _, k := range []string{set, "all"} {
		if r.sets[k] == nil {
			r.sets[k] = &score{}
		}
		r.sets[k].add(s)
	}
}

func (r *realRow) line(name, set, time string) string {
	s := r.sets[set]
	if s == nil {
		return fmt.Sprintf("| %s | %s | (nothing found) | | | |", name, set)
	}
	return fmt.Sprintf("| %s | %s | %.3f | %d/%d (%.2f) | %d/%d (%.2f) | %s |", name, set,
		s.accuracy(), s.found, s.refPauses, s.recall(), s.truePaus, s.detPauses, s.precision(), time)
}

// TestRealSpeechPauses scores the detector on real speech in every
// condition, prints the figures per set and fails below the floors.
func TestRealSpeechPauses(t *testing.T) {
	clips := conditionedClips(t)
	var ours realRow
	for _, c := range clips {
		r, err := Stream(bytes.NewReader(c.wav), DefaultOptions())
		if err != nil {
			t.Fatalf("%s %s: %v", c.name, c.cond, err)
		}
		s := scoreClip(c.labels, speechOf(r), c.dur)
		ours.add(c.set, s)
		t.Logf("%-7s %-13s frames %.3f  pauses found %d/%d, real %d/%d", c.name, c.cond, s.accuracy(), s.found, s.refPauses, s.truePaus, s.detPauses)
	}
	rows := []string{
		"| detector | clips | frame accuracy | pauses >= 1 s: recall | precision | time per 30 s clip |",
		"|---|---|---|---|---|---|",
	}
	for _, set := range []string{"tuning", "checking", "all"} {
		rows = append(rows, ours.line("starcoach analyze (in the test)", set, ""))
	}
	t.Log("real speech, " + fmt.Sprint(len(clips)) + " clips:\n" + strings.Join(rows, "\n"))
	if dir := *realSpeechDir; dir != "" {
		writeClips(t, clips)
		all := append(repoClips(t), externalClips(t, dir)...)
		t.Log("per source, leave-one-source-out:\n" + sourceTable(t, all, dir))
	}
	for _, set := range []string{"tuning", "checking"} {
		s := ours.sets[set]
		if s.accuracy() < floorFrameAccuracy {
			t.Errorf("%s set: frame accuracy %.3f, floor %.2f", set, s.accuracy(), floorFrameAccuracy)
		}
		if s.recall() < floorPauseRecall {
			t.Errorf("%s set: pause recall %d/%d = %.2f, floor %.2f", set, s.found, s.refPauses, s.recall(), floorPauseRecall)
		}
		if s.precision() < floorPausePrec {
			t.Errorf("%s set: pause precision %d/%d = %.2f, floor %.2f", set, s.truePaus, s.detPauses, s.precision(), floorPausePrec)
		}
	}
}

// writeClips writes the clips and their labels under -realspeech.dir, for
// other detectors to run on.
func writeClips(t *testing.T, clips []realClip) {
	dir := *realSpeechDir
	for _, sub := range []string{"clips", "labels", "det"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range clips {
		stem := c.name + "." + c.cond
		if err := os.WriteFile(filepath.Join(dir, "clips", stem+".wav"), c.wav, 0o644); err != nil {
			t.Fatal(err)
		}
		writeLabels(t, filepath.Join(dir, "labels", stem+".txt"), c.labels)
	}
}

package stt

import (
	"os"

	"github.com/starcoach/starcoach/internal/assess"
	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/transcript"
)

// pocketSphinxModel is the model PocketSphinx uses when none is
// configured: the one its English package installs.
const pocketSphinxModel = "en-us"

// ModelName is the model a transcript made by e says it was made with.
func (e Engine) ModelName() string {
	if e.Model == "" && e.Name == PocketSphinx {
		return pocketSphinxModel
	}
	return e.Model
}

// Saved returns the transcript already beside the recording at wavPath
// when it can stand in for a new run of e: made by the same engine with
// the same model, and written after the recording last changed. nil means
// transcribe; force always does.
func Saved(wavPath string, e Engine, force bool) *transcript.Transcript {
	if force {
		return nil
	}
	path := assess.Paths(wavPath).Transcript
	tst, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if wst, err := os.Stat(wavPath); err != nil || tst.ModTime().Before(wst.ModTime()) {
		return nil
	}
	f, err := safefile.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	t, err := transcript.Decode(safefile.LimitReader(f, path, transcript.MaxFileBytes))
	if err != nil || t.Engine != e.Name || t.Model != e.ModelName() {
		return nil
	}
	return t
}

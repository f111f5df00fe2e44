package speak

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/starcoach/starcoach/internal/safefile"
	"github.com/starcoach/starcoach/internal/wav"
)

// CheckText is what Check has the voice say.
const CheckText = "This is the voice that reads the questions."

// checkTimeout bounds a check: a voice that takes longer to say one
// sentence is stuck.
const checkTimeout = 20 * time.Second

// Check makes sure the voice speaks. The built-in voice (espeak-ng) says
// CheckText into a WAV file in dir, silently, and the file must hold
// sound; a configured command is run with CheckText, so it is heard, and
// must finish without error. dir is a private scratch folder the caller
// removes.
func (v Voice) Check(ctx context.Context, dir string) error {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	if !v.builtIn() {
		if err := v.Say(ctx, CheckText); err != nil {
			return fmt.Errorf("the voice failed to speak: %w", err)
		}
		return nil
	}
	path := filepath.Join(dir, "voice-check.wav")
	if err := WriteWAV(ctx, v.Program, CheckText, path); err != nil {
		return fmt.Errorf("the voice failed to speak: %w", err)
	}
	loud, err := hasSound(path)
	if err != nil {
		return fmt.Errorf("the voice wrote no sound we can read: %w", err)
	}
	if !loud {
		return errors.New("the voice spoke only silence: reinstall espeak-ng and its voice data (espeak-ng-data)")
	}
	return nil
}

// Configured tells whether the voice is a command from config.toml
// rather than the built-in espeak-ng.
func (v Voice) Configured() bool { return !v.builtIn() }

func (v Voice) builtIn() bool {
	return filepath.Base(v.Program) == Espeak && slices.Equal(v.Args, []string{TextPlaceholder})
}

// hasSound tells whether the WAV at path has a sample above a hundredth
// of full scale: speech does, silence and noise from a broken synthesiser
// do not reach it.
func hasSound(path string) (bool, error) {
	// A voice program could leave anything at path: a FIFO would block.
	f, err := safefile.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	r, err := wav.NewReader(io.LimitReader(f, 64<<20))
	if err != nil {
		return false, err
	}
	buf := make([]float32, 4096)
	for {
		n, err := r.ReadMono(buf)
		for _, s := range buf[:n] {
			if s > 0.01 || s < -0.01 {
				return true, nil
			}
		}
		if errors.Is(err, io.EOF) || (err == nil && n == 0) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// Report is the voice check as doctor reports it (its --json).
type Report struct {
	Program    string `json:"program,omitempty"`
	Configured bool   `json:"configured"`
	Speaks     bool   `json:"speaks"`
	Problem    string `json:"problem,omitempty"`
	Line       string `json:"-"` // the check in one line
}

// CheckVoice finds the voice for command (Find) and makes it speak (Check)
// with a private scratch folder of its own.
func CheckVoice(ctx context.Context, command []string, look LookPath) Report {
	v, err := Find(command, look)
	if err != nil {
		return Report{Problem: err.Error(), Line: err.Error()}
	}
	r := Report{Program: v.Program, Configured: v.Configured()}
	dir, err := os.MkdirTemp("", "starcoach-voice-")
	if err == nil {
		defer os.RemoveAll(dir)
		err = v.Check(ctx, dir)
	}
	if err != nil {
		r.Problem, r.Line = err.Error(), v.Program+": "+err.Error()
		return r
	}
	r.Speaks, r.Line = true, v.Program+" speaks"
	return r
}

package cli

import (
	"github.com/spf13/pflag"

	"github.com/starcoach/starcoach/internal/stt"
)

// engineFlags are the speech-to-text flags of every command that
// transcribes (transcribe, practice, import), declared and checked here
// once.
type engineFlags struct {
	Engine  string
	Model   string
	CmdArgs []string
}

func (e *engineFlags) register(fs *pflag.FlagSet, engineUsage string) {
	fs.StringVar(&e.Engine, "engine", "", engineUsage)
	fs.StringVar(&e.Model, "model", "", "whisper's ggml model file or a Vosk model directory")
	fs.StringArrayVar(&e.CmdArgs, "cmd-arg", nil, "the command engine's program, then each argument; {wav} is the recording (repeat the flag)")
}

// check refuses --cmd-arg with another engine than the command one.
func (e *engineFlags) check() error {
	if len(e.CmdArgs) > 0 && e.Engine != "" && e.Engine != stt.Command {
		return usageErrorf("--cmd-arg goes with --engine command, not --engine %s", e.Engine)
	}
	return nil
}

// asked is what the flags ask of speech to text.
func (e *engineFlags) asked() stt.Asked {
	return stt.Asked{Engine: e.Engine, Model: e.Model, CmdArgs: e.CmdArgs}
}

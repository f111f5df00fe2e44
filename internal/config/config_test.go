package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	p := write(t, `# my settings
[stt]
engine = "whisper"
model = "/models/ggml-base.en.bin"
command = ["my-stt", "--in={wav}", "--lang", "en"]
timeout = "5m"

[stt.programs]
whisper = "/opt/whisper.cpp/build/bin/whisper-cli"
`)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	s := c.STT
	if s.Engine != "whisper" || s.Model != "/models/ggml-base.en.bin" || strings.Join(s.Command, " ") != "my-stt --in={wav} --lang en" ||
		s.Timeout.Duration != 5*time.Minute || s.Programs["whisper"] != "/opt/whisper.cpp/build/bin/whisper-cli" {
		t.Errorf("loaded %+v", c)
	}
}

func TestLoadMissingFile(t *testing.T) {
	c, err := Load(filepath.Join(t.TempDir(), FileName))
	if err != nil || c.STT.Engine != "" || c.STT.Command != nil {
		t.Errorf("missing file: %+v, %v", c, err)
	}
}

func TestLoadErrors(t *testing.T) {
	for name, c := range map[string]struct{ text, want string }{
		"unknown key":          {"[stt]\nengine = \"vosk\"\nmodle = \"x\"\n", ":3: unknown key stt.modle"},
		"unknown table":        {"# c\n\n[sst]\nengine = \"vosk\"\n", ":3: unknown key sst"},
		"unknown dotted key":   {"stt.engine = \"vosk\"\nstt.timeout = \"1m\"\nstt.jobs = 2\n", ":3: unknown key stt.jobs"},
		"wrong type":           {"[stt]\n\nengine = 3\n", ":3: stt.engine: "},
		"bad duration":         {"[stt]\ntimeout = \"soon\"\n", `:2: stt.timeout: "soon" is not a duration`},
		"syntax":               {"[stt]\nengine = whisper\n", ":2: "},
		"unknown engine":       {"[stt]\nengine = \"google\"\n", `:2: unknown engine "google": use whisper, vosk, pocketsphinx, command`},
		"command without wav":  {"[stt]\ncommand = [\"my-stt\", \"--in\"]\n", ":2: command needs a {wav} argument"},
		"empty command":        {"[stt]\n\ncommand = []\n", ":3: command is empty"},
		"hesitations unknown":  {"[stt]\nhesitations = \"some\"\n", `:2: hesitations = "some": use "kept"`},
		"program of no engine": {"[stt.programs]\nwhisper = \"/x\"\ngoogle = \"/y\"\n", ":3: [stt.programs] google: not an engine"},
		"voice without text":   {"[tts]\ncommand = [\"say\", \"-v\", \"Alex\"]\n", ":2: [tts] command needs a {text} argument"},
		"empty voice":          {"\n[tts]\ncommand = [\"\"]\n", ":3: [tts] command is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			p := write(t, c.text)
			_, err := Load(p)
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, p+":") || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
				t.Errorf("message %q, want %q after the path", msg, c.want)
			}
		})
	}
}

func TestDurationInSeconds(t *testing.T) {
	c, err := Load(write(t, "[stt]\ntimeout = 90\n"))
	if err != nil || c.STT.Timeout.Duration != 90*time.Second {
		t.Errorf("timeout = 90: %v, %v", c.STT.Timeout, err)
	}
}

// At the end of the file the parser says it got '\x00'; the message says
// the file ends instead.
func TestParseErrorAtTheEndOfTheFile(t *testing.T) {
	var c Config
	err := Decode(strings.NewReader("[stt"), "config.toml", &c)
	if err == nil || strings.Contains(err.Error(), `\x00`) || !strings.Contains(err.Error(), "config.toml:1: ") || !strings.Contains(err.Error(), "the file ends") {
		t.Errorf("got %v", err)
	}
}

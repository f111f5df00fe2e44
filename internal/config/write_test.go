package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetKeepsTheUsersLinesAndReplacesKeysInPlace(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	orig := `# my settings
[stt]
engine = "pocketsphinx"  # for now
timeout = "5m"

[stt.programs]
vosk = "/opt/vosk/bin/vosk-transcriber"
`
	os.WriteFile(p, []byte(orig), 0o644)
	err := Set(p,
		Setting{"stt", "engine", "whisper"},
		Setting{"stt", "model", `/data/mo"dels/ggml-base.en.bin`},
		Setting{"stt.programs", "whisper", "/opt/homebrew/bin/whisper-cli"},
	)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	want := `# my settings
[stt]
engine = "whisper"
timeout = "5m"
model = "/data/mo\"dels/ggml-base.en.bin"

[stt.programs]
vosk = "/opt/vosk/bin/vosk-transcriber"
whisper = "/opt/homebrew/bin/whisper-cli"
`
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	c, err := Load(p)
	if err != nil || c.STT.Model != `/data/mo"dels/ggml-base.en.bin` || c.STT.Programs["whisper"] != "/opt/homebrew/bin/whisper-cli" {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestSetCreatesTheFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "config.toml")
	if err := Set(p, Setting{"stt", "engine", "whisper"}, Setting{"stt", "model", "m.bin"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "[stt]\nengine = \"whisper\"\nmodel = \"m.bin\"\n" {
		t.Fatalf("got %q", got)
	}
}

func TestSetLeavesAFileItCannotEditAlone(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	orig := "stt.engine = \"vosk\"\n"
	os.WriteFile(p, []byte(orig), 0o644)
	err := Set(p, Setting{"stt", "engine", "whisper"})
	if err == nil || !strings.Contains(err.Error(), "set them by hand") {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != orig {
		t.Fatalf("file changed to %q", got)
	}
}

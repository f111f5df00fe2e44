// Package whispermodel knows the English ggml models whisper.cpp publishes
// and downloads one into a folder: resuming a download that was cut off,
// and keeping the file only when its SHA-1 is the one whisper.cpp lists for
// that model, so a damaged or substituted file never reaches the engine.
package whispermodel

import (
	"fmt"
	"strings"
)

// DefaultBaseURL is where whisper.cpp's own download script fetches the
// models from; a file is at DefaultBaseURL + "/ggml-" + name + ".bin".
const DefaultBaseURL = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main"

// Model is one downloadable model.
type Model struct {
	Name string // as whisper.cpp names it: "base.en"
	// MiB is its size as whisper.cpp's models/README.md gives it.
	MiB int
	// Params is its number of parameters in millions; the time a model
	// takes grows with it, which is how speeds are estimated from one
	// measured model.
	Params int
	// SHA1 is the hash whisper.cpp publishes for the file (models/README.md,
	// "Available models").
	SHA1 string
	Note string
}

// File is the model's file name, as whisper.cpp's script saves it.
func (m Model) File() string { return "ggml-" + m.Name + ".bin" }

// Default is the model setup downloads unless told otherwise.
const Default = "base.en"

// Catalog is the models offered, smallest first. The hashes are copied from
// whisper.cpp's models/README.md; the parameter counts are OpenAI's.
var Catalog = []Model{
	{Name: "tiny.en", MiB: 75, Params: 39, SHA1: "c78c86eb1a8faa21b369bcd33207cc90d64ae9df", Note: "fastest, misses more words"},
	{Name: "base.en", MiB: 142, Params: 74, SHA1: "137c40403d78fd54d454da0f9bd998f78703390c", Note: "good balance (default)"},
	{Name: "small.en", MiB: 466, Params: 244, SHA1: "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022", Note: "most accurate, about 3x slower than base.en"},
}

// Names lists the catalog's model names.
func Names() []string {
	var out []string
	for _, m := range Catalog {
		out = append(out, m.Name)
	}
	return out
}

// Lookup finds a model by name; "ggml-base.en.bin" and "base" (for
// "base.en") are accepted too.
func Lookup(name string) (Model, error) {
	n := strings.TrimSuffix(strings.TrimPrefix(name, "ggml-"), ".bin")
	for _, m := range Catalog {
		if m.Name == n || m.Name == n+".en" {
			return m, nil
		}
	}
	return Model{}, fmt.Errorf("unknown model %q: choose %s", name, strings.Join(Names(), ", "))
}

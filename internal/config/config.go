// Package config reads the user's configuration file,
// <config dir>/config.toml. Every key is optional; a key starcoach does not
// know is an error that names the file and line, so a typo never passes
// silently.
//
//	[stt]
//	engine = "whisper"                    # whisper, vosk, pocketsphinx or command
//	model = "/models/ggml-base.en.bin"    # whisper's ggml file or a Vosk model directory
//	command = ["my-stt", "--in", "{wav}"] # the command engine's program and arguments
//	timeout = "5m"                        # per recording; default 5x its length, at least 60 s
//
//	[stt.programs]                        # where an engine's program is, if not on $PATH
//	whisper = "/opt/whisper.cpp/build/bin/whisper-cli"
//
//	[tts]                                 # the voice of practice --say; espeak-ng if not set
//	command = ["say", "{text}"]
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/starcoach/starcoach/internal/safefile"
)

// FileName is the configuration file's name inside the config directory.
const FileName = "config.toml"

// Config is the whole configuration file.
type Config struct {
	STT STT `toml:"stt"`
	TTS TTS `toml:"tts"`
}

// TTS configures the voice that reads questions aloud.
type TTS struct {
	// Command is the program and its arguments, one of which holds
	// "{text}" where the question goes.
	Command []string `toml:"command"`
}

// STT configures speech to text.
type STT struct {
	Engine  string   `toml:"engine"`
	Model   string   `toml:"model"`
	Command []string `toml:"command"`
	// Hesitations says what the command engine does with the speaker's
	// "um" and "uh": "kept" or "dropped"; "" when it does not say.
	Hesitations string            `toml:"hesitations"`
	Timeout     Duration          `toml:"timeout"`
	Programs    map[string]string `toml:"programs"`
}

// Duration is a time span written as a Go duration ("90s", "5m") or a
// number of seconds.
type Duration struct{ time.Duration }

// UnmarshalText reads a duration such as "90s", "5m" or 90.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if secs, ferr := strconv.ParseFloat(string(b), 64); ferr == nil && secs > 0 && secs < 1e6 {
		v, err = time.Duration(secs*float64(time.Second)), nil
	}
	if err != nil || v <= 0 {
		return fmt.Errorf("%q is not a duration: write it like \"90s\" or \"5m\"", b)
	}
	d.Duration = v
	return nil
}

// MaxFileBytes bounds the TOML files starcoach reads (configuration, word
// lists): they are written by hand and take a few kilobytes, so a larger
// one is a mistake, such as a link to a device, and is not read.
const MaxFileBytes = 1 << 20

func tooLarge(name string) error {
	return fmt.Errorf("%s: larger than %d MB, which no configuration file needs", name, MaxFileBytes>>20)
}

// unwrapPath drops the *fs.PathError wrapping, whose file the message
// already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Path is where the configuration file of config directory dir is.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Load reads the configuration file at path. A missing file is an empty
// configuration, not an error.
func Load(path string) (Config, error) {
	var c Config
	data, err := safefile.ReadFile(path, MaxFileBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	var tl *safefile.TooLargeError
	if errors.As(err, &tl) {
		return c, tooLarge(path)
	}
	var nr *safefile.NotRegularError
	if errors.As(err, &nr) {
		return c, err
	}
	if err != nil {
		return c, fmt.Errorf("read %s: %w", path, unwrapPath(err))
	}
	if err := Decode(bytes.NewReader(data), path, &c); err != nil {
		return Config{}, err
	}
	if err := c.check(path, data); err != nil {
		return Config{}, err
	}
	return c, nil
}

var engines = []string{"whisper", "vosk", "pocketsphinx", "command"}

func (c Config) check(path string, data []byte) error {
	known := func(name string) bool {
		for _, e := range engines {
			if name == e {
				return true
			}
		}
		return false
	}
	if e := c.STT.Engine; e != "" && !known(e) {
		return fmt.Errorf("%s:%d: unknown engine %q: use %s", path, keyLine(data, []string{"stt", "engine"}), e, strings.Join(engines, ", "))
	}
	for name := range c.STT.Programs {
		if !known(name) || name == "command" {
			return fmt.Errorf("%s:%d: [stt.programs] %s: not an engine; use whisper, vosk or pocketsphinx", path, keyLine(data, []string{"stt", "programs", name}), name)
		}
	}
	if h := c.STT.Hesitations; h != "" && h != "kept" && h != "dropped" {
		return fmt.Errorf("%s:%d: hesitations = %q: use \"kept\" (the command writes \"um\" and \"uh\") or \"dropped\" (it leaves them out)", path, keyLine(data, []string{"stt", "hesitations"}), h)
	}
	if cmd := c.STT.Command; cmd != nil {
		line := keyLine(data, []string{"stt", "command"})
		if len(cmd) == 0 || cmd[0] == "" {
			return fmt.Errorf("%s:%d: command is empty: give the program and its arguments, e.g. [\"my-stt\", \"{wav}\"]", path, line)
		}
		has := false
		for _, a := range cmd[1:] {
			has = has || strings.Contains(a, "{wav}")
		}
		if !has {
			return fmt.Errorf("%s:%d: command needs a {wav} argument where the recording goes", path, line)
		}
	}
	if cmd := c.TTS.Command; cmd != nil {
		line := keyLine(data, []string{"tts", "command"})
		if len(cmd) == 0 || cmd[0] == "" {
			return fmt.Errorf("%s:%d: [tts] command is empty: give the program and its arguments, e.g. [\"say\", \"{text}\"]", path, line)
		}
		has := false
		for _, a := range cmd[1:] {
			has = has || strings.Contains(a, "{text}")
		}
		if !has {
			return fmt.Errorf("%s:%d: [tts] command needs a {text} argument where the question goes", path, line)
		}
	}
	return nil
}

// Decode reads TOML from r into v. Keys v has no field for, and values of
// the wrong type, are errors of the form "name:line: problem".
func Decode(r io.Reader, name string, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", name, unwrapPath(err))
	}
	if len(data) > MaxFileBytes {
		return tooLarge(name)
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := ParseMessage(pe)
			if pe.LastKey != "" && !strings.Contains(msg, pe.LastKey) {
				msg = pe.LastKey + ": " + msg
			}
			return fmt.Errorf("%s:%d: %s", name, pe.Position.Line, msg)
		}
		if m := typeError().FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("%s:%s: %s: should be %s, not %s", name, m[1], m[2], typeName(m[4]), typeName(m[3]))
		}
		if m := lineError().FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("%s:%s: %s: %s", name, m[1], m[2], m[3])
		}
		return fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "toml: "))
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		k := undecoded[0]
		return fmt.Errorf("%s:%d: unknown key %s", name, keyLine(data, k), k)
	}
	return nil
}

// The decoder reports type mismatches as plain errors of these forms.
var (
	lineError = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`) })
	typeError = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (\S+); destination has type (\S+)$`)
	})
)

// typeName names a Go or TOML type for a user.
func typeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string":
		return "a string in quotes"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"), strings.HasPrefix(t, "slice"):
		return "a list"
	case strings.HasPrefix(t, "map"), strings.HasPrefix(t, "struct"):
		return "a table"
	}
	return t
}

// keyLine finds the line that defines key (a dotted path), for messages:
// the TOML decoder reports where syntax breaks but not where an unknown key
// is. It understands [table] headers and dotted keys; 0 when not found.
func keyLine(data []byte, key []string) int {
	var table []string
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			end := strings.LastIndex(line, "]")
			if end < 0 {
				continue
			}
			header := strings.Trim(line[:end], "[] \t")
			table = splitKey(header)
			if equalKey(table, key) {
				return i + 1
			}
			continue
		}
		name, _, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		full := append(append([]string(nil), table...), splitKey(name)...)
		if equalKey(full, key) || (len(full) < len(key) && equalKey(full, key[:len(full)])) {
			return i + 1
		}
	}
	return 0
}

func splitKey(s string) []string {
	var parts []string
	for _, p := range strings.Split(s, ".") {
		parts = append(parts, strings.Trim(strings.TrimSpace(p), `"'`))
	}
	return parts
}

func equalKey(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ParseMessage is the TOML parser's message, in words: at the end of the
// file the parser reports the character it got as '\x00'.
func ParseMessage(pe toml.ParseError) string {
	msg := strings.ReplaceAll(pe.Message, `but got '\x00' instead`, "but the file ends there")
	return strings.ReplaceAll(msg, `'\x00'`, "the end of the file")
}

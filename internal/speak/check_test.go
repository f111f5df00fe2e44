package speak

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/starcoach/starcoach/internal/testaudio"
)

// The built-in voice is checked by what it writes: espeak-ng's sentence
// has sound in it; a stand-in espeak-ng that writes silence is caught.
func TestCheckHearsTheBuiltInVoice(t *testing.T) {
	testaudio.Need(t, Espeak, "sox")
	v, err := Find(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Configured() {
		t.Fatalf("espeak-ng taken for a configured voice: %+v", v)
	}
	if err := v.Check(context.Background(), t.TempDir()); err != nil {
		t.Fatalf("espeak-ng: %v", err)
	}

	dir := t.TempDir()
	mute := filepath.Join(dir, Espeak)
	// Called as "espeak-ng -w PATH TEXT": a second of silence into PATH.
	os.WriteFile(mute, []byte("#!/bin/sh\nexec sox -n -r 16000 -c 1 -b 16 \"$2\" trim 0 1\n"), 0o755)
	v = Voice{Program: mute, Args: []string{TextPlaceholder}}
	if err := v.Check(context.Background(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "spoke only silence") {
		t.Errorf("a silent voice passed: %v", err)
	}
}

// A configured command is run with the sentence and must succeed.
func TestCheckRunsAConfiguredVoice(t *testing.T) {
	dir := t.TempDir()
	said := filepath.Join(dir, "said")
	ok := filepath.Join(dir, "my-tts")
	os.WriteFile(ok, []byte("#!/bin/sh\nprintf '%s' \"$2\" > "+said+"\n"), 0o755)
	v := Voice{Program: ok, Args: []string{"--rate", TextPlaceholder}}
	if !v.Configured() {
		t.Fatal("a configured command taken for the built-in voice")
	}
	if err := v.Check(context.Background(), t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(said); string(got) != CheckText {
		t.Errorf("the voice said %q", got)
	}
	bad := filepath.Join(dir, "broken-tts")
	os.WriteFile(bad, []byte("#!/bin/sh\necho 'no audio device' >&2\nexit 2\n"), 0o755)
	v = Voice{Program: bad, Args: []string{TextPlaceholder}}
	if err := v.Check(context.Background(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "no audio device") {
		t.Errorf("a failing voice: %v", err)
	}
}

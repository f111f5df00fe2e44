package speak

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/starcoach/starcoach/internal/testaudio"
)

func TestSayPassesTheTextAsOneArgument(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "said")
	script := filepath.Join(dir, "tts")
	os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s|' \"$@\" > "+out+"\n"), 0o755)
	look := func(name string) (string, error) {
		if name == "my-tts" {
			return script, nil
		}
		return "", exec.ErrNotFound
	}
	v, err := Find([]string{"my-tts", "--rate", "150", "{text}"}, look)
	if err != nil {
		t.Fatal(err)
	}
	text := `Tell me about a time; rm -rf "$HOME" & you disagreed`
	if err := v.Say(context.Background(), text); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	if string(got) != "--rate|150|"+text+"|" {
		t.Fatalf("program got %q", got)
	}
}

func TestFindWithoutAnyProgram(t *testing.T) {
	none := func(string) (string, error) { return "", exec.ErrNotFound }
	if _, err := Find(nil, none); !errors.Is(err, ErrNone) {
		t.Fatalf("err = %v", err)
	}
	if _, err := Find([]string{"gone", "{text}"}, none); err == nil || !strings.Contains(err.Error(), "gone not found") {
		t.Fatalf("err = %v", err)
	}
}

func TestSayStopsWithItsContext(t *testing.T) {
	v := Voice{Program: "/bin/sleep", Args: []string{"10"}}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := v.Say(ctx, "ignored")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
}

func TestWriteWAVWithEspeak(t *testing.T) {
	testaudio.Need(t, Espeak)
	p, _ := exec.LookPath(Espeak)
	out := filepath.Join(t.TempDir(), "s.wav")
	if err := WriteWAV(context.Background(), p, "ask not what your country can do for you", out); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() < 20000 {
		t.Fatalf("%v %v", st, err)
	}
}

//go:build linux && cgo

package audio

import (
	"strings"
	"testing"
)

// ALSA reports device trouble on standard error from its own threads at any
// moment; once silenced, none of it reaches the user.
func TestSilenceALSA(t *testing.T) {
	t.Cleanup(restoreALSA)

	restoreALSA()
	said, err := divertStderr(func() error { alsaComplain(); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(said), "starcoach_no_such_pcm") {
		t.Fatalf("ALSA's own handler printed %q; want its complaint about the missing PCM (the test's premise)", said)
	}

	silenceALSA()
	said, err = divertStderr(func() error { alsaComplain(); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(said) > 0 {
		t.Errorf("silenced ALSA still printed %q", said)
	}
}

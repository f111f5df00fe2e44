package audio

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestListDevices(t *testing.T) {
	var out bytes.Buffer
	open := func(io.Writer) (System, error) { return &Fake{}, nil }
	if err := ListDevices(open, nil, &out, false); err != nil {
		t.Fatal(err)
	}
	want := `INDEX  HOST API  NAME             IN  OUT  RATE   DEFAULT
0      Fake      Fake Microphone  2   0    16000  input
1      Fake      Fake Speaker     0   2    16000  output
`
	if out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", &out, want)
	}

	// None at all: the empty list is still printed, and the error says so.
	out.Reset()
	empty := func(io.Writer) (System, error) { return &Fake{DeviceList: []Device{}}, nil }
	if err := ListDevices(empty, nil, &out, true); !errors.Is(err, ErrNoDevices) || out.String() != "[]\n" {
		t.Errorf("no devices: %v, stdout %q", err, &out)
	}
	broken := errors.New("no sound server")
	if err := ListDevices(func(io.Writer) (System, error) { return nil, broken }, nil, &out, false); !errors.Is(err, broken) {
		t.Errorf("audio system failing to open: %v", err)
	}
}

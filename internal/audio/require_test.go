package audio

import (
	"errors"
	"io"
	"testing"
)

// A machine with no device at all is said at once; one with devices
// opens as asked.
func TestOpenWithDevices(t *testing.T) {
	none := &Fake{DeviceList: []Device{}}
	if _, err := OpenWithDevices(func(io.Writer) (System, error) { return none, nil }, nil); !errors.Is(err, ErrNoDevices) {
		t.Errorf("no devices: %v, want ErrNoDevices", err)
	}
	some := &Fake{}
	sys, err := OpenWithDevices(func(io.Writer) (System, error) { return some, nil }, nil)
	if err != nil || sys != System(some) {
		t.Errorf("devices: %v, %v", sys, err)
	}
}

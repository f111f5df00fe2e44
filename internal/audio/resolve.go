package audio

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kinds of device errors, for errors.Is. The errors themselves carry the
// whole message for the user.
var (
	ErrNoDevice    = errors.New("no such device")
	ErrAmbiguous   = errors.New("ambiguous device name")
	ErrUnsupported = errors.New("format not supported by the device")
)

type deviceError struct {
	kind error
	msg  string
}

func (e *deviceError) Error() string { return e.msg }
func (e *deviceError) Unwrap() error { return e.kind }

func deviceErrorf(kind error, format string, args ...any) error {
	return &deviceError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// direction is what a device is wanted for.
type direction bool

const (
	input  direction = true
	output direction = false
)

func (d direction) String() string {
	if d == input {
		return "input"
	}
	return "output"
}

func (d direction) channels(dev Device) int {
	if d == input {
		return dev.MaxInputChannels
	}
	return dev.MaxOutputChannels
}

func (d direction) isDefault(dev Device) bool {
	if d == input {
		return dev.DefaultInput
	}
	return dev.DefaultOutput
}

// resolve picks the device spec names among devs: "" is the default device,
// a number is an index, anything else a name, matched exactly, then
// ignoring case, then as a unique case-insensitive part of a name. Only
// devices with channels in the wanted direction count.
func resolve(devs []Device, spec string, dir direction) (Device, error) {
	var usable []Device
	for _, d := range devs {
		if dir.channels(d) > 0 {
			usable = append(usable, d)
		}
	}
	if len(usable) == 0 {
		if dir == input {
			return Device{}, deviceErrorf(ErrNoDevice, "no input device found (is a microphone connected? run 'starcoach devices')")
		}
		return Device{}, deviceErrorf(ErrNoDevice, "no output device found (are speakers or headphones connected? run 'starcoach devices')")
	}
	spec = strings.TrimSpace(spec)
	if spec == "" {
		for _, d := range usable {
			if dir.isDefault(d) {
				return d, nil
			}
		}
		return Device{}, deviceErrorf(ErrNoDevice, "there is no default %s device; choose one of the %s devices: %s", dir, dir, list(usable))
	}
	if idx, err := strconv.Atoi(spec); err == nil {
		for _, d := range devs {
			if d.Index != idx {
				continue
			}
			if dir.channels(d) == 0 {
				return Device{}, deviceErrorf(ErrNoDevice, "device %d (%s) has no %s channels; %s devices: %s", idx, d.Name, dir, dir, list(usable))
			}
			return d, nil
		}
		return Device{}, deviceErrorf(ErrNoDevice, "no %s device has index %d; %s devices: %s", dir, idx, dir, list(usable))
	}
	for _, match := range []func(name string) bool{
		func(name string) bool { return name == spec },
		func(name string) bool { return strings.EqualFold(name, spec) },
		func(name string) bool { return strings.Contains(strings.ToLower(name), strings.ToLower(spec)) },
	} {
		var found []Device
		for _, d := range usable {
			if match(d.Name) {
				found = append(found, d)
			}
		}
		switch {
		case len(found) == 1:
			return found[0], nil
		case len(found) > 1:
			return Device{}, deviceErrorf(ErrAmbiguous, "%q matches several %s devices: %s; give its index or its whole name", spec, dir, list(found))
		}
	}
	return Device{}, deviceErrorf(ErrNoDevice, "no %s device matches %q; %s devices: %s", dir, spec, dir, list(usable))
}

// list names devices the way error messages show them: "0 default (ALSA), 3 pulse (ALSA)".
func list(devs []Device) string {
	parts := make([]string, len(devs))
	for i, d := range devs {
		parts[i] = fmt.Sprintf("%d %s (%s)", d.Index, d.Name, d.HostAPI)
	}
	return strings.Join(parts, ", ")
}

// checkChannels refuses more channels than the device has.
func checkChannels(d Device, channels int, dir direction) error {
	have := dir.channels(d)
	if channels <= have {
		return nil
	}
	unit := "channels"
	if have == 1 {
		unit = "channel"
	}
	return deviceErrorf(ErrUnsupported, "device %q has %d %s %s: try --channels %d", d.Name, have, dir, unit, have)
}

// rateCandidates are the rates suggested, in order of preference, when a
// device refuses the one asked for: speech needs no more than the first.
var rateCandidates = []int{16000, 48000, 44100, 32000, 22050, 8000}

// rateError explains a refused rate and suggests one the device takes.
func rateError(d Device, rate int, supported func(rate int) bool) error {
	def := int(d.DefaultSampleRate)
	for _, r := range append(append([]int{}, rateCandidates...), def) {
		if r != rate && r > 0 && supported(r) {
			return deviceErrorf(ErrUnsupported, "device %q does not support %d Hz: try --rate %d (its default is %d Hz)", d.Name, rate, r, def)
		}
	}
	return deviceErrorf(ErrUnsupported, "device %q does not support %d Hz (its default is %d Hz); try another device (run 'starcoach devices')", d.Name, rate, def)
}

package audio

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/gordonklaus/portaudio"
)

// portAudio is the System of the machine's real sound devices.
type portAudio struct {
	verbose io.Writer

	mu      sync.Mutex
	infos   []*portaudio.DeviceInfo
	devices []Device
	closed  bool
}

// Open starts PortAudio and lists the devices. Everything the host's audio
// libraries print on standard error while they probe (ALSA's "Unknown PCM",
// JACK's "Cannot connect to server") is kept from the user and written to
// verbose instead, unless verbose is nil; without verbose, what ALSA says
// later (an underrun on a busy machine) is silenced too, so that it never
// breaks into a live line. It sets JACK_NO_START_SERVER in
// the process's environment, if unset, so that probing never starts a JACK
// server. Close the System when done.
func Open(verbose io.Writer) (System, error) {
	if err := checkALSAConfig(os.Getenv("ALSA_CONFIG_PATH")); err != nil {
		return nil, err
	}
	// JACK would otherwise try to start a server of its own while probing.
	if os.Getenv("JACK_NO_START_SERVER") == "" {
		os.Setenv("JACK_NO_START_SERVER", "1")
	}
	s := &portAudio{verbose: verbose}
	if verbose == nil {
		silenceALSA()
	}
	if err := s.quiet(portaudio.Initialize); err != nil {
		return nil, fmt.Errorf("start the audio system: %s (run with --verbose to see what it reported)", errorText(err))
	}
	if err := s.scan(); err != nil {
		s.quiet(portaudio.Terminate)
		return nil, err
	}
	return s, nil
}

func (s *portAudio) scan() error {
	infos, err := portaudio.Devices()
	if err != nil {
		return fmt.Errorf("list audio devices: %s", errorText(err))
	}
	defIn, defOut := -1, -1
	if d, err := portaudio.DefaultInputDevice(); err == nil {
		defIn = d.Index
	}
	if d, err := portaudio.DefaultOutputDevice(); err == nil {
		defOut = d.Index
	}
	s.infos = infos
	s.devices = make([]Device, len(infos))
	for i, info := range infos {
		host := ""
		if info.HostApi != nil {
			host = info.HostApi.Name
		}
		s.devices[i] = Device{
			Index:             info.Index,
			Name:              info.Name,
			HostAPI:           host,
			MaxInputChannels:  info.MaxInputChannels,
			MaxOutputChannels: info.MaxOutputChannels,
			DefaultSampleRate: info.DefaultSampleRate,
			DefaultInput:      info.Index == defIn,
			DefaultOutput:     info.Index == defOut,
		}
	}
	return nil
}

// quiet runs f with the library noise on standard error diverted.
func (s *portAudio) quiet(f func() error) error {
	noise, err := divertStderr(f)
	if len(noise) > 0 && s.verbose != nil {
		s.verbose.Write(noise)
	}
	return err
}

func (s *portAudio) Devices() ([]Device, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("audio system is closed")
	}
	return append([]Device(nil), s.devices...), nil
}

func (s *portAudio) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.quiet(portaudio.Terminate); err != nil {
		return fmt.Errorf("stop the audio system: %s", errorText(err))
	}
	return nil
}

// streamParams resolves a device and checks that it takes the format.
func (s *portAudio) streamParams(spec string, dir direction, rate, channels, framesPerBuffer int) (Device, portaudio.StreamParameters, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var p portaudio.StreamParameters
	if s.closed {
		return Device{}, p, errors.New("audio system is closed")
	}
	dev, err := resolve(s.devices, spec, dir)
	if err != nil {
		return dev, p, err
	}
	if err := checkChannels(dev, channels, dir); err != nil {
		return dev, p, err
	}
	info := s.infos[dev.Index]
	// Recording and replay need no low latency; a larger device buffer
	// rides out a busy machine.
	if dir == input {
		p.Input = portaudio.StreamDeviceParameters{Device: info, Channels: channels, Latency: info.DefaultHighInputLatency}
	} else {
		p.Output = portaudio.StreamDeviceParameters{Device: info, Channels: channels, Latency: info.DefaultHighOutputLatency}
	}
	p.FramesPerBuffer = framesPerBuffer
	supported := func(rate int) bool {
		q := p
		q.SampleRate = float64(rate)
		return s.quiet(func() error { return portaudio.IsFormatSupported(q, []int16(nil)) }) == nil
	}
	if !supported(rate) {
		return dev, p, rateError(dev, rate, supported)
	}
	p.SampleRate = float64(rate)
	return dev, p, nil
}

func (s *portAudio) OpenCapture(cfg CaptureConfig) (Capture, error) {
	cfg = cfg.withDefaults()
	if err := validFormat(cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer, cfg.Buffer); err != nil {
		return nil, err
	}
	dev, params, err := s.streamParams(cfg.Device, input, cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer)
	if err != nil {
		return nil, err
	}
	c := newCaptureStream(StreamInfo{Device: dev, SampleRate: cfg.SampleRate, Channels: cfg.Channels}, cfg)
	callback := func(in []int16, _ portaudio.StreamCallbackTimeInfo, flags portaudio.StreamCallbackFlags) {
		c.deliver(in, flags&portaudio.InputOverflow != 0)
	}
	var stream *portaudio.Stream
	err = s.quiet(func() (err error) {
		stream, err = portaudio.OpenStream(params, callback)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open %q for recording: %s", dev.Name, errorText(err))
	}
	if si := stream.Info(); si != nil {
		c.info.Latency = si.InputLatency
	}
	c.drv = &paDriver{sys: s, stream: stream}
	return c, nil
}

func (s *portAudio) OpenPlayback(cfg PlaybackConfig) (Playback, error) {
	cfg = cfg.withDefaults()
	if err := validFormat(cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer, cfg.Buffer); err != nil {
		return nil, err
	}
	dev, params, err := s.streamParams(cfg.Device, output, cfg.SampleRate, cfg.Channels, cfg.FramesPerBuffer)
	if err != nil {
		return nil, err
	}
	p := newPlaybackStream(StreamInfo{Device: dev, SampleRate: cfg.SampleRate, Channels: cfg.Channels}, cfg)
	callback := func(out []int16) { p.pull(out) }
	var stream *portaudio.Stream
	err = s.quiet(func() (err error) {
		stream, err = portaudio.OpenStream(params, callback)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open %q for playing: %s", dev.Name, errorText(err))
	}
	if si := stream.Info(); si != nil {
		p.info.Latency = si.OutputLatency
	}
	p.drv = &paDriver{sys: s, stream: stream}
	return p, nil
}

// paDriver drives a PortAudio stream, keeping its library noise quiet.
type paDriver struct {
	sys    *portAudio
	stream *portaudio.Stream
}

func (d *paDriver) start() error { return d.wrap(d.stream.Start) }
func (d *paDriver) stop() error  { return d.wrap(d.stream.Stop) }
func (d *paDriver) abort() error { return d.wrap(d.stream.Abort) }
func (d *paDriver) close() error { return d.wrap(d.stream.Close) }

func (d *paDriver) wrap(f func() error) error {
	if err := d.sys.quiet(f); err != nil {
		return errors.New(errorText(err))
	}
	return nil
}

// errorText gives PortAudio's error a text: some host errors come without one.
func errorText(err error) string {
	if msg := err.Error(); msg != "" {
		return msg
	}
	var pe portaudio.Error
	if errors.As(err, &pe) {
		return fmt.Sprintf("PortAudio error %d", int(pe))
	}
	var he portaudio.UnanticipatedHostError
	if errors.As(err, &he) {
		return fmt.Sprintf("%v host error %d", he.HostApiType, he.Code)
	}
	return "unknown error"
}

var alsaDefault = regexp.MustCompile(`\b(default|dmix)\b`)

// checkALSAConfig refuses an ALSA configuration that replaces the system's
// (ALSA_CONFIG_PATH) but defines no default device: PortAudio's device scan
// would abort the whole process on it.
func checkALSAConfig(paths string) error {
	if paths == "" {
		return nil
	}
	var read []string
	for _, p := range filepath.SplitList(paths) {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // ALSA reports unreadable files itself
		}
		if alsaDefault.Match(b) {
			return nil
		}
		read = append(read, p)
	}
	if len(read) == 0 {
		return nil
	}
	return fmt.Errorf("ALSA_CONFIG_PATH=%s defines no default device, which the audio library cannot start without: add one, e.g. pcm.!default { type pulse }, or unset ALSA_CONFIG_PATH", strings.Join(read, ":"))
}

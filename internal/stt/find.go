package stt

import (
	"os"
	"path/filepath"
	"strings"
)

// whisperPrograms are the names whisper.cpp's command-line program goes by:
// whisper-cli since 2025, whisper-cpp in older Homebrew installs.
var whisperPrograms = []string{"whisper-cli", "whisper-cpp"}

// WhisperPlaces are the folders where package managers and a source build
// put whisper-cli, which a shell may not have on its PATH: Homebrew on
// Apple silicon, on Intel Macs and on Linux, Nix profiles, and a build of
// whisper.cpp cloned into the home folder as its README suggests.
// Without an absolute home folder only the system's places are looked in: a
// program is never run from under the current folder.
func WhisperPlaces(home string) []string {
	all := []string{
		"/opt/homebrew/bin",
		"/usr/local/bin",
		"/home/linuxbrew/.linuxbrew/bin",
		filepath.Join(home, ".linuxbrew", "bin"),
		filepath.Join(home, ".nix-profile", "bin"),
		"/run/current-system/sw/bin",
		filepath.Join(home, ".local", "bin"),
		filepath.Join(home, "whisper.cpp", "build", "bin"),
		filepath.Join(home, "src", "whisper.cpp", "build", "bin"),
		filepath.Join(home, "git", "whisper.cpp", "build", "bin"),
	}
	var places []string
	for _, p := range all {
		if filepath.IsAbs(p) {
			places = append(places, p)
		}
	}
	return places
}

// FindWhisper looks for whisper-cli on the PATH, then in WhisperPlaces.
// onPath is false when it was found only in one of those folders, so the
// caller must write its path into the configuration.
func FindWhisper(look LookPath, home string) (path string, onPath, found bool) {
	for _, name := range whisperPrograms {
		if p, err := look(name); err == nil {
			return p, true, true
		}
	}
	for _, dir := range WhisperPlaces(home) {
		for _, name := range whisperPrograms {
			p := filepath.Join(dir, name)
			if isExecutable(p) {
				return p, false, true
			}
		}
	}
	return "", false, false
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// HowToGetWhisper says, step by step, how to install whisper-cli on this
// system: Homebrew's whisper-cpp where Homebrew is (macOS, or Linux with
// brew), otherwise a build from source with the tools it needs. goos is
// runtime.GOOS; debian is whether apt-get is the package manager.
func HowToGetWhisper(goos string, look LookPath, home string, debian bool) []string {
	has := func(name string) bool { _, err := look(name); return err == nil }
	if has("brew") {
		return []string{"brew install whisper-cpp"}
	}
	if goos == "darwin" {
		return []string{
			"install Homebrew (https://brew.sh), then:",
			"brew install whisper-cpp",
		}
	}
	var steps []string
	var missing []string
	for _, tool := range []string{"git", "cmake", "c++"} {
		if !has(tool) {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		if debian {
			steps = append(steps, "sudo apt-get install git cmake g++")
		} else {
			steps = append(steps, "install "+strings.Join(missing, ", ")+" with your package manager")
		}
	}
	src := filepath.Join(home, "whisper.cpp")
	steps = append(steps,
		"git clone --depth 1 https://github.com/ggml-org/whisper.cpp "+src,
		"cmake -S "+src+" -B "+src+"/build",
		"cmake --build "+src+"/build -j --config Release",
		"then run starcoach setup again: it finds "+src+"/build/bin/whisper-cli",
	)
	return steps
}

#!/usr/bin/env bash
# Installs the Debian packages starcoach's build, tests and demo need, if any
# is missing. `scripts/deps.sh --list` prints them, one per line.
# `scripts/deps.sh --use` installs only what building and using starcoach
# needs (make install), not the test and demo tools.
set -euo pipefail

use=(
	gcc pkg-config portaudio19-dev # the PortAudio binding is cgo
	espeak-ng                      # setup's test sentence and practice --say
)
packages=(
	"${use[@]}"
	sox ffmpeg                     # audio for tests, demo and benchmarks
	flite                          # the demo's voice, which PocketSphinx understands best
	pocketsphinx pocketsphinx-en-us # the speech-to-text engine every Debian machine can have
	pulseaudio pulseaudio-utils libasound2-plugins alsa-utils # virtual microphone and speaker
	tmux time procps               # interactive tests, peak-memory and CPU figures
	chromium                       # renders the HTML report in its tests
)

if [[ "${1:-}" == "--list" ]]; then
	printf '%s\n' "${packages[@]}"
	exit 0
fi
if [[ "${1:-}" == "--use" ]]; then
	packages=("${use[@]}")
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
	if command -v sudo >/dev/null; then
		sudo=(sudo)
	else
		echo "starcoach needs these Debian packages: ${missing[*]}; install them as root with apt-get install" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

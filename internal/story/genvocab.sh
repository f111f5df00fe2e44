#!/bin/sh
# Regenerates vocab.txt.gz, the background vocabulary the package embeds,
# from SCOWL (Debian package scowl: apt-get install scowl). Run through
# `go generate ./internal/story`.
#
# Each line is "<size> <word>": SCOWL's size level, 10 for the most common
# English words up to 50 for words found in ordinary dictionaries. Only
# lower-case words without apostrophes are kept, plus the capitalised
# calendar and nationality words of the small levels (Friday, December,
# Spanish), lower-cased, so that they are not taken for names.
set -eu
export LC_ALL=C
src=${SCOWL_DIR:-/usr/share/dict/scowl}
out=${1:-vocab.txt.gz}
if [ ! -r "$src/english-words.10" ]; then
	echo "genvocab: $src/english-words.10 not found: install the scowl package" >&2
	exit 1
fi
{
	sed -n '/^The collective work/,/without express or implied warranty/p' /usr/share/doc/scowl/copyright | sed 's/^/# /'
	echo "# Word lists derived from SCOWL (Spell Checker Oriented Word Lists)"
	echo "# by Kevin Atkinson, http://wordlist.aspell.net/"
	for size in 10 20 35 40 50; do
		for f in "$src/english-words.$size" "$src/variant_1-words.$size" "$src/english-upper.$size"; do
			[ -r "$f" ] || continue
			case $f in
			*upper.50) continue ;;
			esac
			iconv -f utf-8 -t ascii//TRANSLIT "$f" 2>/dev/null || cat "$f"
		done | tr 'A-Z' 'a-z' | grep -E '^[a-z]+$' | sort -u | sed "s/^/$size /"
	done
} | gzip -9 -n >"$out"

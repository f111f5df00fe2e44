#!/usr/bin/env bash
# Vets, for Windows and macOS, every package that builds without cgo: all
# but those that need PortAudio (the recorder, the player and the command
# line that links them), and no package whose tests import one of those.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

# The packages that need PortAudio, directly or through another package.
cgo=$($GO list -f '{{.ImportPath}} {{join .Deps " "}}' ./... | awk '/portaudio/ {print $1}')
pkgs=$($GO list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... |
	awk -v cgo="$cgo" 'BEGIN { n = split(cgo, c, "\n"); for (i = 1; i <= n; i++) need[c[i]] = 1 }
		{ if ($1 in need) next; for (i = 2; i <= NF; i++) if ($i in need || $i ~ /portaudio/) next; print $1 }')
status=0
for os in windows darwin; do
	echo "go vet for $os: $(echo "$pkgs" | wc -l) packages"
	CGO_ENABLED=0 GOOS=$os $GO vet $pkgs || status=1
done
exit $status

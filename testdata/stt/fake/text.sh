#!/bin/sh
# A command engine that prints plain text, as a wrapper around any
# recogniser would. It checks that it was handed a readable file.
[ -r "$1" ] || { echo "text.sh: cannot read $1" >&2; exit 2; }
echo "Um, at my last job our deploys took forty minutes and failed every week."
echo "I think we, like, cut it to 6 minutes, so I guess 85% faster."

#!/bin/sh
# A command engine that prints plain text with an "um" in it.
[ -r "$1" ] || { echo "um.sh: cannot read $1" >&2; exit 2; }
echo "Um, at my last job our deploys took forty minutes. My task was to make them faster. I cached the dependencies and split the tests into four jobs. As a result deploys took six minutes."

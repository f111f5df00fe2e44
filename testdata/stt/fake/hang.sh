#!/bin/sh
# An engine that never finishes. It starts a helper that would outlive it
# and writes the helper's process id to the file named by $2, so a test
# can check that stopping the engine stopped the helper too.
sleep 300 &
echo $! > "$2"
echo "working..." >&2
wait

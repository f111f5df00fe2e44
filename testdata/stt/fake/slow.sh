#!/bin/sh
# An engine that takes $2 seconds (default 2) and then prints its text,
# for tests of work that goes on while an engine runs.
sleep "${2:-2}"
echo "I led the migration and we finished two weeks early."

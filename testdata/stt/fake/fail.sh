#!/bin/sh
# An engine that fails: log chatter, then the real problem, then exit 3.
echo "loading model" >&2
echo "INFO: reading $1" >&2
echo "error: model file is corrupt" >&2
echo "hint: download it again" >&2
exit 3

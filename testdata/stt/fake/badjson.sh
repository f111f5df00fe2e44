#!/bin/sh
# An engine whose JSON is cut off.
printf '{"text": "we cut the time", "segments": [{"start_s": 0.1, "end'

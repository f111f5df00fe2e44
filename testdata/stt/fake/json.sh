#!/bin/sh
# A command engine that prints starcoach's transcript JSON.
[ -r "$1" ] || { echo "json.sh: cannot read $1" >&2; exit 2; }
cat <<'JSON'
{"text": "I rebuilt the pipeline and we cut it to six minutes",
 "segments": [{"start_s": 0.1, "end_s": 2.9, "text": "I rebuilt the pipeline and we cut it to six minutes"}],
 "words": [
  {"start_s": 0.1, "end_s": 0.2, "word": "I", "conf": 0.9},
  {"start_s": 0.2, "end_s": 0.6, "word": "rebuilt", "conf": 0.9},
  {"start_s": 0.6, "end_s": 0.7, "word": "the", "conf": 0.9},
  {"start_s": 0.7, "end_s": 1.2, "word": "pipeline", "conf": 0.9},
  {"start_s": 1.2, "end_s": 1.4, "word": "and", "conf": 0.9},
  {"start_s": 1.4, "end_s": 1.5, "word": "we", "conf": 0.9},
  {"start_s": 1.5, "end_s": 1.7, "word": "cut", "conf": 0.9},
  {"start_s": 1.7, "end_s": 1.8, "word": "it", "conf": 0.9},
  {"start_s": 1.8, "end_s": 1.9, "word": "to", "conf": 0.9},
  {"start_s": 1.9, "end_s": 2.3, "word": "six", "conf": 0.9},
  {"start_s": 2.3, "end_s": 2.9, "word": "minutes", "conf": 0.9}]}
JSON

#!/usr/bin/env bash
# make demo: a whole practice session on a machine with no microphone.
#
# It starts a private virtual microphone (scripts/vmic.sh), has Flite
# say three answers into it as one stream (a good STAR answer, one that
# runs over 2:00, and one with long pauses that tells a story for another
# question than the one asked), and lets `starcoach practice`
# record them exactly as it would record a person: real time, stopping each
# answer after 6 s of silence. PocketSphinx transcribes each answer in the
# background while the next is recorded, and the session summary is
# printed at the end. Everything it started is stopped on exit, however it
# exits; the session itself is kept in a temporary data directory.
#
#   scripts/demo.sh            (STARCOACH_BIN to use another binary)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${STARCOACH_BIN:-$root/bin/starcoach}

"$root/scripts/deps.sh"
if [[ ! -x $bin ]]; then
	(cd "$root" && go build -o bin/starcoach ./cmd/starcoach)
fi
# The work below happens in another directory.
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

work=$(mktemp -d "${TMPDIR:-/tmp}/starcoach-demo.XXXXXX")
vmic=$work/vmic
player=
cleanup() {
	if [[ -n $player ]]; then
		kill "$player" 2>/dev/null || true
		wait "$player" 2>/dev/null || true
	fi
	"$root/scripts/vmic.sh" stop "$vmic" >/dev/null 2>&1 || true
	rm -rf "$vmic" "$work/audio"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/audio"
cd "$work/audio"

# say NAME TEXT: Flite's speech as 16 kHz mono, the microphone's format.
# Flite's rms voice, not espeak-ng: PocketSphinx doubts more than half of
# the words it hears from espeak-ng, and about a quarter from rms, which is
# enough for the STAR check to judge the answers.
say() {
	flite -voice rms -t "$2" -o "$1.raw.wav"
	sox "$1.raw.wav" -r 16000 -c 1 -b 16 "$1.wav"
	rm "$1.raw.wav"
}
# say_slowly NAME TEXT: the same, drawn out to 1.55 times its length.
say_slowly() {
	flite -voice rms --setf duration_stretch=1.55 -t "$2" -o "$1.raw.wav"
	sox "$1.raw.wav" -r 16000 -c 1 -b 16 "$1.wav"
	rm "$1.raw.wav"
}
# silence NAME SECONDS
silence() { sox -n -r 16000 -c 1 -b 16 "$1.wav" trim 0 "$2"; }

echo "demo: making three spoken answers with Flite" >&2

# 1. A good STAR answer, a little over a minute, started slowly: its
# first three sentences drawn out, which the summary's voice lines call a
# slow pace at the start. Drawn out further (1.6 times and more) PocketSphinx
# mishears the opening, and the check says its Situation was not heard
# clearly rather than showing the rest of the job.
say_slowly good1 "Last spring I was the backend engineer on our checkout team, and our payment service was timing out during peak sales. \
My task was to get checkout errors under one percent before the holiday sale, six weeks away. \
First I pulled a week of traces and found that every timeout came from the connection pool to the card processor."
say good2 "I wrote a load test that reproduced it in staging, then I changed the pool to grow with demand and added a circuit breaker with a fallback queue. \
I rolled it out to five percent of traffic, watched the dashboards for two days, and then to everyone. \
As a result, checkout errors fell from four percent to zero point two percent, and we took forty percent more orders on the sale day than the year before. \
I learned to measure before I change anything, and I now start every performance fix with a load test."
sox good1.wav good2.wav good.wav

# 2. An answer that runs well over 2:00: a long wind-up and detail nobody
# asked for; its task is said, late.
over_text="So, this was a while ago, and to give some background, the company had grown a lot, and there were many teams, and the teams had different ways of working, and some of them used one tracker and some used another, and there were a lot of meetings about which one to use. \
Anyway, we had this migration coming, and it was a big migration, from the old data center to the cloud, and there were many services, I think around forty services, maybe more, and each one had its own owner, and some owners had left the company, so nobody really knew how some of them worked. \
My job was to move the services my team owned without losing any data, and to help the other teams with theirs. \
And the plan kept changing, because the first plan was to move everything at once, and then the plan was to move it in waves, and then the plan was to move the smallest services first, and then the biggest ones first, and there were many discussions about it. \
We had a lot of meetings, and in the meetings we talked about the risks, and the risks were mostly about the database, because the database was very old, and it had a lot of data, and copying it would take a long time, and we were not sure how long. \
So we made spreadsheets, many spreadsheets, with every service, its owner, its dependencies, its database, its traffic, and its risk, and we updated them every week, and we reviewed them with the managers, and the managers asked for more columns. \
Then we started moving services, and some of them moved easily, and some of them did not, and for the ones that did not we had to go back and look at what went wrong, and usually it was a configuration problem, or a firewall rule, or a certificate. \
And we kept going like that for months, week after week, wave after wave, and at some point most of the services were moved, and then the last few were the hardest ones, and they took almost as long as all the others together. \
In the end I think it went fine, mostly, and the old data center was shut down, a bit later than planned, and people were happy that it was over, and we had a small party, and that is more or less the story of that migration. \
Looking back, there are many things I would do differently, like the spreadsheets, and the meetings, and the waves, but at the time it seemed like the right way, and everybody agreed with it, more or less, so we did it that way, and I think we learned a lot from it, about migrations, and about meetings, and about spreadsheets."
say over "$over_text"

# 3. An answer with long pauses of 3 to 4 s, where the speaker loses the
# thread; and off-topic on purpose: asked about a customer, it tells a
# disagree-and-commit story, which the summary says it reads as.
say p1 "Last year my manager wanted to rewrite our billing service in a new language before the busy season. My job was to keep billing fast and correct through that season."
say p2 "I disagreed, because our error logs showed the real problem was one slow database query. I wrote a short document with the numbers and presented it to the team."
say p3 "My manager heard me out, but decided to go ahead with the rewrite. Once the decision was made, I committed fully, and I took the hardest part myself."
say p4 "We shipped the rewrite two weeks early, and later we fixed the slow query too, which cut our page load time by forty percent."
silence pause35 3.5
silence pause40 4.0
sox p1.wav pause35.wav p2.wav pause40.wav p3.wav pause35.wav p4.wav pauses.wav

# One stream, as a person would speak: a moment before the first answer,
# about 8 s of silence after each (the recorder stops after 6 s of it).
silence lead 1.5
silence between 8
sox lead.wav good.wav between.wav over.wav between.wav pauses.wav between.wav stream.wav
for f in good over pauses; do
	printf 'demo: answer %-6s %s\n' "$f" "$(soxi -d "$f.wav")" >&2
done

echo "demo: starting the virtual microphone" >&2
eval "$("$root/scripts/vmic.sh" start "$vmic")"

# The questions, in the order the answers are given: the first two are
# what their answers tell; the third asks for a customer story, which the
# third answer does not tell.
data=$work/data
echo "demo: practice session, data in $data" >&2
paplay -d starcoach_mic stream.wav &
player=$!
status=0
"$bin" practice --question dive-deep-1 --question deliver-results-1 --question customer-obsession-1 \
	--countdown 0 --stop-after-silence 6s \
	--engine pocketsphinx --data-dir "$data" </dev/null || status=$?
wait "$player" 2>/dev/null || true
player=

echo >&2
echo "demo: the session is kept in $data; see it again with:" >&2
echo "  $bin --data-dir $data sessions show" >&2
exit $status

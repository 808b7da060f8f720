#!/usr/bin/env bash
# Notice delivery benchmark (issue 4, Performance): `outreach worker --once` draining N notices from
# the durable outbox, next to Apprise's Python API and a minimal C libcurl sender, all posting to one
# local receiver on 127.0.0.1 that answers {"errcode":0,"errmsg":"ok"}. The three are measured in the
# same run, interleaved, ROUNDS times; the medians and the ratios are printed.
#
# Usage: scripts/bench-notices.sh            (N=20000 APPRISE_N=2000 ROUNDS=3 CONCURRENCY=32)
# Needs: Swift, libcurl4-openssl-dev, a C compiler, python3 with pip (Apprise is installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
APPRISE_N=${APPRISE_N:-2000}
ROUNDS=${ROUNDS:-3}
CONCURRENCY=${CONCURRENCY:-32}

bash scripts/setup.sh
if ! command -v cc >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc >/dev/null
fi
if ! python3 -c 'import apprise' >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check apprise
fi
swift build -c release --static-swift-stdlib --product outreach >/dev/null
swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
bin=$(swift build -c release --show-bin-path)
root=$(pwd)
work=$(mktemp -d)
cc -O2 -o "$work/raw_libcurl" bench/raw_libcurl.c -lcurl

# The receiver: the project's FakeWebhookServer as a small executable, keep-alive, no recording.
"$bin/outreach-bench" receive --port-file "$work/port" >/dev/null &
receiver=$!
cleanup() { kill -9 "$receiver" 2>/dev/null || true; wait "$receiver" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")
url="http://127.0.0.1:$port/hook"

cd "$work"
. "$root/bench/notice-bench-folder.sh" "$root"
export BENCH_HOOK="$url" OUTREACH_LANG=en


median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: > outreach.txt; : > apprise.txt; : > raw.txt
for round in $(seq "$ROUNDS"); do
    rm -f outreach.sqlite outreach.sqlite-wal outreach.sqlite-shm
    "$bin/outreach" init >/dev/null 2>&1
    enq=$("$bin/outreach-bench" notices --target bench --count "$N")
    body=$(echo "$enq" | sed -n 's/.*body_bytes=\([0-9]*\).*/\1/p')
    # Durable outbox on: claims, "attempt started" and outcomes are committed to SQLite (WAL).
    /usr/bin/time -f "%e %U %S" -o time.txt "$bin/outreach" worker --once --concurrency "$CONCURRENCY" >worker.out 2>worker.err
    grep -q "Delivered $N notices" worker.out || { cat worker.out worker.err; exit 1; }
    read -r wall user sys < time.txt
    awk -v n="$N" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f %.4f\n", n / w, (u + s) / n * 1000}' >> outreach.txt
    python3 "$root/bench/apprise_bench.py" "$url" "$APPRISE_N" "$body" \
        | awk -v n="$APPRISE_N" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}} END {printf "%.1f %.4f\n", n / v["seconds"], v["cpu_seconds"] / n * 1000}' >> apprise.txt
    "$work/raw_libcurl" "$url" "$N" "$body" \
        | awk -v n="$N" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}} END {printf "%.1f %.4f\n", n / v["seconds"], v["cpu_seconds"] / n * 1000}' >> raw.txt
    echo "round $round: outreach $(tail -1 outreach.txt)  apprise $(tail -1 apprise.txt)  raw $(tail -1 raw.txt)  (deliveries/s, CPU s per 1,000)" >&2
done

o_rate=$(cut -d' ' -f1 outreach.txt | median); o_cpu=$(cut -d' ' -f2 outreach.txt | median)
a_rate=$(cut -d' ' -f1 apprise.txt | median); a_cpu=$(cut -d' ' -f2 apprise.txt | median)
r_rate=$(cut -d' ' -f1 raw.txt | median); r_cpu=$(cut -d' ' -f2 raw.txt | median)
echo "body bytes: $body; notices: $N (Apprise: $APPRISE_N, rate extrapolated); rounds: $ROUNDS (medians); concurrency: $CONCURRENCY; $(nproc) cores"
printf "| sender | deliveries/s | CPU s per 1,000 |\n|---|---|---|\n"
printf "| outreach worker --once (durable outbox, libcurl multi) | %s | %s |\n" "$o_rate" "$o_cpu"
printf "| Apprise %s (Python API, json://) | %s | %s |\n" "$(python3 -c 'import apprise; print(apprise.__version__)')" "$a_rate" "$a_cpu"
printf "| raw libcurl, C, one kept-alive connection | %s | %s |\n" "$r_rate" "$r_cpu"
awk -v o="$o_rate" -v a="$a_rate" -v r="$r_rate" 'BEGIN {printf "\noutreach / Apprise: %.1fx (goal >= 20x); outreach / raw libcurl: %.2fx (goal >= 0.5x)\n", o / a, o / r}'

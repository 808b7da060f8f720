#!/usr/bin/env bash
# Notice delivery, two builds of outreach in the same sitting: the worker step of
# scripts/bench-notices.sh (`outreach worker --once` draining N notices from the durable outbox to one
# local receiver), alternating between BEFORE and AFTER, ROUNDS times each. Prints every run and the
# medians with the ratio after ÷ before. Each folder needs release builds of `outreach` and
# `outreach-bench` (each build enqueues into the store it made itself).
#
# Usage: scripts/bench-notices-ab.sh BEFORE_BIN_DIR AFTER_BIN_DIR   (N=20000 ROUNDS=5 CONCURRENCY=32)
# e.g.   git worktree add --detach ../before COMMIT && (cd ../before && swift build -c release --static-swift-stdlib --product outreach \
#          && swift build -c release --static-swift-stdlib --product outreach-bench)
#        swift build -c release --static-swift-stdlib --product outreach && swift build -c release --static-swift-stdlib --product outreach-bench
#        scripts/bench-notices-ab.sh ../before/.build/release .build/release
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd)
N=${N:-20000}; ROUNDS=${ROUNDS:-5}; CONCURRENCY=${CONCURRENCY:-32}
root=$(pwd)
work=$(mktemp -d)
"$after/outreach-bench" receive --port-file "$work/port" >/dev/null &
receiver=$!
cleanup() { kill -9 "$receiver" 2>/dev/null || true; wait "$receiver" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
export BENCH_HOOK="http://127.0.0.1:$(cat "$work/port")/hook" OUTREACH_LANG=en
cd "$work"
. "$root/bench/notice-bench-folder.sh" "$root"

run() { # $1 = label, $2 = bin dir; appends "rate cpu-per-1000" to $1.txt
    rm -f outreach.sqlite outreach.sqlite-wal outreach.sqlite-shm
    "$2/outreach" init >/dev/null 2>&1
    "$2/outreach-bench" notices --target bench --count "$N" >/dev/null
    /usr/bin/time -f "%e %U %S" -o time.txt "$2/outreach" worker --once --concurrency "$CONCURRENCY" >worker.out 2>worker.err
    grep -q "Delivered $N notices" worker.out || { cat worker.out worker.err; exit 1; }
    read -r wall user sys < time.txt
    awk -v n="$N" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN {printf "%.0f %.4f\n", n / w, (u + s) / n * 1000}' >> "$1.txt"
    echo "$1: $(tail -1 "$1.txt") (deliveries/s, CPU s per 1,000)" >&2
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: > before.txt; : > after.txt
for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then run before "$before"; run after "$after"; else run after "$after"; run before "$before"; fi
done
b_rate=$(cut -d' ' -f1 before.txt | median); b_cpu=$(cut -d' ' -f2 before.txt | median)
a_rate=$(cut -d' ' -f1 after.txt | median); a_cpu=$(cut -d' ' -f2 after.txt | median)
echo "notices: $N; rounds: $ROUNDS each, alternating (medians); concurrency: $CONCURRENCY; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "| build | deliveries/s (runs) | CPU s per 1,000 (runs) |\n|---|---|---|\n"
printf "| before | %s (%s) | %s (%s) |\n" "$b_rate" "$(cut -d' ' -f1 before.txt | paste -sd';' | sed 's/;/; /g')" "$b_cpu" "$(cut -d' ' -f2 before.txt | paste -sd';' | sed 's/;/; /g')"
printf "| after | %s (%s) | %s (%s) |\n" "$a_rate" "$(cut -d' ' -f1 after.txt | paste -sd';' | sed 's/;/; /g')" "$a_cpu" "$(cut -d' ' -f2 after.txt | paste -sd';' | sed 's/;/; /g')"
awk -v a="$a_rate" -v b="$b_rate" -v ac="$a_cpu" -v bc="$b_cpu" 'BEGIN {printf "\nafter / before: %.2fx deliveries/s, %.2fx CPU per delivery\n", a / b, ac / bc}'

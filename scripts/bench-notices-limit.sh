#!/usr/bin/env bash
# Notice delivery against the limit (issue 14): `outreach worker --once --concurrency C` draining N notices
# from the durable outbox, a C program using libcurl's multi interface with the same C transfers in flight
# over kept-alive connections (bench/multi_libcurl.c: the limit, no database, no rendering), and Apprise
# (the peer), all posting to nginx (Debian nginx-light, one worker, `return 200` with WeCom's success body,
# keep-alive without limit) on 127.0.0.1. Interleaved in one run, ROUNDS times; prints every round, the
# medians and the ratios (rates, and CPU seconds per 1,000 deliveries).
#
# Usage: scripts/bench-notices-limit.sh     (N=20000 APPRISE_N=2000 ROUNDS=3 CONCURRENCY=32)
# Needs: Swift, libcurl4-openssl-dev, gcc, nginx (installed when missing), python3 with pip (Apprise).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}; APPRISE_N=${APPRISE_N:-2000}; ROUNDS=${ROUNDS:-3}; CONCURRENCY=${CONCURRENCY:-32}

bash scripts/setup.sh
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v cc >/dev/null 2>&1 || ! command -v nginx >/dev/null 2>&1; then
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc nginx-light >/dev/null
fi
python3 -c 'import apprise' >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check apprise
bin=${OUTREACH_BIN_DIR:-}
if [ -z "$bin" ]; then
    swift build -c release --static-swift-stdlib --product outreach >/dev/null
    swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
    bin=$(swift build -c release --show-bin-path)
fi
root=$(pwd)
work=$(mktemp -d)
cc -O2 -o "$work/multi_libcurl" bench/multi_libcurl.c -lcurl

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/tmp"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 60s;
    client_body_buffer_size 16k;
    client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
    uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
    server {
        listen 127.0.0.1:$port;
        location / { default_type application/json; return 200 '{"errcode":0,"errmsg":"ok"}'; }
    }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
receiver=$!
cleanup() { kill "$receiver" 2>/dev/null || true; wait "$receiver" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
url="http://127.0.0.1:$port/hook"

cd "$work"
. "$root/bench/notice-bench-folder.sh" "$root"
export BENCH_HOOK="$url" OUTREACH_LANG=en

rate() { awk -v n="$1" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}} END {printf "%.0f %.4f\n", n / v["seconds"], v["cpu_seconds"] / n * 1000}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: > outreach.txt; : > multi.txt; : > apprise.txt
for round in $(seq "$ROUNDS"); do
    rm -f outreach.sqlite outreach.sqlite-wal outreach.sqlite-shm
    "$bin/outreach" init >/dev/null 2>&1
    body=$("$bin/outreach-bench" notices --target bench --count "$N" | sed -n 's/.*body_bytes=\([0-9]*\).*/\1/p')
    /usr/bin/time -f "seconds=%e user=%U sys=%S" -o time.txt "$bin/outreach" worker --once --concurrency "$CONCURRENCY" >worker.out 2>worker.err
    grep -q "Delivered $N notices" worker.out || { cat worker.out worker.err; exit 1; }
    awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}} END {print "seconds=" v["seconds"], "cpu_seconds=" v["user"] + v["sys"]}' time.txt | rate "$N" >> outreach.txt
    "$work/multi_libcurl" "$url" "$N" "$body" "$CONCURRENCY" | rate "$N" >> multi.txt
    python3 "$root/bench/apprise_bench.py" "$url" "$APPRISE_N" "$body" | rate "$APPRISE_N" >> apprise.txt
    echo "round $round: outreach $(tail -1 outreach.txt)  libcurl multi $(tail -1 multi.txt)  apprise $(tail -1 apprise.txt)  (deliveries/s, CPU s per 1,000)" >&2
done
col() { cut -d' ' -f"$2" "$1.txt" | median; }
o=$(col outreach 1); oc=$(col outreach 2); m=$(col multi 1); mc=$(col multi 2); a=$(col apprise 1); ac=$(col apprise 2)
echo "body bytes: $body; notices: $N (Apprise: $APPRISE_N); rounds: $ROUNDS (medians); concurrency: $CONCURRENCY; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "| sender | deliveries/s | CPU s per 1,000 |\n|---|---|---|\n"
printf "| outreach worker --once (durable outbox) | %s | %s |\n" "$o" "$oc"
printf "| C, libcurl multi, %s in flight (the limit) | %s | %s |\n" "$CONCURRENCY" "$m" "$mc"
printf "| Apprise %s (Python API, json://) | %s | %s |\n" "$(python3 -c 'import apprise; print(apprise.__version__)')" "$a" "$ac"
awk -v o="$o" -v m="$m" -v a="$a" -v oc="$oc" 'BEGIN {printf "\noutreach / libcurl multi: %.2fx (goal >= 0.6x); outreach / Apprise: %.1fx (goal >= 20x); outreach CPU s per 1,000: %s (goal <= 0.04)\n", o / m, o / a, oc}'

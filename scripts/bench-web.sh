#!/usr/bin/env bash
# Benchmark (issue 11): `outreach serve` under wrk on the calendar, an event page and a quarter's report with
# 5,000,000 reach rows and 100,000 events, against nginx serving a static file of the same size, in the same
# run; then resident memory over 60 s of load. See BENCHMARKS.md. ROWS=200000 makes a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v wrk >/dev/null || [ ! -x /usr/sbin/nginx ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get install -y -qq wrk nginx-light >/dev/null
fi
swift build -c release --static-swift-stdlib --product outreach >/dev/null
swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
python3 bench/web_bench.py "$@"

#!/usr/bin/env bash
# Benchmark (issue 12): the JSON API (`/api/v1/events` for a month, 100 per page; a quarter's report over
# 5,000,000 reach rows) under wrk, beside nginx serving the same bytes. See BENCHMARKS.md and bench/api_bench.py.
# ROWS=200000 makes a quick run; BUILD=debug a smoke run of the script itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v wrk >/dev/null || [ ! -x /usr/sbin/nginx ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get install -y -qq wrk nginx-light >/dev/null
fi
build=${BUILD:-release}
swift build -c "$build" --product outreach >/dev/null
swift build -c "$build" --product outreach-bench >/dev/null
cd bench && python3 api_bench.py "$@"

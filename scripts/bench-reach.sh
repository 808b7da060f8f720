#!/usr/bin/env bash
# Benchmark (issue 3): importing 5,000,000 reach rows against sqlite3 .import and Python executemany, and
# reports over them against a plain SQL GROUP BY, all in the same run. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
command -v sqlite3 >/dev/null || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -qq sqlite3 >/dev/null; }
swift build -c release --static-swift-stdlib --product outreach >/dev/null
swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
python3 bench/reach_bench.py "$@"

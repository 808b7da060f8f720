#!/usr/bin/env bash
# Benchmarks against the limits (issue 14), all but notices: reach import vs sqlite3 .import and a C program
# (bench/reach_import_limit.c, the limit) with peak RSS at ROWS and LARGE_ROWS rows; reports and `plan` as a user
# runs them, with the time before the query. PARTS=import,large,reports,plan ROWS=5000000 LARGE_ROWS=20000000
# RUNS=3 LARGE_RUNS=1 ROUNDS=5. See BENCHMARKS.md, "Against the limits (issue 14)".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
command -v sqlite3 >/dev/null || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -qq sqlite3 >/dev/null; }
swift build -c release --static-swift-stdlib --product outreach >/dev/null
swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
cc -O2 -o .build/release/reach_import_limit bench/reach_import_limit.c -lsqlite3
python3 bench/limits_bench.py "$@"

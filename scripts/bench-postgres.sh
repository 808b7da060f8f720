#!/usr/bin/env bash
# PostgreSQL store benchmarks (issue 13, item 7): reach import against `psql \copy` into a plain table at 1M and
# 5M rows, reports over the 5M records as a user runs them, and 4 notice workers against 1 delivering to nginx.
# The server is a throw-away PostgreSQL 15 in PG_DIR (default /tmp/pgbench) started by scripts/pg.sh: fsync,
# synchronous_commit and full_page_writes are off there, for outreach and psql alike. Stopped at the end unless
# KEEP_PG=1. PARTS=import,reports,workers ROWS=5000000 SMALL_ROWS=1000000 RUNS=3 ROUNDS=5 N=20000 CONCURRENCY=32.
# See BENCHMARKS.md, "PostgreSQL (issue 13)".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v nginx >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light >/dev/null
fi
swift build -c release --static-swift-stdlib --product outreach >/dev/null
swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
export PG_DIR=${PG_DIR:-/tmp/pgbench}
PG_URL=$(scripts/pg.sh start)
export PG_URL
[ "${KEEP_PG:-0}" = 1 ] || trap 'scripts/pg.sh stop' EXIT
python3 bench/postgres_bench.py "$@"

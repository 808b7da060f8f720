#!/usr/bin/env bash
# Benchmark: `outreach reach import` of a 100,000-row .xlsx against the same rows as CSV, in the same run
# (BENCHMARKS.md, "Reach import from .xlsx"). ROWS=100000 RUNS=3 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import openpyxl" || { echo "bench-reach-xlsx.sh: python3 with openpyxl is needed (pip install openpyxl)" >&2; exit 1; }
swift build -c release --static-swift-stdlib --product outreach >/dev/null
swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
python3 bench/reach_xlsx_bench.py "$@"

#!/usr/bin/env bash
# Benchmark (issue 2): validate and import 1,000 campaign files holding 100,000 events (limit 5 s), and
# plan a year of those events (limit 0.5 s). Ratios to the limits are printed; see BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --static-swift-stdlib --product outreach >/dev/null
swift build -c release --static-swift-stdlib --product outreach-bench >/dev/null
python3 bench/schedule_bench.py "$@"

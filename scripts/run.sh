#!/usr/bin/env bash
# The main job on the embedded default: set up, build, create outreach.sqlite from seeds/ and
# campaigns/, and print the agenda for the next 14 days.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --static-swift-stdlib --product outreach
outreach=.build/release/outreach
"$outreach" init
"$outreach" validate campaigns/ targets/
"$outreach" import campaigns/ targets/
"$outreach" plan

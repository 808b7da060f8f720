#!/usr/bin/env bash
# Runs every test. Installs what the tests need when missing: system packages (apt) and the Python
# readers the tests use to check our output (icalendar, recurring-ical-events, openpyxl), and Selenium for the
# browser tests (Debian's chromium and chromedriver, nothing downloaded at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! python3 -c 'import icalendar, recurring_ical_events, openpyxl, ruamel.yaml, selenium' >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check icalendar recurring-ical-events openpyxl ruamel.yaml selenium
fi
# A throw-away PostgreSQL for the PostgreSQL store's tests (scripts/pg.sh), stopped on exit; without one they
# are skipped with the reason printed.
if url="$(scripts/pg.sh start)"; then
    export OUTREACH_TEST_POSTGRES="$url"
    trap 'scripts/pg.sh stop' EXIT
else
    echo "test.sh: no PostgreSQL server could be started; the PostgreSQL store's tests will be skipped" >&2
fi
swift build --build-tests
# The four-worker SIGKILL test keeps both cores busy for a minute: it runs on its own after the others, so the
# time limits of the suites that run beside each other keep their meaning.
heavy=PostgresWorkerKillTests
timeout 1800 swift test --skip-build --skip "$heavy" "$@"
if [ $# -eq 0 ]; then timeout 900 swift test --skip-build --filter "$heavy"; fi

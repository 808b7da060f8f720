#!/bin/sh
# Runs schemathesis against the OpenAPI document of a served copy of the shipped seeds and campaigns (at most 90
# seconds; about 15 now), with an admin's token. Builds `outreach` when it is not built; uses SCHEMATHESIS, else
# `st` on PATH, else installs schemathesis 4.32.5 into .build/fuzz-venv (pip, once).
#
# Every check runs but one: positive_data_acceptance (a string the schema allows, such as an unknown campaign id
# or a future reach date, is rightly refused with 400/422 and the field's message). unsupported_method runs: a
# method a path does not have is 405 with `Allow` (APIMethodNotAllowedMiddleware).
#
#   scripts/api-fuzz.sh            # exits non-zero when schemathesis finds a failure
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${OUTREACH_BIN:-$root/.build/debug/outreach}
[ -x "$bin" ] || (cd "$root" && swift build --product outreach)
st=${SCHEMATHESIS:-}
if [ -z "$st" ]; then
    if command -v st > /dev/null 2>&1; then
        st=st
    else
        # A pinned schemathesis in a virtual environment under .build (made once).
        venv=$root/.build/fuzz-venv
        [ -x "$venv/bin/st" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "schemathesis==4.32.5"; }
        st=$venv/bin/st
    fi
fi
work=$root/.build/api-fuzz
rm -rf "$work"
mkdir -p "$work"
cd "$work"
cp -R "$root/seeds" "$root/campaigns" .
printf 'server:\n  port: 0\n' > outreach.yaml
export OUTREACH_NOW=2027-03-16T10:00:00+08:00 LANG=C.UTF-8 NO_COLOR=1
"$bin" init > /dev/null
"$bin" import campaigns > /dev/null
"$bin" user add wang.fang --role admin --display-name 王芳 > /dev/null
token=$("$bin" token create --user wang.fang --name fuzz | tail -n 1)
"$bin" serve --host 127.0.0.1 --lang en > serve.out 2> serve.log &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.out | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start" >&2; cat serve.log >&2; exit 1; }
status=0
timeout 90 "$st" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks all --exclude-checks positive_data_acceptance \
    --max-examples 25 --max-failures 20 --request-timeout 10 --workers 1 \
    ${SCHEMATHESIS_ARGS:-} || status=$?
exit $status

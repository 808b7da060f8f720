#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the tests (Debian's `postgresql` package): initdb and pg_ctl as the
# postgres user, a private socket directory, a free port on 127.0.0.1, fsync off. Nothing of the system cluster
# is touched.
#
#   scripts/pg.sh start    # starts one (installing postgresql when missing) and prints its URL
#   scripts/pg.sh url      # the URL of the running one
#   scripts/pg.sh stop     # stops it and removes its directory
#
# The server lives in PG_DIR (default: .build/pg under the package); its URL is postgres://postgres@127.0.0.1:PORT/postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${PG_DIR:-$PWD/.build/pg}"
bin=/usr/lib/postgresql/15/bin

as_postgres() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

url() {
    [ -f "$dir/port" ] || { echo "pg.sh: no server running in $dir" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"
}

start() {
    if [ -f "$dir/port" ] && as_postgres "$bin/pg_ctl -D '$dir/data' status" >/dev/null 2>&1; then url; return; fi
    if [ ! -x "$bin/initdb" ]; then
        if [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
        else
            echo "pg.sh: PostgreSQL 15 is not installed (apt-get install postgresql)" >&2; exit 1
        fi
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    # The postgres user must reach the directory: every parent needs x for others.
    p="$dir"; while [ "$p" != / ]; do chmod o+x "$p" 2>/dev/null || true; p="$(dirname "$p")"; done
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_postgres "$bin/initdb -D '$dir/data' -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_postgres "$bin/pg_ctl -D '$dir/data' -l '$dir/log' -w start -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\"" >/dev/null \
        || { cat "$dir/log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    url
}

stop() {
    if [ -d "$dir/data" ]; then as_postgres "$bin/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: scripts/pg.sh start|stop|url" >&2; exit 64 ;;
esac

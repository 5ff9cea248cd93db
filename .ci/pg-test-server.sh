#!/usr/bin/env bash
# A throwaway PostgreSQL server for one test or benchmark run, in a temporary folder.
#   .ci/pg-test-server.sh start DIR   initdb + pg_ctl start on a free loopback port, createdb
#                                         checkout_test; prints the URL (postgres://postgres@127.0.0.1:PORT/checkout_test)
#   .ci/pg-test-server.sh stop DIR    pg_ctl -m fast stop, then removes DIR
#   .ci/pg-test-server.sh pause DIR   pg_ctl -m fast stop, keeping DIR (the server is lost to its clients)
#   .ci/pg-test-server.sh resume DIR  pg_ctl start again on the same port
# max_connections 1000: the in-process suite runs its PostgreSQL tests at once, each with its own
# pools and listeners; 300 ran out ("too many clients") under load.
# initdb refuses to run as root: as root the server runs as the `postgres` user the Debian
# package creates, and DIR is handed to it. Fails loudly (exit 1, reason on stderr) when it cannot.
set -euo pipefail

bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
die() { echo "pg-test-server: $*" >&2; exit 1; }
[[ -x "$bin/initdb" && -x "$bin/pg_ctl" ]] || die "PostgreSQL server binaries not found (apt-get install postgresql)"

as_owner() {
    if [[ "$(id -u)" = 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cmd="${1:-}" dir="${2:-}"
[[ -n "$cmd" && -n "$dir" ]] || die "usage: $0 start|stop|pause|resume DIR"

case "$cmd" in
start)
    mkdir -p "$dir"
    [[ "$(id -u)" = 0 ]] && chown postgres: "$dir" && chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    port="$(free_port)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000" start >/dev/null \
        || { cat "$dir/server.log" >&2 || true; die "pg_ctl start failed"; }
    echo "$port" >"$dir/port"
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres checkout_test || die "createdb failed"
    echo "postgres://postgres@127.0.0.1:$port/checkout_test"
    ;;
stop)
    if [[ -d "$dir/data" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
pause)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null || die "pg_ctl stop failed"
    ;;
resume)
    port="$(cat "$dir/port")"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000" start >/dev/null \
        || { cat "$dir/server.log" >&2 || true; die "pg_ctl start failed"; }
    ;;
*)
    die "unknown command $cmd (start|stop|pause|resume)"
    ;;
esac

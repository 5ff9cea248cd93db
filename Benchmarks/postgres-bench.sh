#!/usr/bin/env bash
# Durable orders: SQLite vs PostgreSQL with one replica vs PostgreSQL with three replicas
# behind nginx, same machine, same run. PostgreSQL is a throwaway local server
# (.ci/pg-test-server.sh: fsync on, synchronous_commit on, defaults otherwise).
#   POST /v1/shops/{shop_id}/orders, a fresh Idempotency-Key per request, one unlimited-stock item
# Prints a markdown table (req/s, p50, p99, non-2xx, orders stored).
# Usage: Benchmarks/postgres-bench.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
ADMIN=bench-admin-token-0123456789
WORK=$(mktemp -d /tmp/cc-pg-bench.XXXXXX)
chmod 755 "$WORK"  # the PostgreSQL server runs as its own user below it
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  .ci/pg-test-server.sh stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx psql; do command -v $tool >/dev/null || { echo "$tool missing (make bench-deps; apt-get install postgresql)" >&2; exit 1; }; done
[ -x .build/release/chatcheckout ] || swift build -c release >/dev/null
ulimit -n 65536 2>/dev/null || true
PG_URL=$(.ci/pg-test-server.sh start "$WORK/pg")
PG_BASE=${PG_URL%/checkout_test}

field() { python3 -c 'import sys, json
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[key]
print(value)' "$1"; }

serve() { # port [env...]: starts a replica, waits for /healthz
  local port=$1; shift
  env CHECKOUT_HTTP_PORT="$port" CHECKOUT_SANDBOX=1 CHECKOUT_ADMIN_TOKEN=$ADMIN CHECKOUT_DB="$WORK/data/checkout.sqlite" "$@" \
    .build/release/chatcheckout serve >> "$WORK/cc-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "replica on $port did not start" >&2; tail -5 "$WORK/cc-$port.log" >&2; exit 1
}

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

nginx_front() { # port upstream-ports...
  local port=$1; shift
  mkdir -p "$WORK/nginx/logs"
  { echo "daemon off; worker_processes 1; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/logs/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http { access_log off; upstream cc {"
    for upstream in "$@"; do echo "server 127.0.0.1:$upstream;"; done
    echo "keepalive 128; } server { listen 127.0.0.1:$port; location / { proxy_pass http://cc;"
    echo "proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"; } > "$WORK/nginx/nginx.conf"
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
  PIDS+=($!)
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
}

measure() { # name base-url count-command
  local name=$1 base=$2 count=$3 shop shop_id key product token out rps p50 p99 errors
  shop=$(curl -sf -X POST "$base/v1/shops" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"Bench"}')
  shop_id=$(echo "$shop" | field shop.id); key=$(echo "$shop" | field secret_key)
  product=$(curl -sf -X POST "$base/v1/products" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"title":"Bench tea","price":1000}' | field id)
  token=$(curl -sf -X POST "$base/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"bench"}' | field token)
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s Benchmarks/Scripts/orders.lua "$base/v1/shops/$shop_id/orders" \
    -- "$shop_id" "$product" "$token" "run$$-$RANDOM")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}" "$(eval "$count")"
}

echo "wrk -t1 -c$CONNS -d${DURATION}s, $(nproc) cores, release build, every order durable before its 201"
echo
echo "| backend | orders/s | p50 | p99 | non-2xx | orders stored |"
echo "|---|---:|---:|---:|---:|---:|"

mkdir -p "$WORK/data"
serve 18201 CHECKOUT_DB="$WORK/sqlite/bench.sqlite"
measure "SQLite, 1 process" http://127.0.0.1:18201 "sqlite3 $WORK/sqlite/bench.sqlite 'SELECT count(*) FROM orders'"
stop_all

psql -q "$PG_BASE/checkout_test" -c 'CREATE DATABASE bench1' -c 'CREATE DATABASE bench3'
serve 18211 CHECKOUT_DATABASE_URL="$PG_BASE/bench1"
measure "PostgreSQL, 1 replica" http://127.0.0.1:18211 "psql -tA '$PG_BASE/bench1' -c 'SELECT count(*) FROM orders'"
stop_all

serve 18221 CHECKOUT_DATABASE_URL="$PG_BASE/bench3"
serve 18222 CHECKOUT_DATABASE_URL="$PG_BASE/bench3"
serve 18223 CHECKOUT_DATABASE_URL="$PG_BASE/bench3"
nginx_front 18220 18221 18222 18223
measure "PostgreSQL, 3 replicas + nginx" http://127.0.0.1:18220 "psql -tA '$PG_BASE/bench3' -c 'SELECT count(*) FROM orders'"

# The flash sale on the three replicas (connections spread over them, no proxy): one hot stock row.
echo
echo "Flash sale, 2,000 connections at one instant, 100 in stock, PostgreSQL with 3 replicas:"
base=http://127.0.0.1:18221
shop=$(curl -sf -X POST "$base/v1/shops" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"Flash"}')
shop_id=$(echo "$shop" | field shop.id); key=$(echo "$shop" | field secret_key)
product=$(curl -sf -X POST "$base/v1/products" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"title":"Flash tea","price":990,"stock":100}' | field id)
token=$(curl -sf -X POST "$base/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"flash"}' | field token)
python3 Benchmarks/Scripts/flash-sale.py 127.0.0.1 18221,18222,18223 "$shop_id" "$product" "$token" 2000 "pg$$"
echo "stock left: $(curl -sf "$base/v1/products/$product" | field stock)"
stop_all

#!/usr/bin/env bash
# SQLite vs PostgreSQL with one replica vs PostgreSQL with three replicas behind nginx, same
# machine, same run (`make bench-postgres`). PostgreSQL is a throwaway local server
# (.ci/pg-test-server.sh: fsync on, synchronous_commit on, defaults otherwise). Per backend:
#   orders    POST /v1/shops/{shop_id}/orders, a fresh Idempotency-Key per request (durable before 201)
#   products  GET /v1/shops/{shop_id}/products (20 active products, first page)
#   clicks    GET /s/{code}?scene=1008 without a cookie: each a first visit, recorded before its 302
# Prints a markdown table (req/s, p50, p99, non-2xx/3xx, rows stored).
# Usage: [BINARY=path] Benchmarks/postgres-bench.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
ADMIN=bench-admin-token-0123456789
WORK=$(mktemp -d /tmp/cc-pg-bench.XXXXXX)
chmod 755 "$WORK"  # the PostgreSQL server runs as `postgres` when we are root
PIDS=()
NOTES=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  .ci/pg-test-server.sh stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx psql; do command -v $tool >/dev/null || { echo "$tool missing (make bench-deps; apt-get install postgresql)" >&2; exit 1; }; done
BINARY=${BINARY:-.build/release/chatcheckout}  # BINARY= measures another build
[ -x "$BINARY" ] || swift build -c release >/dev/null
ulimit -n 65536 2>/dev/null || true
PG_URL=$(.ci/pg-test-server.sh start "$WORK/pg")
PG_BASE=${PG_URL%/checkout_test}

field() { python3 -c 'import sys, json
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[key]
print(value)' "$1"; }

serve() { # port [env...]: starts a replica, waits for /healthz
  local port=$1; shift
  env CHECKOUT_HTTP_PORT="$port" CHECKOUT_SANDBOX=1 CHECKOUT_CLICK_RATE=0 CHECKOUT_LOG_LEVEL=warning CHECKOUT_ADMIN_TOKEN=$ADMIN CHECKOUT_DB="$WORK/data/checkout.sqlite" "$@" \
    "$BINARY" serve >> "$WORK/cc-$port.log" 2>&1 &
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

wrk_row() { # backend, what, count, wrk args...
  local name=$1 what=$2 count=$3 out rps p50 p99 errors; shift 3
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$what" "$rps" "$p50" "$p99" "${errors:-0}" "$(eval "$count")"
}

pg_counters() { # database: WAL fsyncs and commits so far (server-wide / this database)
  psql -tA "$PG_BASE/$1" -c "SELECT (SELECT wal_sync FROM pg_stat_wal), (SELECT xact_commit FROM pg_stat_database WHERE datname = '$1')"
}

per_order() { # name database before-counters: WAL fsyncs and commits per stored order (what bounds a durable order)
  local after orders
  after=$(pg_counters "$2"); orders=$(psql -tA "$PG_BASE/$2" -c 'SELECT count(*) FROM orders')
  python3 -c 'import sys
b, a, n = [int(x) for x in sys.argv[1].split("|")], [int(x) for x in sys.argv[2].split("|")], int(sys.argv[3])
print(f"{sys.argv[4]}: {n} orders, {(a[0]-b[0])/n:.2f} WAL fsyncs and {(a[1]-b[1])/n:.2f} commits per order (orders run only)")' "$3" "$after" "$orders" "$1"
}

measure() { # name base-url sql-command (runs `$sql 'SELECT …'`)
  local name=$1 base=$2 sql=$3 shop shop_id key product token sharer code
  shop=$(curl -sf -X POST "$base/v1/shops" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"Bench"}')
  shop_id=$(echo "$shop" | field shop.id); key=$(echo "$shop" | field secret_key)
  for n in $(seq 20); do
    product=$(curl -sf -X POST "$base/v1/products" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"title\":\"Bench tea $n\",\"price\":1000,\"description\":\"A bench product\"}" | field id)
  done
  token=$(curl -sf -X POST "$base/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"bench"}' | field token)
  sharer=$(curl -sf -X POST "$base/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"sharer"}' | field token)
  code=$(curl -sf -X POST "$base/v1/share-links" -H "Authorization: Bearer $sharer" -H 'Content-Type: application/json' \
    -d "{\"shop_id\":\"$shop_id\",\"product_id\":\"$product\",\"channel\":\"group\"}" | field code)
  [ -n "${DB:-}" ] && BEFORE=$(pg_counters "$DB")
  wrk_row "$name" "orders" "$sql 'SELECT count(*) FROM orders'" -s Benchmarks/Scripts/orders.lua \
    "$base/v1/shops/$shop_id/orders" -- "$shop_id" "$product" "$token" "run$$-$RANDOM"
  [ -n "${DB:-}" ] && NOTES+=("$(per_order "$name" "$DB" "$BEFORE")")
  wrk_row "$name" "product list" "echo -" "$base/v1/shops/$shop_id/products"
  wrk_row "$name" "share clicks" "$sql 'SELECT clicks FROM share_links'" -H "User-Agent: Mozilla/5.0" "$base/s/$code?scene=1008"
}

echo "wrk -t1 -c$CONNS -d${DURATION}s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), binary $BINARY, commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "release build; every order and click durable before its answer"
echo
echo "| backend | route | req/s | p50 | p99 | non-2xx/3xx | rows stored |"
echo "|---|---|---:|---:|---:|---:|---:|"

mkdir -p "$WORK/data" "$WORK/sqlite"
serve 18201 CHECKOUT_DB="$WORK/sqlite/bench.sqlite"
measure "SQLite, 1 process" http://127.0.0.1:18201 "sqlite3 $WORK/sqlite/bench.sqlite"
stop_all

psql -q "$PG_BASE/checkout_test" -c 'CREATE DATABASE bench1' -c 'CREATE DATABASE bench3'
serve 18211 CHECKOUT_DATABASE_URL="$PG_BASE/bench1"
DB=bench1 measure "PostgreSQL, 1 replica" http://127.0.0.1:18211 "psql -tA '$PG_BASE/bench1' -c"
stop_all

serve 18221 CHECKOUT_DATABASE_URL="$PG_BASE/bench3"
serve 18222 CHECKOUT_DATABASE_URL="$PG_BASE/bench3"
serve 18223 CHECKOUT_DATABASE_URL="$PG_BASE/bench3"
nginx_front 18220 18221 18222 18223
DB=bench3 measure "PostgreSQL, 3 replicas + nginx" http://127.0.0.1:18220 "psql -tA '$PG_BASE/bench3' -c"

echo
for note in "${NOTES[@]}"; do echo "$note"; done

# The flash sale on the three replicas (connections spread over them, no proxy): one hot stock row.
echo
echo "Flash sale, 2,000 connections at one instant, 100 in stock, PostgreSQL with 3 replicas:"
base=http://127.0.0.1:18221
shop=$(curl -sf -X POST "$base/v1/shops" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"Flash"}')
shop_id=$(echo "$shop" | field shop.id); key=$(echo "$shop" | field secret_key)
product=$(curl -sf -X POST "$base/v1/products" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"title":"Flash tea","price":990,"stock":100}' | field id)
token=$(curl -sf -X POST "$base/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"flash"}' | field token)
"$(python3 Benchmarks/harness/flashclient.py)" 127.0.0.1 18221,18222,18223 "$shop_id" "$product" "$token" 2000 "pg$$"
echo "stock left: $(curl -sf "$base/v1/products/$product" | field stock), load $(cut -d' ' -f1-3 /proc/loadavg)"
stop_all

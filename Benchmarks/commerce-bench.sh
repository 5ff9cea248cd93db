#!/usr/bin/env bash
# Commerce API benchmark against the release binary (durable SQLite, sandbox login):
#   POST /v1/shops/{shop_id}/orders  each with a fresh Idempotency-Key (product with unlimited stock)
#   GET  /v1/shops/{shop_id}/products the public list (10 products, default page)
# Prints a markdown table (req/s, p50, p99, non-2xx) and the orders stored afterwards.
# Usage: Benchmarks/commerce-bench.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
PORT=18190
ADMIN=bench-admin-token-0123456789
WORK=$(mktemp -d /tmp/cc-commerce-bench.XXXXXX)
trap 'kill $CC_PID 2>/dev/null || true; wait $CC_PID 2>/dev/null || true; if [ -n "${KEEP_LOG:-}" ]; then tail -20 $WORK/cc.log; fi; rm -rf $WORK' EXIT

command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
[ -x .build/release/chatcheckout ] || swift build -c release >/dev/null

ulimit -n 65536 2>/dev/null || true
CHECKOUT_DB="$WORK/bench.sqlite" CHECKOUT_HTTP_PORT=$PORT CHECKOUT_SANDBOX=1 CHECKOUT_ADMIN_TOKEN=$ADMIN \
  .build/release/chatcheckout serve > "$WORK/cc.log" 2>&1 &
CC_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

BASE=http://127.0.0.1:$PORT
field() { python3 -c 'import sys, json
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[key]
print(value)' "$1"; }
SHOP=$(curl -s -X POST $BASE/v1/shops -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d '{"name":"Bench"}')
SHOP_ID=$(echo "$SHOP" | field shop.id)
KEY=$(echo "$SHOP" | field secret_key)
for i in $(seq 10); do
  PRODUCT_ID=$(curl -s -X POST $BASE/v1/products -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Bench tea $i\",\"description\":\"A tea for the benchmark\",\"price\":$((1000 + i))}" | field id)
done
TOKEN=$(curl -s -X POST $BASE/v1/sessions -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"bench"}' | field token)

run() { # name url [lua-script script-args...]
  local name=$1 url=$2; shift 2
  local out rps p50 p99 errors
  if [ $# -gt 0 ]; then
    local script=$1; shift
    out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$script" "$url" -- "$@")
  else
    out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$url")
  fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "wrk -t1 -c$CONNS -d${DURATION}s, $(nproc) cores, release build, durable SQLite (WAL, synchronous=FULL), access log to a file"
echo
echo "| target | req/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
run "POST /v1/shops/{shop_id}/orders (fresh key each)" "$BASE/v1/shops/$SHOP_ID/orders" \
  Benchmarks/commerce-orders.lua "$SHOP_ID" "$PRODUCT_ID" "$TOKEN" "run$$"
run "GET /v1/shops/{shop_id}/products (10 products)" "$BASE/v1/shops/$SHOP_ID/products"
echo
if command -v sqlite3 >/dev/null; then
  echo "orders stored: $(sqlite3 "$WORK/bench.sqlite" 'SELECT count(*) FROM orders')," \
       "idempotency keys: $(sqlite3 "$WORK/bench.sqlite" 'SELECT count(*) FROM idempotency_keys')"
fi

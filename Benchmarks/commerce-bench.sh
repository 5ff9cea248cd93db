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

. Benchmarks/bench-setup.sh

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

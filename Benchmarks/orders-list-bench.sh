#!/usr/bin/env bash
# Orders and the product list, two builds alternated in one session (before/after a change).
# Usage: Benchmarks/orders-list-bench.sh BEFORE_BINARY AFTER_BINARY [seconds] [rounds]
# Each run starts its binary on a fresh durable SQLite database (Benchmarks/bench-setup.sh: a
# shop with 10 products, a sandbox shopper), then wrk -t1 -c64: POST /v1/shops/{id}/orders with a
# fresh Idempotency-Key per request (Scripts/orders.lua), then GET /v1/shops/{id}/products.
# Prints one markdown row per run; every order answered 201 must be in the database.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$1 AFTER=$2 DURATION=${3:-10} ROUNDS=${4:-2}
PORT=18190 ADMIN=bench-admin-token-0123456789

# req/s, p50 and p99 of a wrk --latency output.
summary() {
  awk '/Requests\/sec/ {rate = $2} $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2}
       /Non-2xx/ {bad = $NF} END {printf "%d | %s | %s | %d", rate, p50, p99, bad}'
}

run() {
  local label=$1 binary=$2
  WORK=$(mktemp -d /tmp/cc-orders-list.XXXXXX)
  BENCH_BINARY=$binary
  . Benchmarks/bench-setup.sh
  local orders list stored
  orders=$(wrk -t1 -c64 -d"${DURATION}s" --latency -s Benchmarks/Scripts/orders.lua \
    "$BASE/v1/shops/$SHOP_ID/orders" -- "$SHOP_ID" "$PRODUCT_ID" "$TOKEN" "run$$$RANDOM" | summary)
  list=$(wrk -t1 -c64 -d"${DURATION}s" --latency "$BASE/v1/shops/$SHOP_ID/products" | summary)
  kill "$CC_PID"; wait "$CC_PID" 2>/dev/null || true
  stored=$(sqlite3 "$WORK/bench.sqlite" "SELECT count(*) FROM orders")
  echo "| $label | $orders | $stored | $list |"
  rm -rf "$WORK"
}

echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${DURATION}s per run, wrk -t1 -c64"
echo
echo "| build | orders/s | p50 | p99 | non-2xx | orders stored | products/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for _ in $(seq "$ROUNDS"); do
  run before "$BEFORE"
  run after "$AFTER"
done

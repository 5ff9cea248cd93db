#!/usr/bin/env bash
# Payment notifications per second on the release binary: the sandbox platform's signed,
# encrypted v3 TRANSACTION.SUCCESS notifications POSTed to /v1/payment-callbacks/wechatpay
# by wrk; each is verified (RSA-SHA256), decrypted (AES-256-GCM), stored for audit and
# applied (order paid) in a durable writer transaction before its 204.
# Prints a markdown table. Usage: Benchmarks/payment-notifications.sh [seconds] [count]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-8}
COUNT=${2:-30000}
PORT=18190
WORK=$(mktemp -d /tmp/cc-paybench.XXXXXX)
trap 'kill $CC_PID 2>/dev/null || true; rm -rf $WORK' EXIT
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
python3 -c 'import cryptography' 2>/dev/null || { echo "python3-cryptography missing" >&2; exit 1; }
[ -x .build/release/chatcheckout ] || swift build -c release --product chatcheckout >/dev/null

start() {
  CHECKOUT_SANDBOX=1 CHECKOUT_DB="$WORK/$1/checkout.sqlite" CHECKOUT_HTTP_PORT=$PORT CHECKOUT_LOG_LEVEL=warning \
    CHECKOUT_PUBLIC_DIR=Public .build/release/chatcheckout serve >"$WORK/$1.log" 2>&1 &
  CC_PID=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "server did not start" >&2; cat "$WORK/$1.log" >&2; exit 1
}
stop() { kill -TERM $CC_PID; wait $CC_PID 2>/dev/null || true; }

# One case: fresh database, seeded orders and notifications, then wrk with $2 connections.
run() {
  local name=$1 conns=$2 same=${3:-}
  mkdir -p "$WORK/$name"
  start "$name"; stop   # migrates and makes the sandbox keys
  python3 Benchmarks/payment-notifications.py "$WORK/$name/checkout.sqlite" "$COUNT" "$WORK/$name.txt" $same
  start "$name"
  local out
  out=$(NOTIFICATIONS="$WORK/$name.txt" WRK_THREADS=2 wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency \
        -s Benchmarks/payment-notifications.lua "http://127.0.0.1:$PORT" | grep '^RESULT')
  stop
  local paid anomalies
  paid=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM orders WHERE status='paid'\").fetchone()[0])" "$WORK/$name/checkout.sqlite")
  anomalies=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM payment_anomalies').fetchone()[0])" "$WORK/$name/checkout.sqlite")
  eval "$(echo "$out" | sed 's/^RESULT //')"
  printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n' "$name" "$conns" "$requests" \
    "$(awk -v r="$requests" -v s="$seconds" 'BEGIN { print r / s }')" "$p50_ms" "$p99_ms" "$paid" "$anomalies" "$((not204 + errors))"
}

echo "| case | senders | requests | notifications/s | p50 ms | p99 ms | orders paid | anomalies | non-204 or errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
run fresh-64 64
run fresh-16 16
run duplicate-64 64 --same

#!/usr/bin/env bash
# Load shedding at the database writer (CHECKOUT_WRITE_QUEUE_LIMIT), release binary, durable SQLite.
#  1. the sustainable order rate R: wrk, 64 connections, closed loop;
#  2. 4 x R offered: 256 connections, each paced to one order every 256 / (4 R) s
#     (Benchmarks/Scripts/orders-paced.lua), answers counted by status.
# Latency of the accepted orders (201) is read from the server's access log (time from a whole
# request to its whole answer), so shed answers do not flatter it. Afterwards every 201 must
# be an order in the database: the id of each 201 is recorded and read back one by one.
# Usage: Benchmarks/shedding-bench.sh [duration-seconds] [write-queue-limit]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15}
LIMIT=${2:-128}
PORT=18191
ADMIN=bench-admin-token-0123456789
WORK=$(mktemp -d /tmp/cc-shedding-bench.XXXXXX)
trap 'kill $CC_PID 2>/dev/null || true; wait $CC_PID 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf $WORK' EXIT
BENCH_ENV="CHECKOUT_WRITE_QUEUE_LIMIT=$LIMIT"
. Benchmarks/bench-setup.sh
URL="$BASE/v1/shops/$SHOP_ID/orders"

# p50 / p99 / max (ms) of the 201 answers to order posts logged since line $1 of the log.
accepted_latency() {
  tail -n +"$1" "$WORK/cc.log" | sed -n 's|.*POST /v1/shops/[^ ]*/orders 201 [0-9]*B \([0-9]*\)ms.*|\1|p' \
    | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
        printf "%s %s %s\n", v[int((NR - 1) * 0.5) + 1], v[int((NR - 1) * 0.99) + 1], v[NR] }'
}

echo "$(nproc) cores, $BENCH_BINARY, CHECKOUT_WRITE_QUEUE_LIMIT=$LIMIT, ${DURATION}s per phase;" \
  "commit $(git rev-parse --short HEAD), $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| phase | offered | answered/s | 201/s | 503 | other | accepted p50 | accepted p99 | accepted max |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
START=$(($(wc -l < "$WORK/cc.log") + 1))
OUT=$(wrk -t1 -c64 -d"${DURATION}s" --latency -s Benchmarks/Scripts/orders-paced.lua "$URL" -- \
  "$SHOP_ID" "$PRODUCT_ID" "$TOKEN" "base$$" 0 "$WORK/ids-base")
RATE=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$OUT")
read -r C S O < <(sed -n 's/answers: 201=\([0-9]*\) 503=\([0-9]*\) other=\([0-9]*\)/\1 \2 \3/p' <<<"$OUT")
read -r P50 P99 MAX < <(accepted_latency "$START")
echo "| sustainable | closed loop, 64 conns | $RATE | $((C / DURATION)) | $S | $O | $P50 ms | $P99 ms | $MAX ms |"
TOTAL_201=$C

# 256 connections, each paced so that together they offer 4 x RATE orders a second.
DELAY_MS=$(( 256 * 1000 / (4 * (RATE > 0 ? RATE : 1)) ))
START=$(($(wc -l < "$WORK/cc.log") + 1))
OUT=$(wrk -t1 -c256 -d"${DURATION}s" --latency -s Benchmarks/Scripts/orders-paced.lua "$URL" -- \
  "$SHOP_ID" "$PRODUCT_ID" "$TOKEN" "over$$" "$DELAY_MS" "$WORK/ids-over")
ANSWERED=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$OUT")
read -r C S O < <(sed -n 's/answers: 201=\([0-9]*\) 503=\([0-9]*\) other=\([0-9]*\)/\1 \2 \3/p' <<<"$OUT")
read -r P50 P99 MAX < <(accepted_latency "$START")
echo "| 4x | $((4 * RATE))/s (256 conns, ${DELAY_MS} ms apart) | $ANSWERED | $((C / DURATION)) | $S | $O | $P50 ms | $P99 ms | $MAX ms |"
TOTAL_201=$((TOTAL_201 + C))

READS=$(wrk -t1 -c16 -d3s "$BASE/v1/shops/$SHOP_ID/products" | awk '/Requests\/sec/ {printf "%d", $2}')
echo
echo "product list right after (reads are never shed): $READS req/s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
command -v sqlite3 >/dev/null || { echo "sqlite3 missing: apt-get install sqlite3" >&2; exit 1; }
cat "$WORK"/ids-* > "$WORK/acknowledged.txt"
RECORDED=$(wc -l < "$WORK/acknowledged.txt")
STORED=$(sqlite3 "$WORK/bench.sqlite" 'SELECT count(*) FROM orders')
MISSING=$(sqlite3 "$WORK/bench.sqlite" "CREATE TEMP TABLE acked(id TEXT);" ".import $WORK/acknowledged.txt acked" \
  "SELECT count(*) FROM acked WHERE id NOT IN (SELECT id FROM orders);")
echo "answered 201: $TOTAL_201, ids recorded: $RECORDED, read back: $((RECORDED - MISSING)), missing: $MISSING," \
  "orders stored: $STORED ($( [ "$MISSING" = 0 ] && [ "$RECORDED" = "$TOTAL_201" ] && echo 'none lost' || echo 'LOST ORDERS'))"

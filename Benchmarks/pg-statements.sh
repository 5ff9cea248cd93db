#!/usr/bin/env bash
# Statements each request sends to PostgreSQL, counted from the server's own log
# (`log_statement = all`): every one is a round trip, and round trips bound the PostgreSQL
# backend on one machine (docs/PERFORMANCE.md). Load-independent, unlike req/s. A statement is
# logged when it starts, so a request's are all in the log when its answer arrives.
# Usage: Benchmarks/pg-statements.sh [binary] [requests-per-route]   (default .build/debug/chatcheckout, 20)
# SHOW=1 also prints each route's statements (stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY=${1:-.build/debug/chatcheckout}
N=${2:-20}
ADMIN=bench-admin-token-0123456789
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/cc-pg-statements.XXXXXX)
chmod 755 "$WORK"
PID=
cleanup() {
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  .ci/pg-test-server.sh stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -x "$BINARY" ] || { echo "pg-statements: $BINARY not built (make debug or make build)" >&2; exit 1; }
command -v psql >/dev/null || { echo "pg-statements: psql missing (apt-get install postgresql)" >&2; exit 1; }

URL=$(.ci/pg-test-server.sh start "$WORK/pg")
psql -qtA "$URL" -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
CHECKOUT_HTTP_PORT=$PORT CHECKOUT_SANDBOX=1 CHECKOUT_CLICK_RATE=0 CHECKOUT_LOG_LEVEL=warning \
  CHECKOUT_ADMIN_TOKEN=$ADMIN CHECKOUT_DATABASE_URL="$URL" "$BINARY" serve >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$BASE/healthz" >/dev/null || { tail -5 "$WORK/server.log" >&2; exit 1; }

field() { python3 -c 'import sys, json
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[key]
print(value)' "$1"; }
json=(-H 'Content-Type: application/json')
shop=$(curl -sf -X POST "$BASE/v1/shops" -H "Authorization: Bearer $ADMIN" "${json[@]}" -d '{"name":"Count"}')
shop_id=$(echo "$shop" | field shop.id); key=$(echo "$shop" | field secret_key)
product=$(curl -sf -X POST "$BASE/v1/products" -H "Authorization: Bearer $key" "${json[@]}" \
  -d '{"title":"Tea","price":1000,"stock":100000}' | field id)
token=$(curl -sf -X POST "$BASE/v1/sessions" "${json[@]}" -d '{"platform":"sandbox","code":"count"}' | field token)
sharer=$(curl -sf -X POST "$BASE/v1/sessions" "${json[@]}" -d '{"platform":"sandbox","code":"sharer"}' | field token)
code=$(curl -sf -X POST "$BASE/v1/share-links" -H "Authorization: Bearer $sharer" "${json[@]}" \
  -d "{\"shop_id\":\"$shop_id\",\"product_id\":\"$product\",\"channel\":\"group\"}" | field code)
order_body="{\"items\":[{\"product_id\":\"$product\",\"quantity\":1}],\"shipping\":{\"name\":\"A\",\"phone\":\"13800000000\",\"address\":\"1 Road\"}}"

log="$WORK/pg/server.log"
statements() { grep -cE 'LOG:  (statement|execute [^<]*): ' "$log" || true; }
count() { # label, then a command run N times with $i set: the median of N per-request counts
  local label=$1 before counts=() i; shift
  for i in 0 1; do eval "$*" >/dev/null; done  # warm-up: statements are prepared once per connection
  for i in $(seq "$N"); do
    before=$(statements); eval "$*" >/dev/null; counts+=($(( $(statements) - before )))
  done
  # The median: background passes (order expiry, payouts) land in a few requests' windows only.
  printf '| %s | %s |\n' "$label" "$(printf '%s\n' "${counts[@]}" | sort -n | sed -n "$(( (N + 1) / 2 ))p")"
  if [ -n "${SHOW:-}" ]; then  # the last request's statements, after the table row
    grep -E 'LOG:  (statement|execute [^<]*): ' "$log" | tail -n "${counts[-1]}" | sed -E 's/^.*LOG:  /    /' | cut -c1-160 >&2
  fi
}
echo "statements sent to PostgreSQL per request (median of $N, after 2 warm-ups), commit $(git rev-parse --short HEAD)"
echo
echo "| request | statements |"
echo "|---|---:|"
count "GET /v1/products/{id}" "curl -sf $BASE/v1/products/$product"
count "GET /v1/shops/{id}/products" "curl -sf $BASE/v1/shops/$shop_id/products"
count "GET /v1/shops/{id}/cart (a session)" "curl -sf $BASE/v1/shops/$shop_id/cart -H 'Authorization: Bearer $token'"
count "POST /v1/shops/{id}/orders (new key)" "curl -sf -X POST $BASE/v1/shops/$shop_id/orders -H 'Authorization: Bearer $token' -H \"Idempotency-Key: count-\$RANDOM-\$i\" ${json[*]@Q} -d ${order_body@Q}"
count "GET /s/{code} (first visit)" "curl -s -o /dev/null $BASE/s/$code?scene=1008 -A Mozilla/5.0"

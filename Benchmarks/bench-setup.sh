# Sourced by the shedding benchmark: starts the release binary on $PORT with durable SQLite in
# $WORK (extra environment in BENCH_ENV), then creates a shop with 10 products (unlimited stock)
# and a sandbox shopper session. Sets BASE, SHOP_ID, KEY, PRODUCT_ID, TOKEN and CC_PID.
# BENCH_BINARY picks another build (default: the release binary, built when missing).
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
BENCH_BINARY=${BENCH_BINARY:-.build/release/chatcheckout}
[ -x "$BENCH_BINARY" ] || swift build -c release >/dev/null

ulimit -n 65536 2>/dev/null || true
env ${BENCH_ENV:-} CHECKOUT_DB="$WORK/bench.sqlite" CHECKOUT_HTTP_PORT=$PORT CHECKOUT_SANDBOX=1 \
  CHECKOUT_ADMIN_TOKEN=$ADMIN "$BENCH_BINARY" serve > "$WORK/cc.log" 2>&1 &
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

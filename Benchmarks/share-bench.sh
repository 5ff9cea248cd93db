#!/usr/bin/env bash
# Share-click benchmark: GET /s/{code} against the release binary, every click recorded durably
# (WAL, synchronous=FULL, group commit) before its 302. Prints a markdown table (clicks/s,
# p50, p99) for first visits (no cookie: each click a new visitor, the heaviest write) and for
# repeat clicks of one visitor (folded: the link's last click still written), then checks the
# counters against what wrk reports, and the RSS with 1,000 idle live-stats subscribers.
# Usage: Benchmarks/share-bench.sh [duration-seconds] [connections]
#   BINARY=path (default .build/release/chatcheckout) measures another build, e.g. a before/after pair.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
PORT=18190
WORK=$(mktemp -d /tmp/cc-share-bench.XXXXXX)
trap 'kill $CC_PID 2>/dev/null || true; rm -rf $WORK' EXIT
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
BINARY=${BINARY:-.build/release/chatcheckout}
[ -x "$BINARY" ] || swift build -c release >/dev/null

ulimit -n 65536 || true
CHECKOUT_DB="$WORK/bench.sqlite" CHECKOUT_HTTP_PORT=$PORT CHECKOUT_SANDBOX=1 CHECKOUT_ADMIN_TOKEN=bench-admin-token-0123456789 \
  CHECKOUT_CLICK_RATE=0 CHECKOUT_LOG_LEVEL=warning "$BINARY" serve > "$WORK/cc.log" 2>&1 &
CC_PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 300); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$BASE/healthz" >/dev/null || { echo "the server did not come up in 30 s:" >&2; cat "$WORK/cc.log" >&2; exit 1; }
field() { python3 -c 'import sys, json
value = json.load(sys.stdin)
for key in sys.argv[1].split("."): value = value[key]
print(value)' "$1"; }

SHOP=$(curl -s -X POST "$BASE/v1/shops" -H "Authorization: Bearer bench-admin-token-0123456789" -H 'Content-Type: application/json' -d '{"name":"Bench"}')
SHOP_KEY=$(echo "$SHOP" | field secret_key)
SHOP_ID=$(echo "$SHOP" | field shop.id)
PRODUCT=$(curl -s -X POST "$BASE/v1/products" -H "Authorization: Bearer $SHOP_KEY" -H 'Content-Type: application/json' \
  -d '{"title":"Bench tea","price":1000}' | field id)
SHARER=$(curl -s -X POST "$BASE/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"bench-sharer"}' | field token)
CODE=$(curl -s -X POST "$BASE/v1/share-links" -H "Authorization: Bearer $SHARER" -H 'Content-Type: application/json' \
  -d "{\"shop_id\":\"$SHOP_ID\",\"product_id\":\"$PRODUCT\",\"channel\":\"group\"}" | field code)

run() { # name, extra wrk args...
  local name=$1; shift
  local out rps p50 p99 total
  out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$@" "$BASE/s/$CODE?scene=1008")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$total" "${non2xx:-0}"
}

echo "$BINARY: wrk -t2 -c$CONNS -d${DURATION}s, $(nproc) cores, GET /s/{code}?scene=1008, click recorded before the 302; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| clicks | clicks/s | p50 | p99 | requests | non-3xx |"
echo "|---|---|---|---|---|---|"
run "first visits (no cookie)" -H "User-Agent: Mozilla/5.0"
run "one visitor repeating (folded)" -H "User-Agent: Mozilla/5.0" -H "Cookie: cc_vid=vbenchVisitor0000000001"
run "crawler (answered, not written)" -H "User-Agent: Googlebot/2.1"
echo
echo "counters after the runs:"
curl -s "$BASE/v1/me/share-links" -H "Authorization: Bearer $SHARER" | python3 -c 'import sys, json
r = json.load(sys.stdin)["data"][0]; print("  clicks", r["clicks"], "unique_visitors", r["unique_visitors"])'
curl -s "$BASE/metrics" | grep '^checkout_share_clicks_total' | sed 's/^/  /'

echo
# 1,000 live subscribers: RSS while they idle, then the delay from the sandbox pay request
# (the notification is verified and committed inside it) to order_paid on every stream.
BUYER=$(curl -s -X POST "$BASE/v1/sessions" -H 'Content-Type: application/json' -d '{"platform":"sandbox","code":"bench-buyer"}' | field token)
python3 - "$PORT" "$SHOP_KEY" "$SHOP_ID" "$PRODUCT" "$BUYER" "$CC_PID" <<'PY'
import json, select, socket, sys, time, urllib.request
port, key, shop, product, buyer, pid = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
base = f"http://127.0.0.1:{port}"
def rss():
    return next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS"))
def post(path, body, headers):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **headers})
    return json.load(urllib.request.urlopen(req))
before = rss()
socks = []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", int(port)))
    s.sendall(f"GET /v1/stats/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {key}\r\n\r\n".encode())
    socks.append(s)
for s in socks:
    s.settimeout(10)
    seen = b""
    while b"event: counters" not in seen:  # the head may come in a read of its own
        chunk = s.recv(65536)
        if not chunk: raise SystemExit("a live stream closed before its first counters event")
        seen += chunk
    s.setblocking(False)
time.sleep(2)
print(f"RSS {before} KiB before, {rss()} KiB with 1,000 idle live streams ({(rss() - before) / 1000:.1f} KiB each)")
auth = {"Authorization": f"Bearer {buyer}"}
delays = []
for n in range(20):
    order = post(f"/v1/shops/{shop}/orders", {"items": [{"product_id": product, "quantity": 1}],
                 "shipping": {"name": "B", "phone": "13800000000", "address": "1 Bench Rd"}},
                 {**auth, "Idempotency-Key": f"bench-{time.time_ns()}"})["id"]
    post(f"/v1/orders/{order}/payments", {"provider": "sandbox"}, {**auth, "Idempotency-Key": f"pay-{order}"})
    for s in socks:  # drain counters
        try:
            while s.recv(65536): pass
        except BlockingIOError: pass
    start = time.monotonic()
    post(f"/v1/sandbox/orders/{order}/pay", {}, auth)
    pending = {s: b"" for s in socks}
    while pending:
        ready, _, _ = select.select(list(pending), [], [], 5)
        if not ready: raise SystemExit("order_paid missing on some streams")
        now = time.monotonic()
        for s in ready:
            pending[s] += s.recv(65536)
            if order.encode() in pending[s]:
                delays.append(now - start); del pending[s]
delays.sort()
pct = lambda p: delays[min(len(delays) - 1, int(len(delays) * p))] * 1000
print(f"order_paid on 1,000 streams x 20 payments, from the pay request: p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {delays[-1]*1000:.1f} ms")
for s in socks: s.close()
PY

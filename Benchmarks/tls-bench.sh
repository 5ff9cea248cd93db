#!/usr/bin/env bash
# TLS benchmark: keep-alive throughput over TLS against plaintext in the same run, new TLS
# connections per second, RSS with 2,000 idle TLS connections, and an sslyze scan
# (Mozilla "intermediate" check). Prints markdown.
# Usage: Benchmarks/tls-bench.sh [duration-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
HTTP_PORT=18280
TLS_PORT=18643
WORK=$(mktemp -d /tmp/cc-tls-bench.XXXXXX)
trap 'kill $CC_PID 2>/dev/null || true; rm -rf $WORK' EXIT

[ -x .build/release/chatcheckout ] || swift build -c release >/dev/null
docker/make-cert.sh "$WORK/tls" >/dev/null
CHECKOUT_DB="$WORK/bench.sqlite" CHECKOUT_HTTP_PORT=$HTTP_PORT CHECKOUT_HTTPS_PORT=$TLS_PORT \
  CHECKOUT_TLS_CERT="$WORK/tls/server.pem" CHECKOUT_TLS_KEY="$WORK/tls/server.key" CHECKOUT_LOG_LEVEL=warning \
  .build/release/chatcheckout serve > "$WORK/cc.log" 2>&1 &
CC_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null && break; sleep 0.1; done

run() { # name url [extra wrk args]
  local out rps p50 p99
  out=$(wrk -t1 -c64 -d"${DURATION}s" --latency "${@:3}" "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '| %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99"
}

echo "wrk -t1 -c64 -d${DURATION}s, $(nproc) cores, access log off (warning level)"
echo
echo "| target | req/s | p50 | p99 |"
echo "|---|---:|---:|---:|"
run "plaintext keep-alive GET /healthz" "http://127.0.0.1:$HTTP_PORT/healthz"
run "TLS 1.3 keep-alive GET /healthz" "https://127.0.0.1:$TLS_PORT/healthz"
run "TLS new connection per request (handshakes)" "https://127.0.0.1:$TLS_PORT/healthz" -H "Connection: close"
echo
python3 Benchmarks/idle-connections.py 127.0.0.1 $TLS_PORT 2000 $CC_PID --tls "$WORK/tls/ca.pem"
echo
if python3 -c "import sslyze" 2>/dev/null; then
  echo '```'
  python3 -m sslyze "127.0.0.1:$TLS_PORT" --mozilla_config intermediate --certinfo_ca_file "$WORK/tls/ca.pem" 2>&1 \
    | grep -E "Compliant|compliant|SSL 2.0|SSL 3.0|TLS 1.0|TLS 1.1|TLS 1.2|TLS 1.3|Accepted|Rejected|Renegotiation|Session|Checking|FAIL|Error|insecure|Supported|Preferred|Forward" | head -60
  echo '```'
else
  echo "(sslyze not installed: pip install sslyze)"
fi

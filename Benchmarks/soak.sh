#!/usr/bin/env bash
# Long fault runs against the release binary on loopback: slowloris (2,000 connections dripping
# a header byte a second) while a normal client measures p99; the same with stalled TLS
# handshakes on the TLS port; a flood of 10,000 connections with CHECKOUT_MAX_CONNECTIONS below
# it, then recovery; then load shedding; then the mixed SIGKILL run (orders, payments, refunds,
# share clicks) for SOAK_ROUNDS rounds of SOAK_CLIENTS clients.
# Usage: Benchmarks/soak.sh [slow-seconds] [slow-connections] [flood-connections] [max-connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_SLOW=${1:-30}
SLOW=${2:-2000}
FLOOD=${3:-10000}
MAX=${4:-5000}
SOAK_ROUNDS=${SOAK_ROUNDS:-10}
SOAK_CLIENTS=${SOAK_CLIENTS:-64}
PORT=18192
TLS_PORT=18193
WORK=$(mktemp -d /tmp/cc-soak.XXXXXX)
trap 'kill $CC_PID 2>/dev/null || true; wait $CC_PID 2>/dev/null || true; rm -rf $WORK' EXIT
[ -x .build/release/chatcheckout ] || swift build -c release >/dev/null
docker/make-cert.sh "$WORK/tls" >/dev/null
ulimit -n 65536 2>/dev/null || true
CHECKOUT_DB="$WORK/soak.sqlite" CHECKOUT_HTTP_PORT=$PORT CHECKOUT_HTTPS_PORT=$TLS_PORT CHECKOUT_LOG_LEVEL=warning \
  CHECKOUT_TLS_CERT="$WORK/tls/server.pem" CHECKOUT_TLS_KEY="$WORK/tls/server.key" \
  CHECKOUT_MAX_CONNECTIONS=$MAX .build/release/chatcheckout serve > "$WORK/cc.log" 2>&1 &
CC_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2 " kB"}' /proc/$CC_PID/status; }
echo "server RSS at start: $(rss)"
python3 Benchmarks/faults.py slowloris $PORT "$SLOW" "$SECONDS_SLOW"
echo "server RSS after slowloris: $(rss)"
python3 Benchmarks/faults.py tls-stall $TLS_PORT "$WORK/tls/ca.pem" "$SLOW" "$SECONDS_SLOW"
echo "server RSS after the stalled TLS handshakes: $(rss)"
python3 Benchmarks/faults.py flood $PORT "$FLOOD"
echo "server RSS after the flood: $(rss); still running: $(kill -0 $CC_PID && echo yes)"
kill $CC_PID; wait $CC_PID || true
Benchmarks/shedding-bench.sh 30
echo
echo "mixed SIGKILL run: $SOAK_ROUNDS rounds, $SOAK_CLIENTS clients (release binary)"
swift build --build-tests >/dev/null
CHECKOUT_BINARY="$PWD/.build/release/chatcheckout" CHECKOUT_SOAK_ROUNDS=$SOAK_ROUNDS CHECKOUT_SOAK_CLIENTS=$SOAK_CLIENTS \
  swift test --skip-build --filter MixedCrashBinaryTests

#!/usr/bin/env bash
# HTTP benchmark: ChatCheckout (release) against nginx, same machine, same run.
# Prints a markdown table (req/s, p50, p99) for GET /healthz and a 1 KiB static file,
# then the RSS of ChatCheckout holding 10,000 idle keep-alive connections.
# Usage: Benchmarks/http-bench.sh [duration-seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
CC_PORT=18180
NGINX_PORT=18181
WORK=$(mktemp -d /tmp/cc-bench.XXXXXX)
trap 'kill $CC_PID 2>/dev/null || true; nginx -c $WORK/nginx.conf -s stop 2>/dev/null || true; rm -rf $WORK' EXIT

command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx missing: apt-get install nginx-light" >&2; exit 1; }
[ -x .build/release/chatcheckout ] || swift build -c release >/dev/null

# The same 1 KiB file for both servers.
mkdir -p "$WORK/public/assets"
cp -r Public/. "$WORK/public/"
head -c 768 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/public/assets/bench-1k.txt"

cat > "$WORK/nginx.conf" <<NGINX
worker_processes $(nproc);
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 20000; }
http {
  access_log $WORK/nginx-access.log;
  include /etc/nginx/mime.types;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/public;
    location = /healthz { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
NGINX
nginx -c "$WORK/nginx.conf"

ulimit -n 65536 || true
CHECKOUT_DB="$WORK/bench.sqlite" CHECKOUT_PUBLIC_DIR="$WORK/public" CHECKOUT_HTTP_PORT=$CC_PORT \
  .build/release/chatcheckout serve > "$WORK/cc-access.log" 2>&1 &
CC_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$CC_PORT/healthz" >/dev/null && break; sleep 0.1; done

run() { # name url
  local out
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '| %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99"
}

echo "wrk -t1 -c$CONNS -d${DURATION}s, $(nproc) cores, both servers log every request to a file"
echo
echo "| target | req/s | p50 | p99 |"
echo "|---|---:|---:|---:|"
run "nginx GET /healthz (return 200)" "http://127.0.0.1:$NGINX_PORT/healthz"
run "chatcheckout GET /healthz" "http://127.0.0.1:$CC_PORT/healthz"
run "nginx GET 1 KiB file" "http://127.0.0.1:$NGINX_PORT/assets/bench-1k.txt"
run "chatcheckout GET 1 KiB file" "http://127.0.0.1:$CC_PORT/assets/bench-1k.txt"

echo
python3 Benchmarks/idle-connections.py 127.0.0.1 $CC_PORT 10000 $CC_PID

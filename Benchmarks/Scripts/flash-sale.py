#!/usr/bin/env python3
"""A flash sale (秒杀): COUNT connections, all open first, each sends one order for the same
product at one instant (a tight loop over ready sockets), then every answer is read. Prints one
line: FLASH sent=N created=N out_of_stock=N other_4xx=N server_errors=N unanswered=N
p50_ms=X p99_ms=X max_ms=X send_ms=X client_cpu_ms=X, latencies from each request's send to its
whole answer; send_ms is how long the sending loop took (no answer is read before it ends) and
client_cpu_ms this script's own CPU from the first send to the last answer (it shares the cores).
Connections are spread round-robin over the PORTS (replicas of one database).
With a last argument `timeline`, a second line tells when the answers came, in ms after the
first request was sent: TIMELINE created=first/median/last out_of_stock=first/p10/p50/p90/p99/last
slowest1pct_sent=first/last (when the slowest 1 % of requests were sent).
Loopback only, bounded (30 s for the answers).

Usage: flash-sale.py HOST PORTS(comma-separated) SHOP_ID PRODUCT_ID TOKEN COUNT RUN_TAG [timeline]"""
import json, resource, selectors, socket, sys, time

host, ports, shop, product, token, count, tag = sys.argv[1:8]
timeline = sys.argv[8:9] == ["timeline"]
ports, count = [int(p) for p in ports.split(",")], int(count)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

body = json.dumps({"items": [{"product_id": product, "quantity": 1}],
                   "shipping": {"name": "Flash", "phone": "13800000000", "address": "1 Sale Road"}}).encode()


def request(i):
    return (f"POST /v1/shops/{shop}/orders HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nIdempotency-Key: flash-{tag}-{i}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


def answer(data):
    """(status, error code or None) once `data` holds a whole answer, else None."""
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = head.decode("latin-1").split("\r\n")
    length = next((int(l.split(":", 1)[1]) for l in lines[1:] if l.lower().startswith("content-length:")), 0)
    if len(rest) < length:
        return None
    status = int(lines[0].split()[1])
    code = None
    if status >= 400 and length:
        try:
            code = json.loads(rest[:length])["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = "unreadable"
    return status, code


sockets = []
for i in range(count):
    conn = socket.create_connection((host, ports[i % len(ports)]), timeout=10)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sockets.append(conn)
payloads = [request(i) for i in range(count)]
sent_at = [0.0] * count
cpu_start = time.process_time()
for i, conn in enumerate(sockets):  # the instant: every request leaves in one tight loop
    sent_at[i] = time.monotonic()
    conn.sendall(payloads[i])
send_ms = (time.monotonic() - sent_at[0]) * 1000
selector = selectors.DefaultSelector()
buffers = {}
for i, conn in enumerate(sockets):
    conn.setblocking(False)
    selector.register(conn, selectors.EVENT_READ, i)
    buffers[i] = b""
results, latencies, answered_at = {}, [], {}
deadline = time.monotonic() + 30
while len(results) < count and time.monotonic() < deadline:
    for key, _ in selector.select(timeout=1):
        i = key.data
        try:
            chunk = key.fileobj.recv(65536)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            chunk = b""
        buffers[i] += chunk
        done = answer(buffers[i])
        if done or not chunk:
            results[i] = done or (0, "closed")
            answered_at[i] = time.monotonic()
            latencies.append(answered_at[i] - sent_at[i])
            selector.unregister(key.fileobj)
            key.fileobj.close()

client_cpu_ms = (time.process_time() - cpu_start) * 1000
statuses = list(results.values())
created = sum(1 for s, _ in statuses if s == 201)
out_of_stock = sum(1 for s, c in statuses if s == 409 and c == "out_of_stock")
server_errors = sum(1 for s, _ in statuses if s >= 500 or s == 0)
other = len(statuses) - created - out_of_stock - server_errors
latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else 0
print(f"FLASH sent={count} created={created} out_of_stock={out_of_stock} other_4xx={other} "
      f"server_errors={server_errors} unanswered={count - len(results)} "
      f"p50_ms={pct(0.5):.1f} p99_ms={pct(0.99):.1f} max_ms={pct(1.0):.1f} send_ms={send_ms:.1f} "
      f"client_cpu_ms={client_cpu_ms:.0f}")
if timeline:
    def spread(times, points):
        times = sorted((t - sent_at[0]) * 1000 for t in times)
        return "/".join(f"{times[min(len(times) - 1, int(len(times) * p))]:.0f}" for p in points) if times else "-"
    kinds = {i: results[i] for i in answered_at}
    slowest = sorted(answered_at, key=lambda i: answered_at[i] - sent_at[i])[-max(1, len(answered_at) // 100):]
    print("TIMELINE created=" + spread([answered_at[i] for i, (s, _) in kinds.items() if s == 201], (0, 0.5, 1)) +
          " out_of_stock=" + spread([answered_at[i] for i, (s, c) in kinds.items() if c == "out_of_stock"],
                                    (0, 0.1, 0.5, 0.9, 0.99, 1)) +
          " slowest1pct_sent=" + spread([sent_at[i] for i in slowest], (0, 1)))

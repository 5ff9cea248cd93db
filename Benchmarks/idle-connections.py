#!/usr/bin/env python3
"""Open N keep-alive connections, send one request on each, keep them idle, and report
the server's RSS (from /proc/PID/status) before and after. Loopback only, bounded."""
import resource, socket, sys, time

host, port, count, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

before = rss_kib()
socks, answered = [], 0
request = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"
for i in range(count):
    s = socket.create_connection((host, port), timeout=10)
    s.sendall(request)
    socks.append(s)
for s in socks:
    data = s.recv(4096)
    if data.startswith(b"HTTP/1.1 200"):
        answered += 1
time.sleep(1)
after = rss_kib()
print(f"| idle keep-alive connections | {count} (answered {answered}) |")
print("|---|---|")
print(f"| RSS before | {before / 1024:.1f} MiB |")
print(f"| RSS with all connections open | {after / 1024:.1f} MiB |")
print(f"| per connection | {(after - before) / max(count, 1):.2f} KiB |")
for s in socks:
    s.close()

#!/usr/bin/env python3
"""Open N TLS keep-alive connections, one request each, keep them idle, report the
server's RSS from /proc. Loopback only, bounded."""
import resource, socket, ssl, sys, time

host, port, count, pid, ca = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
context = ssl.create_default_context(cafile=ca)

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

before = rss_kib()
conns, answered = [], 0
for i in range(count):
    raw = socket.create_connection((host, port), timeout=10)
    tls = context.wrap_socket(raw, server_hostname="localhost")
    tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    conns.append(tls)
for c in conns:
    if c.recv(4096).startswith(b"HTTP/1.1 200"):
        answered += 1
time.sleep(1)
after = rss_kib()
print(f"| idle TLS keep-alive connections | {count} (answered {answered}) |")
print("|---|---|")
print(f"| RSS before | {before / 1024:.1f} MiB |")
print(f"| RSS with all connections open | {after / 1024:.1f} MiB |")
print(f"| per connection | {(after - before) / max(count, 1):.1f} KiB |")
for c in conns:
    c.close()

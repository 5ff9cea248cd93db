#!/usr/bin/env python3
"""Open N keep-alive connections (plain, or TLS with --tls CA), send one request on each,
keep them idle, and print the server's RSS (from /proc/PID/status) before and after as
one line: IDLE count=N answered=N before_kib=N after_kib=N.
Loopback only, bounded.

Usage: idle-connections.py HOST PORT COUNT PID [--tls CA_PEM]"""
import resource, socket, ssl, sys, time

host, port, count, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ca = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--tls" else None
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
context = ssl.create_default_context(cafile=ca) if ca else None

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

before = rss_kib()
conns, answered = [], 0
for i in range(count):
    conn = socket.create_connection((host, port), timeout=10)
    if context:
        conn = context.wrap_socket(conn, server_hostname="localhost")
    conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    conns.append(conn)
for conn in conns:
    if conn.recv(4096).startswith(b"HTTP/1.1 200"):
        answered += 1
time.sleep(1)
after = rss_kib()
print(f"IDLE count={count} answered={answered} before_kib={before} after_kib={after}")
for conn in conns:
    conn.close()

#!/usr/bin/env python3
"""Fault runs against a running chatcheckout on loopback (bounded in count and time).

  slowloris PORT [SLOW] [SECONDS]  SLOW connections each send one header byte a second while a
                                   normal client measures GET /healthz; prints the normal
                                   client's p50/p99 and how many slow connections the server
                                   closed (head deadline) by the end.
  tls-stall PORT CA [STALLED] [SECONDS]
                                   STALLED connections to the TLS port start a handshake and
                                   stall in it (a third silent, a third dripping a ClientHello
                                   a byte a second, a third sending a whole ClientHello and
                                   never answering) while a normal TLS client measures
                                   GET /healthz on new connections; prints its p50/p99 and how
                                   many stalled ones the server closed (handshake deadline).
  flood PORT [COUNT]               opens COUNT connections at once, sends a request on each,
                                   counts answered / refused, closes them all, then measures
                                   how long until a new connection is answered again.
"""
import resource, select, socket, ssl, struct, sys, time

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"


def raise_fd_limit(count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 256)), hard))


def connect(port, timeout=5):
    s = socket.socket()
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def timed_get(port, context=None):
    """GET /healthz on a new connection (TLS when `context` is given): (200?, milliseconds)."""
    start = time.monotonic()
    s = connect(port)
    if context:
        s = context.wrap_socket(s, server_hostname="localhost")
    s.sendall(REQUEST)
    data = b""
    while b"\r\n\r\n" not in data or not data.endswith(b"}"):
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    ok = data.startswith(b"HTTP/1.1 200")
    return ok, (time.monotonic() - start) * 1000


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int((len(values) - 1) * p))] if values else float("nan")


def report(what, latencies, failures, closed):
    print(f"{what}: {len(latencies)} requests, {failures} failed, p50 {percentile(latencies, 0.5):.1f} ms, "
          f"p99 {percentile(latencies, 0.99):.1f} ms, max {max(latencies):.1f} ms; {closed}")


def slowloris(port, slow=2000, seconds=15):
    raise_fd_limit(slow)
    slow_sockets = []
    for _ in range(slow):
        try:
            s = connect(port)
            s.setblocking(False)
            s.send(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            slow_sockets.append(s)
        except OSError:
            break
    latencies, failures, closed = [], 0, set()
    deadline = time.monotonic() + seconds
    next_drip = time.monotonic()
    while time.monotonic() < deadline:
        if time.monotonic() >= next_drip:
            for s in slow_sockets:
                if s.fileno() in closed:
                    continue
                try:
                    s.send(b"a")
                except OSError:
                    closed.add(s.fileno())
            next_drip += 1.0
        ok, ms = timed_get(port)
        latencies.append(ms)
        failures += 0 if ok else 1
    # A slow connection the server gave up on reads an answer (408) or EOF.
    for s in slow_sockets:
        if s.fileno() in closed:
            continue
        ready, _, _ = select.select([s], [], [], 0)
        if ready:
            closed.add(s.fileno())
    report(f"slowloris: {len(slow_sockets)} slow connections for {seconds}s; normal GET /healthz",
           latencies, failures, f"slow connections closed by the server: {len(closed)}")
    for s in slow_sockets:
        s.close()


def client_hello():
    """The first flight of a real TLS client, taken from a memory BIO."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ssl.create_default_context().wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


def tls_stall(port, ca, stalled=2000, seconds=15):
    raise_fd_limit(stalled)
    hello = client_hello()
    sockets, drip = [], []
    for i in range(stalled):
        try:
            s = connect(port)
        except OSError:
            break
        s.setblocking(False)
        if i % 3 == 2:
            s.send(hello)
        elif i % 3 == 1:
            drip.append((s, [0]))
        sockets.append(s)
    context = ssl.create_default_context(cafile=ca)
    latencies, failures, closed = [], 0, set()
    deadline = time.monotonic() + seconds
    next_drip = time.monotonic()
    while time.monotonic() < deadline:
        if time.monotonic() >= next_drip:
            for s, sent in drip:
                if s.fileno() in closed or sent[0] >= len(hello) - 1:
                    continue
                try:
                    s.send(hello[sent[0]:sent[0] + 1])
                    sent[0] += 1
                except OSError:
                    closed.add(s.fileno())
            next_drip += 1.0
        try:
            ok, ms = timed_get(port, context)
        except OSError:
            ok, ms = False, 0.0
        latencies.append(ms)
        failures += 0 if ok else 1
    for s in sockets:
        if s.fileno() in closed:
            continue
        try:
            while True:
                if not s.recv(65536):
                    closed.add(s.fileno())
                    break
        except BlockingIOError:
            pass
        except OSError:
            closed.add(s.fileno())
    report(f"tls-stall: {len(sockets)} stalled handshakes for {seconds}s; normal TLS GET /healthz",
           latencies, failures, f"stalled connections closed by the server: {len(closed)}")
    for s in sockets:
        s.close()


def flood(port, count=10000):
    raise_fd_limit(count)
    sockets, refused_connect = [], 0
    start = time.monotonic()
    for _ in range(count):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        except OSError:
            refused_connect += 1
            s.close()
            continue
        sockets.append(s)
    opened = time.monotonic() - start
    pending, by_fd = {}, {s.fileno(): s for s in sockets}
    connecting = select.poll()
    for fd in by_fd:
        connecting.register(fd, select.POLLOUT)
    wait_until = time.monotonic() + 5
    while by_fd and time.monotonic() < wait_until:
        for fd, _ in connecting.poll(200):
            connecting.unregister(fd)
            s = by_fd.pop(fd)
            try:
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                    s.send(REQUEST)
                    pending[fd] = s
            except OSError:
                pass
    answered, closed_early = 0, 0
    wait_until = time.monotonic() + 20
    poller = select.poll()
    for fd in pending:
        poller.register(fd, select.POLLIN)
    while pending and time.monotonic() < wait_until:
        for fd, _ in poller.poll(500):
            s = pending.pop(fd, None)
            poller.unregister(fd)
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data.startswith(b"HTTP/1.1 200"):
                answered += 1
            else:
                closed_early += 1
    print(f"flood: {count} connections opened in {opened:.2f}s ({refused_connect} refused at connect); "
          f"answered 200: {answered}, closed by the server without an answer: {closed_early}, "
          f"no answer within 20 s: {len(pending)}")
    for s in sockets:
        # Reset instead of FIN: 10,000 client ports must not sit in TIME_WAIT for a minute.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    start = time.monotonic()
    while True:
        try:
            ok, _ = timed_get(port)
            if ok:
                break
        except OSError:
            pass
        time.sleep(0.01)
    print(f"flood: recovered (a new connection answered 200) {((time.monotonic() - start) * 1000):.0f} ms after closing them")


if __name__ == "__main__":
    kind, port = sys.argv[1], int(sys.argv[2])
    if kind == "slowloris":
        slowloris(port, *(int(a) for a in sys.argv[3:5]))
    elif kind == "tls-stall":
        tls_stall(port, sys.argv[3], *(int(a) for a in sys.argv[4:6]))
    elif kind == "flood":
        flood(port, *(int(a) for a in sys.argv[3:4]))
    else:
        sys.exit(__doc__)

#!/usr/bin/env python3
"""What the SQLite writer thread does per durable order: durable orders (`Scripts/orders.lua`, a
fresh key each) at 64 connections for SECONDS on a fresh release server per run. Prints the
orders per second and each thread role's CPU per order (user / system microseconds, from
/proc/PID/task: the writer, the checkpointer, the event loops, the handler pool), so the
writer's share of a core and its kernel time are visible; the load average beside each run.
With --strace, a second run per binary traces the writer thread only (`sqlite-writer`:
fdatasync, fsync, pwrite64, by file descriptor) and the checkpointer, then reads the database
after the server stopped: commits per order (fdatasync of the WAL: one per batch, so 1 / batch
size), WAL frames and other files' writes per order, the checkpointer's syncs, and the pages
the database grew by, per table and index. strace slows the traced calls, so that run's orders/s
is not a throughput number. Never part of `make test`.

Usage: Benchmarks/order-writer.py [--seconds 5] [--connections 64] [--repeat 1] [--strace] BINARY [BINARY ...]
  BENCH_PORT (default 18190) moves the server's port.
"""
import argparse, collections, os, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import procs, seed, wrk  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
PORT = int(os.environ.get("BENCH_PORT", "18190"))
ADMIN = "bench-admin-token-0123456789abcdef"
TRACED = "fdatasync,fsync,pwrite64,futex,write,read,pread64"


def threads_named(pid):
    """{thread name: [tid]} of a process."""
    names = collections.defaultdict(list)
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            names[f.read().strip()].append(tid)
    return names


def trace_counts(path):
    """{"syscall fd": count} from an `strace -o` log."""
    counts = collections.Counter()
    with open(path, errors="replace") as f:
        for line in f:
            match = re.match(r"(?:\d+\s+)?(\w+)\((\d+)", line)
            if match:
                counts[f"{match.group(1)} {match.group(2)}"] += 1
    return counts


ROLES = [("writer", "sqlite-writer"), ("checkpointer", "sqlite-checkpoi"), ("event loops", "http-loop-"),
         ("handler pool", "http-handler-")]


def cpu_by_role(pid):
    """{role: [user ticks, system ticks]} over the process's threads."""
    ticks = collections.defaultdict(lambda: [0, 0])
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        role = next((role for role, prefix in ROLES if name.startswith(prefix)), "other")
        ticks[role][0] += int(fields[11])
        ticks[role][1] += int(fields[12])
    return ticks


def start(binary, work):
    database = tempfile.mkdtemp(prefix="db.", dir=work)
    path = f"{database}/checkout.sqlite"
    env = {"CHECKOUT_DB": path, "CHECKOUT_HTTP_PORT": str(PORT), "CHECKOUT_SANDBOX": "1",
           "CHECKOUT_ADMIN_TOKEN": ADMIN, "CHECKOUT_LOG_LEVEL": "info", "CHECKOUT_CLICK_RATE": "0",
           "CHECKOUT_PUBLIC_DIR": os.path.join(os.path.dirname(BENCH), "Public")}
    server = procs.Server("chatcheckout", [binary, "serve"], f"{database}/server.log", env).start(
        f"http://127.0.0.1:{PORT}/healthz")
    return server, database, path


def place_orders(shop, seconds, connections):
    return wrk.run(f"http://127.0.0.1:{PORT}/v1/shops/{shop.shop_id}/orders", seconds, connections,
                   script=os.path.join(BENCH, "Scripts/orders.lua"),
                   script_args=(shop.shop_id, shop.product_ids[1], shop.token, f"w{os.getpid()}"))


def timed(binary, work, seconds, connections):
    """A run without tracing: (wrk result, {role: (user µs, system µs) per order})."""
    server, _, _ = start(binary, work)
    try:
        shop = seed.bench_shop(f"http://127.0.0.1:{PORT}", ADMIN)
        before = cpu_by_role(server.pid)
        result = place_orders(shop, seconds, connections)
        after = cpu_by_role(server.pid)
    finally:
        server.stop()
    per = max(result.requests, 1)
    return result, {role: tuple((a - b) * 1e6 / procs.TICKS / per for a, b in zip(after[role], before.get(role, [0, 0])))
                    for role in after}


def traced(binary, work, seconds, connections):
    server, database, path = start(binary, work)
    tracers = []
    try:
        base = f"http://127.0.0.1:{PORT}"
        shop = seed.bench_shop(base, ADMIN)
        with sqlite3.connect(path) as db:
            pages_before = db.execute("PRAGMA page_count").fetchone()[0]
        names = threads_named(server.pid)
        for role in ("sqlite-writer", "sqlite-checkpoi"):
            for tid in names.get(role, []):
                log = f"{database}/{role}.{tid}.strace"
                tracers.append((role, log, subprocess.Popen(
                    ["strace", "--seccomp-bpf", "-e", f"trace={TRACED}", "-o", log, "-p", tid],
                    stderr=subprocess.DEVNULL)))
        time.sleep(1)  # attached
        result = place_orders(shop, seconds, connections)
        time.sleep(0.5)
        for _, _, tracer in tracers:
            tracer.send_signal(signal.SIGINT)
            tracer.wait(timeout=60)
    finally:
        server.stop()
    counts = collections.defaultdict(collections.Counter)
    for role, log, _ in tracers:
        counts[role].update(trace_counts(log))
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT count(*) FROM orders").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        tables = db.execute("""SELECT name, count(*) FROM dbstat WHERE name LIKE 'orders%' OR name LIKE 'order_items%'
                               OR name LIKE 'idempotency%' OR name LIKE 'sqlite_autoindex_orders%'
                               OR name LIKE 'sqlite_autoindex_order_items%' OR name LIKE 'sqlite_autoindex_idempotency%'
                               GROUP BY name ORDER BY 2 DESC""").fetchall() if has_dbstat(db) else []
    return result, stored, counts, pages - pages_before, page_size, tables


def has_dbstat(db):
    try:
        db.execute("SELECT 1 FROM dbstat LIMIT 1")
        return True
    except sqlite3.Error:
        return False


def print_traced(binary, work, seconds, connections):
    result, stored, counts, pages, page_size, tables = traced(binary, work, seconds, connections)
    writer, checkpointer = counts["sqlite-writer"], counts["sqlite-checkpoi"]
    per = max(stored, 1)
    syncs = sum(n for call, n in writer.items() if call.split()[0] in ("fdatasync", "fsync"))
    print(f"  traced: {stored:,} orders ({result.rps:,.0f}/s under strace, {result.non_2xx + result.socket_errors} errors); "
          f"writer: {syncs:,} syncs = {stored / max(syncs, 1):.1f} orders a commit")
    for call, n in sorted(writer.items()):
        print(f"    writer {call} (syscall, descriptor): {n:,} = {n / per:.2f} an order")
    print(f"    checkpointer: {sum(checkpointer.values()):,} calls ({', '.join(f'{c} {n:,}' for c, n in sorted(checkpointer.items()))})")
    print(f"    database grew {pages:,} pages of {page_size} bytes = {pages / per:.2f} pages an order")
    for name, count in tables:
        print(f"      {name}: {count:,} pages ({count / per:.3f} an order)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--strace", action="store_true")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="cc-writer.")
    try:
        for run in range(1, args.repeat + 1):
            for binary in args.binaries:
                load = " ".join(f"{value:.2f}" for value in os.getloadavg())
                result, cpu = timed(binary, work, args.seconds, args.connections)
                roles = ", ".join(f"{role} {user:.1f} / {system:.1f}" for role, (user, system) in sorted(cpu.items()))
                print(f"run {run} {binary} (load {load}): {result.rps:,.0f} orders/s, p50 {result.p50_ms:.1f} ms, "
                      f"p99 {result.p99_ms:.1f} ms, {result.non_2xx + result.socket_errors} errors; CPU µs an order "
                      f"(user / system): {roles}", flush=True)
                if args.strace:
                    print_traced(binary, work, args.seconds, args.connections)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

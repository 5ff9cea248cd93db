#!/usr/bin/env python3
"""Flash sales only (秒杀: COUNT connections order one product with 100 in stock at one instant),
each on a fresh server at the default CHECKOUT_WRITE_QUEUE_LIMIT, with the load average printed
beside every run. Several binaries are measured interleaved in one run (A/B: base, branch, base,
branch, ...), so they share the machine's state. Never part of `make test`.

Usage: Benchmarks/flash-bench.py [--repeat 3] [--connections 2000] [--strace] [--timeline] [--orders SECONDS] BINARY [BINARY ...]
  --strace: also attach `strace -f -c` to the server for the sale
  --timeline: also print when the answers came (ms after the first send: 201s first/median/last,
  out_of_stock first/p10/p50/p90/p99/last, and when the slowest 1 % were sent)
  --orders SECONDS: instead of sales, durable orders (`Scripts/orders.lua`, a fresh key each) at 64
  connections for SECONDS on a fresh server per run (syscall counts; slows it, latencies not comparable)
  BENCH_PORT (default 18190) moves the server's port, so two engineers can run this at once.
"""
import argparse, os, re, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import flashclient, procs, seed, wrk  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
PORT = int(os.environ.get("BENCH_PORT", "18190"))
ADMIN = "bench-admin-token-0123456789abcdef"


def start(binary, work):
    """A fresh server on its own database; returns (server, folder)."""
    database = tempfile.mkdtemp(prefix="db.", dir=work)
    env = {"CHECKOUT_DB": f"{database}/checkout.sqlite", "CHECKOUT_HTTP_PORT": str(PORT), "CHECKOUT_SANDBOX": "1",
           "CHECKOUT_ADMIN_TOKEN": ADMIN, "CHECKOUT_LOG_LEVEL": "info", "CHECKOUT_CLICK_RATE": "0",
           "CHECKOUT_PUBLIC_DIR": os.path.join(os.path.dirname(BENCH), "Public")}
    server = procs.Server("chatcheckout", [binary, "serve"], f"{database}/server.log", env).start(f"http://127.0.0.1:{PORT}/healthz")
    return server, database


def orders(binary, work, seconds):
    """Durable orders at 64 connections on a fresh server: (orders/s, p50 ms, p99 ms, errors, server CPU %)."""
    server, _ = start(binary, work)
    try:
        base = f"http://127.0.0.1:{PORT}"
        shop = seed.bench_shop(base, ADMIN)
        with procs.Sampler(server.pid) as sampler:
            result = wrk.run(f"{base}/v1/shops/{shop.shop_id}/orders", seconds, 64,
                             script=os.path.join(BENCH, "Scripts/orders.lua"),
                             script_args=(shop.shop_id, shop.product_ids[1], shop.token, f"o{os.getpid()}"))
    finally:
        server.stop()
    return result, sampler


def sale(binary, work, count, strace, timeline=False):
    """One fresh server, one sale; returns the FLASH fields plus the stock left and the server's CPU."""
    server, database = start(binary, work)
    try:
        base = f"http://127.0.0.1:{PORT}"
        shop = seed.bench_shop(base, ADMIN)
        product = seed.call(base, "POST", "/v1/products", {"title": "Flash sale tea", "price": 990, "stock": 100},
                            shop.key)["id"]
        threads = [arg for tid in sorted(os.listdir(f"/proc/{server.pid}/task")) for arg in ("-p", tid)]
        tracer = subprocess.Popen(["strace", "-f", "-c", "-o", f"{database}/strace.txt"] + threads,
                                  stderr=subprocess.DEVNULL) if strace else None
        if tracer:
            time.sleep(1)  # attached to every thread
        before = user_system_ticks(server.pid)
        out = subprocess.run(flashclient.command() + ["127.0.0.1", str(PORT),
                              shop.shop_id, product, shop.token, str(count), str(os.getpid())]
                             + (["timeline"] if timeline else []),
                             capture_output=True, text=True, check=True, timeout=300).stdout
        after = user_system_ticks(server.pid)
        cpu_ms = [(a - b) * 1000 / procs.TICKS for a, b in zip(after, before)]
        fields = dict(field.split("=") for field in re.search(r"^FLASH (.*)$", out, re.M).group(1).split())
        line = re.search(r"^TIMELINE (.*)$", out, re.M)
        fields["timeline"] = line.group(1) if line else ""
        fields["stock_left"] = stock_left(base, product, f"{database}/server.log")
        if tracer:
            tracer.send_signal(signal.SIGINT)
            tracer.wait(timeout=60)
        fields["server_cpu_ms"] = f"{sum(cpu_ms):.0f} ({cpu_ms[0]:.0f} / {cpu_ms[1]:.0f})"
    finally:
        server.stop()
    if strace:
        with open(f"{database}/strace.txt") as f:
            print(f.read())
    return fields


def user_system_ticks(pid):
    """(utime, stime) of a process, in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])


def stock_left(base, product, log):
    """The product's stock after the sale (a failed read shows the server log's last lines)."""
    try:
        return seed.call(base, "GET", f"/v1/products/{product}")["stock"]
    except OSError:
        with open(log, errors="replace") as f:
            print("".join(f.readlines()[-20:]), file=sys.stderr)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--strace", action="store_true")
    parser.add_argument("--timeline", action="store_true")
    parser.add_argument("--orders", type=int, default=0)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="cc-flash.")
    try:
        if args.orders:
            print("| run | binary | orders/s | p50 ms | p99 ms | errors | server CPU % | wrk CPU % | load (1/5/15 min) |")
            print("|---|---|---:|---:|---:|---:|---:|---:|---|")
            for run in range(1, args.repeat + 1):
                for binary in args.binaries:
                    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
                    result, sampler = orders(binary, work, args.orders)
                    print(f"| {run} | {binary} | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
                          f"{result.socket_errors + result.non_2xx} | {sampler.cpu_percent:.0f} | "
                          f"{result.client_cpu_percent:.0f} | {load} |", flush=True)
            return
        print("| run | binary | created | out_of_stock | 5xx | unanswered | stock left | p50 ms | p99 ms | max ms "
              "| send ms | server CPU ms (user / sys) | client CPU ms | load (1/5/15 min) |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for run in range(1, args.repeat + 1):
            for binary in args.binaries:
                load = " ".join(f"{value:.2f}" for value in os.getloadavg())
                f = sale(binary, work, args.connections, args.strace, args.timeline)
                print(f"| {run} | {binary} | {f['created']} | {f['out_of_stock']} | {f['server_errors']} | "
                      f"{f['unanswered']} | {f['stock_left']} | {f['p50_ms']} | {f['p99_ms']} | {f['max_ms']} | {f['send_ms']} | "
                      f"{f['server_cpu_ms']} | {f['client_cpu_ms']} | {load} |", flush=True)
                if args.timeline:
                    print(f"|   | TIMELINE {f['timeline']} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

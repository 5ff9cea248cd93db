#!/usr/bin/env python3
"""What answering reads on the event loop costs the other connections of that loop: one or
more chatcheckout binaries in turn, each under two wrk runs at once (the product list, 10
products from the database, on N connections, and `GET /healthz` on N others), printing
both rows' req/s and latency with the load average. Compare a build that reads on the handler
pool with one that reads on the loop: the healthz p99 is the other connections' price.
Never part of `make test`.

Usage: Benchmarks/mixed-latency.py BINARY [BINARY ...] [--seconds 5] [--connections 32] [--repeat 2]
"""
import argparse, os, sys, tempfile, threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import procs, seed, wrk  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT, ADMIN = 18480, "bench-admin-token-0123456789abcdef"


def measure(binary, seconds, connections, work, index):
    env = {"CHECKOUT_DB": f"{work}/db-{index}.sqlite", "CHECKOUT_PUBLIC_DIR": os.path.join(ROOT, "Public"),
           "CHECKOUT_SANDBOX": "1", "CHECKOUT_HTTP_PORT": str(PORT), "CHECKOUT_HTTPS_PORT": "0",
           "CHECKOUT_ADMIN_TOKEN": ADMIN}
    server = procs.Server(f"chatcheckout-{index}", [binary, "serve"], f"{work}/server-{index}.log", env)
    server.start(f"http://127.0.0.1:{PORT}/healthz")
    try:
        base = f"http://127.0.0.1:{PORT}"
        shop = seed.bench_shop(base, ADMIN)
        targets = {"list": f"{base}/v1/shops/{shop.shop_id}/products", "healthz": f"{base}/healthz"}
        wrk.run(targets["list"], 1, connections)  # warm-up
        results = {}

        def load(name):
            results[name] = wrk.run(targets[name], seconds, connections)

        threads = [threading.Thread(target=load, args=(name,)) for name in targets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32, help="connections of each of the two loads")
    parser.add_argument("--repeat", type=int, default=2, help="rounds over the binaries, interleaved")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="cc-mixed.")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| binary | round | list req/s | list p50 ms | list p99 ms | healthz req/s | healthz p50 ms | healthz p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for round_ in range(args.repeat):
        for index, binary in enumerate(args.binaries):
            r = measure(binary, args.seconds, args.connections, work, f"{round_}-{index}")
            a, b = r["list"], r["healthz"]
            print(f"| {binary} | {round_ + 1} | {a.rps:,.0f} | {a.p50_ms:.2f} | {a.p99_ms:.2f} "
                  f"| {b.rps:,.0f} | {b.p50_ms:.2f} | {b.p99_ms:.2f} |", flush=True)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

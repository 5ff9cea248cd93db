#!/usr/bin/env python3
"""`make bench`: ChatCheckout, Hummingbird 2 and nginx on loopback in one run, plain and TLS,
then ChatCheckout's own flows; prints one table and the goal ratios, and with --write puts
them into docs/PERFORMANCE.md. Needs the release builds (`make bench` makes them), wrk,
nginx, openssl and python3-cryptography. Never part of `make test`.

Usage: Benchmarks/bench.py [--seconds 5] [--repeat 2] [--connections 64] [--write FILE] [--skip NAME...]
                          [--binary PATH]
"""
import argparse, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import nginx, procs, report, scenarios, seed  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "Benchmarks")
ADMIN = "bench-admin-token-0123456789abcdef"
PORTS = {"cc": 18180, "cc.tls": 18643, "hb": 18181, "hb.tls": 18644, "nginx": 18182, "nginx.tls": 18645}


def options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration of one run")
    parser.add_argument("--repeat", type=int, default=2, help="runs per HTTP row, interleaved; the best counts")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--notifications", type=int, default=30000, help="signed notifications to prepare")
    parser.add_argument("--idle", type=int, default=10000, help="idle keep-alive connections to hold")
    parser.add_argument("--flash", type=int, default=2000, help="connections of the flash sale (100 in stock)")
    parser.add_argument("--flash-queue-limit", type=int, default=4096,
                        help="CHECKOUT_WRITE_QUEUE_LIMIT of the second flash sale (a shop expecting one)")
    parser.add_argument("--skip", nargs="*", default=[], help="groups to leave out: http tls flows flash notifications idle")
    parser.add_argument("--write", help="markdown file whose `make bench` section is replaced")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/chatcheckout"),
                        help="the chatcheckout binary to measure")
    parser.add_argument("--peer", default=os.path.join(BENCH, ".build/release/HummingbirdPeer"),
                        help="the Hummingbird peer binary")
    return parser.parse_args()


def prepare(work):
    """Certificates, and a public folder with the product's pages plus our own 1 KiB fixture."""
    os.chmod(work, 0o755)  # nginx workers run as nobody
    subprocess.run([os.path.join(ROOT, "docker/make-cert.sh"), f"{work}/tls"], check=True, capture_output=True)
    for name in os.listdir(f"{work}/tls"):
        os.chmod(f"{work}/tls/{name}", 0o644)
    shutil.copytree(os.path.join(ROOT, "Public"), f"{work}/public")
    os.makedirs(f"{work}/public/assets", exist_ok=True)
    shutil.copy(os.path.join(BENCH, "Fixtures/bench-1k.txt"), f"{work}/public/assets/bench-1k.txt")


def chatcheckout(binary, work, name, database, log_level="info", extra_env=None):
    env = dict(extra_env or {}, **{"CHECKOUT_DB": database, "CHECKOUT_PUBLIC_DIR": f"{work}/public", "CHECKOUT_SANDBOX": "1",
           "CHECKOUT_HTTP_PORT": str(PORTS["cc"]), "CHECKOUT_HTTPS_PORT": str(PORTS["cc.tls"]),
           "CHECKOUT_TLS_CERT": f"{work}/tls/server.pem", "CHECKOUT_TLS_KEY": f"{work}/tls/server.key",
           "CHECKOUT_ADMIN_TOKEN": ADMIN, "CHECKOUT_LOG_LEVEL": log_level,
           "CHECKOUT_CLICK_RATE": "0"})  # share clicks: no per-address limit (wrk is one address)
    server = procs.Server(name, [binary, "serve"], f"{work}/{name}.log", env)
    return server.start(f"http://127.0.0.1:{PORTS['cc']}/healthz")


def peers(work, binary):
    hb = procs.Server("hummingbird", [binary, str(PORTS["hb"])], f"{work}/hb.log").start(
        f"http://127.0.0.1:{PORTS['hb']}/json")
    hb_tls = procs.Server("hummingbird-tls", [binary, str(PORTS["hb.tls"]), f"{work}/tls/server.pem",
                                              f"{work}/tls/server.key"], f"{work}/hb-tls.log")
    hb_tls.start(f"https://127.0.0.1:{PORTS['hb.tls']}/json")
    with open(f"{work}/nginx.conf", "w") as f:
        f.write(nginx.config(work, f"{work}/public", PORTS["nginx"], PORTS["nginx.tls"],
                             f"{work}/tls/server.pem", f"{work}/tls/server.key"))
    web = procs.Server("nginx", ["nginx", "-c", f"{work}/nginx.conf", "-g", "daemon off;"], f"{work}/nginx.log")
    web.start(f"http://127.0.0.1:{PORTS['nginx']}/healthz")
    return hb, hb_tls, web


def main():
    args = options()
    for tool in ("wrk", "nginx", "openssl"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (make bench installs it)")
    work = tempfile.mkdtemp(prefix="cc-bench.")
    started, rows, extra, servers = time.time(), [], {}, []
    settings = (f"wrk -t1 -c{args.connections}, keep-alive, best of {args.repeat}×{args.seconds} s interleaved; "
                "ChatCheckout release build with its access log to a file (durable SQLite: WAL, synchronous=FULL), "
                "nginx with its access log to a file, Hummingbird without request logging")
    if os.path.realpath(args.binary) != os.path.realpath(os.path.join(ROOT, ".build/release/chatcheckout")):
        settings += f"; ChatCheckout binary `{args.binary}`"
    head = report.header(settings)
    try:
        prepare(work)
        cc = chatcheckout(args.binary, work, "chatcheckout", f"{work}/cc/checkout.sqlite")
        servers.append(cc)
        shop = seed.bench_shop(f"http://127.0.0.1:{PORTS['cc']}", ADMIN)
        hb, hb_tls, web = peers(work, args.peer)
        servers += [hb, hb_tls, web]
        run = scenarios.Runner(args, work, PORTS, BENCH)
        if "http" not in args.skip or "tls" not in args.skip:
            rows += run.http_rows(scenarios.http_cases(shop, PORTS, cc, hb, hb_tls, web, args.skip))
        if "flows" not in args.skip:
            rows += run.flows(shop, cc)
        if "flash" not in args.skip:
            extra["flash"] = run.flash_sale(shop, args.flash)
        for server in (hb, hb_tls, web, cc):
            server.stop()
        if "flash" not in args.skip:  # again on a fresh server whose write queue takes the whole sale
            flash = chatcheckout(args.binary, work, "chatcheckout-flash", f"{work}/flash/checkout.sqlite",
                                 extra_env={"CHECKOUT_WRITE_QUEUE_LIMIT": str(args.flash_queue_limit)})
            servers.append(flash)
            flash_shop = seed.bench_shop(f"http://127.0.0.1:{PORTS['cc']}", ADMIN)
            extra["flash_raised"] = run.flash_sale(flash_shop, args.flash)
            extra["flash_raised"]["queue_limit"] = args.flash_queue_limit
            flash.stop()
        if "idle" not in args.skip:  # a fresh server: its RSS before is the baseline
            idle = chatcheckout(args.binary, work, "chatcheckout-idle", f"{work}/idle/checkout.sqlite")
            servers.append(idle)
            extra["idle"] = run.idle(idle, args.idle)
            idle.stop()
        if "notifications" not in args.skip:
            rows.append(run.notifications(lambda name, db: chatcheckout(args.binary, work, name, db, "warning")))
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    end_load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    section = "\n\n".join([f"{head}; at the end {end_load}; {time.time() - started:.0f} s in all.",
                           report.table(rows), "Goals of issue 15, as ratios from this run:", report.goals(rows, extra)])
    print(section)
    if args.write:
        report.write(args.write, section)
        print(f"\nwritten to {args.write}")


if __name__ == "__main__":
    main()

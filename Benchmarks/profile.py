#!/usr/bin/env python3
"""Instructions per request of one ChatCheckout route, counted by callgrind: repeatable on a
busy machine where wall-clock numbers are not. Starts the release binary under valgrind,
seeds the benchmark shop, warms the route up, counts exactly N requests over one keep-alive
connection (every thread of the server), and prints Ir per request and the top functions.

Usage: Benchmarks/profile.py ROUTE [--requests 2000] [--binary PATH] [--top 25] [--inclusive] [--tls] [--connections 1] [--threads]
  ROUTE: healthz | product | unknown | list | readyz | static | order | sold-out | flash | click | repeat-click | crawler
  (sold-out: orders of a product with no stock, each with its own key: 409 out_of_stock stored under it)
  (flash: the flash sale of `make bench` as one burst, --requests connections (Connection: close) ordering a
  product with 100 in stock at once: the gate's waiters, accept and close included)
  (click: GET /s/{code} as a new visitor each time, durably recorded; repeat-click: one visitor's
  folded repeats; crawler: answered, not recorded)
  --tls: the same requests over one TLS keep-alive connection (the handshake is not counted)
  --connections N: N keep-alive connections sending at once (orders then commit in batches, as under load)
  --threads: also split the count by thread role (SQLite writer, checkpointer, event loops, handler pool), each
  role with its own top functions (callgrind --separate-threads)
Also prints the instructions per request by object (the binary, libcrypto, libssl, libc, ...).
"""
import argparse, collections, http.client, json, os, re, shutil, ssl, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import flashclient, procs, seed  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# PROFILE_PORT moves both ports (PORT, PORT + 1): two engineers profiling at once must not share them.
PORT = int(os.environ.get("PROFILE_PORT", "18380"))
TLS_PORT, ADMIN = PORT + 1, "bench-admin-token-0123456789abcdef"


def requests_for(route, shop, product=None):
    """(method, path, headers, body) for request number i; `product` is the one ordered (sold-out)."""
    paths = {"healthz": "/healthz", "product": f"/v1/products/{shop.product_ids[0]}", "readyz": "/readyz",
             "unknown": "/v1/products/prd_unknown", "list": f"/v1/shops/{shop.shop_id}/products",
             "static": "/assets/bench-1k.txt"}
    if route in paths:
        return lambda i: ("GET", paths[route], {}, None)
    clicks = {"click": {"User-Agent": "Mozilla/5.0"},
              "repeat-click": {"User-Agent": "Mozilla/5.0", "Cookie": "cc_vid=vprofileVisitor000000001"},
              "crawler": {"User-Agent": "Googlebot/2.1"}}
    if route in clicks:
        return lambda i: ("GET", f"/s/{shop.share_code}?scene=1008", clicks[route], None)
    body = json.dumps({"items": [{"product_id": product or shop.product_ids[1], "quantity": 1}],
                       "shipping": {"name": "Bench", "phone": "13800000000", "address": "1 Bench Road"}})
    return lambda i: ("POST", f"/v1/shops/{shop.shop_id}/orders",
                      {"Authorization": "Bearer " + shop.token, "Content-Type": "application/json",
                       "Idempotency-Key": f"profile-{os.getpid()}-{i}"}, body)


def send(make, start, count, tls=None, allow_4xx=False):
    """`allow_4xx`: True for any 4xx, or the one 4xx status expected."""
    connection = (http.client.HTTPSConnection("127.0.0.1", TLS_PORT, timeout=60, context=tls) if tls
                  else http.client.HTTPConnection("127.0.0.1", PORT, timeout=60))
    for i in range(start, start + count):
        method, path, headers, body = make(i)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        expected = allow_4xx is True or response.status == allow_4xx
        if response.status >= 500 or (response.status >= 400 and not expected):
            sys.exit(f"profile: {method} {path} answered {response.status}")
    connection.close()


def send_concurrently(make, start, count, connections, tls=None, allow_4xx=False):
    """`count` requests over `connections` connections at once (each its own share of the numbers)."""
    share = count // connections
    threads = [threading.Thread(target=send, args=(make, start + i * share, share if i < connections - 1
                                                   else count - share * (connections - 1), tls, allow_4xx))
               for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def self_cost_by_object(path):
    """Instructions spent in each ELF object's own code, read from a callgrind output file (the
    cost line after `calls=` is a call's inclusive cost and is skipped)."""
    names, costs, current, skip = {}, collections.Counter(), "?", False
    for line in open(path, errors="replace"):
        if line.startswith(("ob=", "cob=")):  # "(id) name" defines a compressed name, "(id)" reuses it
            match = re.match(r"c?ob=(?:\((\d+)\))?\s*(.*)", line.strip())
            ident, name = match.group(1), os.path.basename(match.group(2))
            if name:
                names[ident] = name
            if line.startswith("ob="):
                current = names.get(ident, name or "?")
        elif line.startswith("calls="):
            skip = True
        elif line[:1].isdigit() or line[:1] in "+-*":
            if skip:
                skip = False
                continue
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                costs[current] += int(parts[1])
    return costs


# A thread's role, told by a function only that thread runs (callgrind names threads by number only).
THREAD_ROLES = [("writer", "WriterLoopC3run"), ("checkpointer", "WALCheckpointerC3run"),
                ("handler pool", "HandlerExecutorC4work"), ("event loops", "EventLoopC3run"), ("ticker", "BackgroundTicker")]


def thread_role(path):
    text = open(path, errors="replace").read()
    for role, marker in THREAD_ROLES:
        if marker in text:
            return role
    return "other"


def annotate_totals(path, inclusive=False):
    """(total Ir, Counter of function line -> Ir) of one callgrind output file (callgrind_annotate
    reads one file per call)."""
    annotate = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=99",
                               "--auto=no", path],
                              capture_output=True, text=True).stdout
    total = sum(int(line.split()[0].replace(",", "")) for line in annotate.splitlines() if "PROGRAM TOTALS" in line)
    functions = collections.Counter()
    for line in annotate.split("file:function", 1)[-1].splitlines()[1:]:
        match = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+(.*)", line)
        if match and not match.group(2).startswith("=>"):
            functions[match.group(2)] += int(match.group(1).replace(",", ""))
    return total, functions


def print_thread_split(work, files, requests, top, inclusive):
    """Instructions per request by thread role, and each role's top functions."""
    roles = collections.defaultdict(list)
    for name in files:
        roles[thread_role(f"{work}/{name}")].append(f"{work}/{name}")
    for role, paths in sorted(roles.items()):
        total, functions = 0, collections.Counter()
        for path in paths:
            count, by_function = annotate_totals(path, inclusive)
            total += count
            functions.update(by_function)
        print(f"\n== {role} ({len(paths)} thread(s)): {total / requests:,.0f} instructions per request")
        for name, count in functions.most_common(top):
            print(f"{count / requests:10,.0f}  {name[:180]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("route")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/chatcheckout"))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--inclusive", action="store_true", help="rank functions by inclusive cost")
    parser.add_argument("--tls", action="store_true", help="send the requests over TLS")
    parser.add_argument("--connections", type=int, default=1, help="connections sending at once")
    parser.add_argument("--threads", action="store_true", help="split the count by thread role")
    parser.add_argument("--save", help="copy the callgrind output here (for callgrind_annotate --tree=caller)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="cc-profile.")
    out = f"{work}/callgrind.out"
    os.makedirs(f"{work}/public/assets")
    shutil.copy(os.path.join(ROOT, "Benchmarks/Fixtures/bench-1k.txt"), f"{work}/public/assets/")
    env = {"CHECKOUT_DB": f"{work}/db.sqlite", "CHECKOUT_HTTP_PORT": str(PORT), "CHECKOUT_SANDBOX": "1",
           "CHECKOUT_ADMIN_TOKEN": ADMIN, "CHECKOUT_PUBLIC_DIR": f"{work}/public", "CHECKOUT_EVENT_LOOPS": "1",
           "CHECKOUT_CLICK_RATE": "0"}
    tls = None
    if args.tls:
        subprocess.run([os.path.join(ROOT, "docker/make-cert.sh"), f"{work}/tls"], check=True, capture_output=True)
        env.update({"CHECKOUT_HTTPS_PORT": str(TLS_PORT), "CHECKOUT_TLS_CERT": f"{work}/tls/server.pem",
                    "CHECKOUT_TLS_KEY": f"{work}/tls/server.key"})
        tls = ssl.create_default_context(cafile=f"{work}/tls/ca.pem")
    server = procs.Server("chatcheckout", ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                                           f"--callgrind-out-file={out}"]
                            + (["--separate-threads=yes"] if args.threads else []) + [args.binary, "serve"], f"{work}/server.log", env)
    try:
        server.start(f"http://127.0.0.1:{PORT}/healthz", timeout=180)
        shop = seed.bench_shop(f"http://127.0.0.1:{PORT}", ADMIN)
        product = None
        if args.route == "sold-out":
            product = seed.call(f"http://127.0.0.1:{PORT}", "POST", "/v1/products",
                                {"title": "Sold out tea", "price": 990, "stock": 0}, shop.key)["id"]
        if args.route == "flash":
            product = seed.call(f"http://127.0.0.1:{PORT}", "POST", "/v1/products",
                                {"title": "Flash sale tea", "price": 990, "stock": 100}, shop.key)["id"]
        make = requests_for(args.route, shop, product)
        allow_4xx = {"unknown": True, "sold-out": 409}.get(args.route, False)
        if args.route != "flash":
            send(make, 0, 200, tls, allow_4xx)
        subprocess.run(["callgrind_control", "-i", "on", str(server.pid)], check=True, capture_output=True)
        if args.route == "flash":
            sale = subprocess.run(flashclient.command() + ["127.0.0.1", str(PORT),
                                   shop.shop_id, product, shop.token, str(args.requests), str(os.getpid())],
                                  capture_output=True, text=True, timeout=600).stdout
            print(sale.strip())
        else:
            send_concurrently(make, 1000, args.requests, args.connections, tls, allow_4xx)
        subprocess.run(["callgrind_control", "-i", "off", str(server.pid)], check=True, capture_output=True)
        server.stop()
        time.sleep(0.5)
        files = [f for f in os.listdir(work) if f.startswith("callgrind.out")]
        if args.save:
            for name in files:
                shutil.copy(f"{work}/{name}", args.save + name[len("callgrind.out"):])
        total, functions = 0, collections.Counter()
        for name in files:  # one file per thread with --threads
            count, by_function = annotate_totals(f"{work}/{name}", args.inclusive)
            total += count
            functions.update(by_function)
        print(f"{args.route}{' over TLS' if args.tls else ''}: {total / args.requests:,.0f} instructions per request "
              f"({args.requests} requests on {args.connections} connection(s), {total:,} Ir)")
        by_object = collections.Counter()
        for name in files:
            by_object.update(self_cost_by_object(f"{work}/{name}"))
        print("by object: " + ", ".join(f"{name} {cost / args.requests:,.0f}" for name, cost in by_object.most_common(6)))
        for name, count in functions.most_common(args.top):
            print(f"{count / args.requests:10,.0f}  {name[:180]}")
        if args.threads:
            print_thread_split(work, files, args.requests, args.top, args.inclusive)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

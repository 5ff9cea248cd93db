"""What is measured: the HTTP rows of every server (interleaved, best of N) and ChatCheckout's
own flows (durable orders, the checkout path, notifications, idle connections, a flash sale)."""
import dataclasses, os, re, subprocess

from . import flashclient, procs, report, seed, wrk


@dataclasses.dataclass
class Case:
    key: str
    server: object       # procs.Server whose process tree is sampled
    label: str
    target: str
    url: str
    expect_404: bool = False
    note: str = ""


def http_cases(shop, ports, cc, hb, hb_tls, web, skip):
    """Plain and TLS rows; the same or comparable bytes on every server."""
    c, h, n = (f"http://127.0.0.1:{ports[name]}" for name in ("cc", "hb", "nginx"))
    ct, ht, nt = (f"https://127.0.0.1:{ports[name]}" for name in ("cc.tls", "hb.tls", "nginx.tls"))
    cases = []
    if "http" not in skip:
        cases += [
            Case("nginx.healthz", web, "nginx", "GET /healthz (`return 200`, same bytes)", n + "/healthz"),
            Case("cc.healthz", cc, "ChatCheckout", "GET /healthz (answered on the loop)", c + "/healthz"),
            Case("hb.text", hb, "Hummingbird", "GET /text (fixed text)", h + "/text"),
            Case("hb.json", hb, "Hummingbird", "GET /json (fixed JSON, Codable, router)", h + "/json"),
            Case("cc.product", cc, "ChatCheckout", "GET /v1/products/{id} (router, one read, product JSON)",
                 c + "/v1/products/" + shop.product_ids[0]),
            Case("cc.unknown", cc, "ChatCheckout", "GET /v1/products/{unknown} (one read, error JSON)",
                 c + "/v1/products/prd_unknown", expect_404=True, note="404 expected"),
            Case("cc.readyz", cc, "ChatCheckout", "GET /readyz (one read)", c + "/readyz"),
            Case("hb.list", hb, "Hummingbird", "GET /products (10 fixed products, Codable)", h + "/products"),
            Case("cc.list", cc, "ChatCheckout", "GET /v1/shops/{id}/products (10 from the database)",
                 c + f"/v1/shops/{shop.shop_id}/products"),
            Case("nginx.static", web, "nginx", "GET 1 KiB static file", n + "/assets/bench-1k.txt"),
            Case("cc.static", cc, "ChatCheckout", "GET 1 KiB static file", c + "/assets/bench-1k.txt"),
        ]
    if "tls" not in skip:
        cases += [
            Case("nginx.tls.healthz", web, "nginx", "TLS GET /healthz", nt + "/healthz"),
            Case("cc.tls.healthz", cc, "ChatCheckout", "TLS GET /healthz", ct + "/healthz"),
            Case("hb.tls.json", hb_tls, "Hummingbird", "TLS GET /json", ht + "/json"),
            Case("cc.tls.list", cc, "ChatCheckout", "TLS GET /v1/shops/{id}/products", ct + f"/v1/shops/{shop.shop_id}/products"),
            Case("hb.tls.list", hb_tls, "Hummingbird", "TLS GET /products", ht + "/products"),
        ]
    return cases


class Runner:
    def __init__(self, args, work, ports, bench_dir):
        self.args, self.work, self.ports, self.bench = args, work, ports, bench_dir

    def _measure(self, server, url, **wrk_args):
        with procs.Sampler(server.pid) as sampler:
            result = wrk.run(url, self.args.seconds, self.args.connections, **wrk_args)
        return result, sampler

    def _row(self, key, label, target, result, sampler, errors, note=""):
        return report.Row(key, label, target, result.rps, result.p50_ms, result.p99_ms, errors,
                          sampler.peak_kib / 1024, sampler.cpu_percent, note, result.client_cpu_percent)

    def http_rows(self, cases):
        """Every case once per round, `repeat` rounds, so that load drifts hit all servers alike."""
        best = {}
        for _ in range(self.args.repeat):
            for case in cases:
                result, sampler = self._measure(case.server, case.url)
                if case.key not in best or result.rps > best[case.key][0].rps:
                    best[case.key] = (result, sampler)
        rows = []
        for case in cases:
            result, sampler = best[case.key]
            unexpected = result.requests - result.non_2xx if case.expect_404 else result.non_2xx
            rows.append(self._row(case.key, case.label, case.target, result, sampler,
                                  result.socket_errors + unexpected, case.note))
        return rows

    def flows(self, shop, cc):
        base = f"http://127.0.0.1:{self.ports['cc']}"
        script = lambda name: os.path.join(self.bench, "Scripts", name)
        result, sampler = self._measure(cc, f"{base}/v1/shops/{shop.shop_id}/orders", script=script("orders.lua"),
                                        script_args=(shop.shop_id, shop.product_ids[1], shop.token, f"o{os.getpid()}"))
        rows = [self._row("cc.orders", "ChatCheckout", "POST /v1/shops/{id}/orders (durable, fresh key each)",
                          result, sampler, result.socket_errors + result.non_2xx)]
        result, sampler = self._measure(cc, base, script=script("checkout-flow.lua"),
                                        script_args=(shop.shop_id, shop.product_ids[2], f"f{os.getpid()}",
                                                     str(self.args.connections)))
        flow = result.lines.get("FLOW", {})
        rows.append(self._row("cc.flow", "ChatCheckout", "checkout flow requests: login → cart → order → payment → sandbox pay",
                              result, sampler, result.socket_errors + int(flow.get("failures", 0)),
                              f"{int(flow.get('flows', 0)) / self.args.seconds:,.0f} paid flows/s"))
        if shop.share_code:  # each click recorded durably before its 302; no cookie: a new visitor each
            result, sampler = self._measure(cc, f"{base}/s/{shop.share_code}?scene=1008", headers=("User-Agent: Mozilla/5.0",))
            rows.append(self._row("cc.share", "ChatCheckout", "GET /s/{code}?scene=1008 (share click, durable, 302)",
                                  result, sampler, result.socket_errors + result.non_2xx))
        return rows

    def idle(self, cc, count):
        out = subprocess.run(["python3", os.path.join(self.bench, "Scripts/idle-connections.py"), "127.0.0.1",
                              str(self.ports["cc"]), str(count), str(cc.pid)],
                             capture_output=True, text=True, check=True, timeout=300).stdout
        fields = re.search(r"^IDLE (.*)$", out, re.M).group(1).split()
        return {name: int(value) for name, value in (field.split("=") for field in fields)}

    def flash_sale(self, shop, count, stock=100):
        """`count` connections order one unit of a product with `stock` units at one instant;
        the stock left afterwards is read back (it must be 0, never below)."""
        base = f"http://127.0.0.1:{self.ports['cc']}"
        product = seed.call(base, "POST", "/v1/products", {"title": "Flash sale tea", "price": 990, "stock": stock},
                            shop.key)["id"]
        out = subprocess.run(flashclient.command() + ["127.0.0.1", str(self.ports["cc"]), shop.shop_id, product,
                                                      shop.token, str(count), str(os.getpid())],
                             capture_output=True, text=True, check=True, timeout=300).stdout
        fields = re.search(r"^FLASH (.*)$", out, re.M).group(1).split()
        result = {name: float(value) for name, value in (field.split("=") for field in fields)}
        result["stock"] = stock
        result["stock_left"] = seed.call(base, "GET", f"/v1/products/{product}")["stock"]
        return result

    def notifications(self, start):
        """A fresh database: migrate (start, stop), seed orders and signed notifications, serve them."""
        folder = os.path.join(self.work, "notify")
        os.makedirs(folder)
        database = os.path.join(folder, "checkout.sqlite")
        start("notify-migrate", database).stop()
        lines = os.path.join(self.work, "notifications.txt")
        subprocess.run(["python3", os.path.join(self.bench, "Scripts/make-notifications.py"), database,
                        str(self.args.notifications), lines], check=True, timeout=600)
        server = start("notify", database)
        try:
            result, sampler = self._measure(server, f"http://127.0.0.1:{self.ports['cc']}",
                                            script=os.path.join(self.bench, "Scripts/notifications.lua"),
                                            env={"NOTIFICATIONS": lines, "WRK_THREADS": "1"})
        finally:
            server.stop()
        return self._row("cc.notifications", "ChatCheckout", "POST /v1/payment-callbacks/wechatpay (verified, durable)",
                         result, sampler, result.socket_errors + result.non_2xx,
                         f"{self.args.notifications:,} distinct, log level warning")

"""The benchmark table, the goal ratios computed from it, and docs/PERFORMANCE.md's section."""
import dataclasses, os, platform, re, subprocess, time

BEGIN, END = "<!-- make bench: begin -->", "<!-- make bench: end -->"


@dataclasses.dataclass
class Row:
    key: str          # how goals refer to the row, e.g. "cc.healthz"
    server: str
    target: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int       # socket errors + unexpected statuses
    rss_mib: float    # peak over the best run, whole process tree
    cpu_percent: float  # of one core, over the best run
    note: str = ""
    client_cpu_percent: float = 0.0  # wrk's, of one core, over the same run


def _number(value, digits=0):
    return f"{value:,.{digits}f}"


def table(rows):
    lines = ["| server | target | req/s | p50 ms | p99 ms | errors | peak RSS MiB | CPU % | wrk CPU % |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        target = row.target + (f" ({row.note})" if row.note else "")
        lines.append(f"| {row.server} | {target} | {_number(row.rps)} | {row.p50_ms:.2f} | {row.p99_ms:.2f} | "
                     f"{row.errors} | {row.rss_mib:.1f} | {row.cpu_percent:.0f} | {row.client_cpu_percent:.0f} |")
    return "\n".join(lines)


def _ratio(rows, top, bottom):
    if top in rows and bottom in rows and rows[bottom].rps > 0:
        return rows[top].rps / rows[bottom].rps
    return None


def goals(rows, extra):
    """The issue's goal table from this run's rows; `extra` holds non-wrk results (idle RSS)."""
    by_key = {row.key: row for row in rows}
    lines = ["| measure | this run | goal | met |", "|---|---:|---:|---|"]

    def ratio_line(label, top, bottom, goal):
        value = _ratio(by_key, top, bottom)
        shown = "not measured" if value is None else f"{value:.2f}× ({_number(by_key[top].rps)} / {_number(by_key[bottom].rps)})"
        lines.append(f"| {label} | {shown} | ≥ {goal}× | {'—' if value is None else ('yes' if value >= goal else 'no')} |")

    def cost_line(label, cheap, dear):
        """How much of a core each request of `dear` costs against `cheap`: the server's share
        of the TLS ratio when the client, not the server, is what saturates."""
        a, b = by_key.get(cheap), by_key.get(dear)
        if not a or not b or not a.rps or not b.rps or not b.cpu_percent:
            return
        us = lambda row: 10_000 * row.cpu_percent / row.rps  # µs of CPU per request
        lines.append(f"| {label} | {us(a) / us(b):.2f}× ({us(a):.1f} / {us(b):.1f} µs; wrk at "
                     f"{a.client_cpu_percent:.0f} % / {b.client_cpu_percent:.0f} % of a core) | for scale | — |")

    def rate_line(label, key, goal, p99_goal=None):
        row = by_key.get(key)
        if row is None:
            lines.append(f"| {label} | not measured | ≥ {_number(goal)}/s | — |")
            return
        met = row.rps >= goal and (p99_goal is None or row.p99_ms <= p99_goal)
        p99 = f", p99 ≤ {p99_goal} ms" if p99_goal else ""
        lines.append(f"| {label} | {_number(row.rps)}/s, p99 {row.p99_ms:.1f} ms | ≥ {_number(goal)}/s{p99} | {'yes' if met else 'no'} |")

    ratio_line("`GET /healthz` vs nginx, same bytes", "cc.healthz", "nginx.healthz", 0.9)
    ratio_line("`GET /v1/products/{id}` vs Hummingbird fixed JSON", "cc.product", "hb.json", 1.5)
    ratio_line("product list (10, from the database) vs Hummingbird fixed JSON", "cc.list", "hb.json", 1.0)
    ratio_line("product list vs Hummingbird's 10-product list (Codable)", "cc.list", "hb.list", 1.0)
    rate_line("durable orders, 64 connections", "cc.orders", 5000, 50)
    ratio_line("TLS keep-alive `GET /healthz` vs own plaintext", "cc.tls.healthz", "cc.healthz", 0.75)
    ratio_line("(nginx TLS keep-alive vs its plaintext, for scale)", "nginx.tls.healthz", "nginx.healthz", 0.75)
    cost_line("(server CPU per request, own plaintext vs TLS `GET /healthz`)", "cc.healthz", "cc.tls.healthz")
    rate_line("share clicks, durable", "cc.share", 30000)
    rate_line("verified payment notifications", "cc.notifications", 4000)
    for key, setting in (("flash", "default write queue limit"), ("flash_raised", "write queue limit {queue_limit:,}")):
        flash = extra.get(key)
        if not flash:
            continue
        met = (flash["created"] == flash["stock"] and flash["out_of_stock"] == flash["sent"] - flash["stock"]
               and flash["server_errors"] == 0 and flash["unanswered"] == 0 and flash["stock_left"] == 0
               and flash["p99_ms"] <= 200)
        lines.append(f"| flash sale ({setting.format(**flash)}): {flash['sent']:,.0f} connections order one product "
                     f"at once, {flash['stock']} in stock | "
                     f"{flash['created']:,.0f} orders, {flash['out_of_stock']:,.0f} `out_of_stock`, "
                     f"{flash['other_4xx']:,.0f} other 4xx, {flash['server_errors']:,.0f} 5xx, "
                     f"{flash['unanswered']:,.0f} unanswered, stock left {flash['stock_left']}; "
                     f"p50 {flash['p50_ms']:.0f} ms, p99 {flash['p99_ms']:.0f} ms | exactly {flash['stock']}, the rest "
                     f"`out_of_stock`, no 5xx, p99 ≤ 200 ms | {'yes' if met else 'no'} |")
    idle = extra.get("idle")
    if idle:
        lines.append(f"| {idle['count']:,} idle keep-alive connections on a fresh server (RSS with all open) | "
                     f"{idle['after_kib'] / 1024:.1f} MiB (from {idle['before_kib'] / 1024:.1f}, {idle['answered']:,} "
                     f"answered) | ≤ 64 MiB | "
                     f"{'yes' if idle['after_kib'] <= 64 * 1024 else 'no'} |")
    return "\n".join(lines)


def header(settings):
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit `{commit}{'+dirty' if dirty else ''}`, "
            f"{platform.node()}: {os.cpu_count()} × {cpu}, Linux {platform.release()}; {settings}; "
            f"load average at start {load}")


def write(path, section):
    """Replaces the section between the markers in `path` (or appends it with them)."""
    text = open(path).read() if os.path.exists(path) else ""
    block = f"{BEGIN}\n{section}\n{END}"
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## Latest `make bench`\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)

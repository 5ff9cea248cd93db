"""Runs wrk and reads its summary: requests/s, latency percentiles, errors, script lines."""
import dataclasses, os, re, resource, subprocess

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclasses.dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    socket_errors: int
    non_2xx: int
    lines: dict  # "FLOW" -> {"flows": "123", ...}: key=value lines a Lua done() printed
    client_cpu_percent: float = 0.0  # wrk's own CPU (user + system) over its run, percent of one core


def _duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse(output):
    """Reads wrk's text summary (with --latency)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    p50 = _duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    socket_errors = sum(int(n) for n in socket.groups()) if socket else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    lines = {}
    for match in re.finditer(r"^([A-Z]+) ((?:\w+=\S+ ?)+)$", output, re.M):
        lines[match.group(1)] = dict(pair.split("=", 1) for pair in match.group(2).split())
    return WrkResult(rps, p50, p99, requests, socket_errors, int(non_2xx.group(1)) if non_2xx else 0, lines)


def run(url, seconds, connections=64, threads=1, script=None, script_args=(), headers=(), env=None):
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        argv += ["-H", header]
    if script:
        argv += ["-s", script]
    argv.append(url)
    if script_args:
        argv += ["--", *script_args]
    before = _children_cpu_seconds()
    done = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, **(env or {})), timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    result = parse(done.stdout)
    result.client_cpu_percent = 100.0 * (_children_cpu_seconds() - before) / seconds
    return result


def _children_cpu_seconds():
    """User + system CPU of every child waited for so far (wrk is the only one while it runs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
